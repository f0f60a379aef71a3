"""The reader runs with the network unreachable: the models are inside the wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from .conftest import Shot

# Run in a fresh process with no network (a new network namespace when we may create one, else
# a socket guard), and fail if rapidocr tries to download anything.
SCRIPT = r"""
import json, socket, sys, time
if sys.argv[2] == "guard":
    def refuse(*a, **k):
        raise OSError("network blocked by the test")
    socket.socket.connect = refuse
    socket.create_connection = refuse
import rapidocr.utils.download_file as dl
def no_download(*a, **k):
    raise AssertionError("rapidocr tried to download a model")
dl.DownloadFile.run = no_download
from casework.evidence import ocr
start = time.perf_counter()
r = ocr.read_image(sys.argv[1])
print(json.dumps({"lines": len(r.lines), "text": r.text, "seconds": time.perf_counter() - start}))
"""


def _no_network_prefix() -> tuple[list[str], str]:
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"], "namespace"
    return [], "guard"


def test_models_ship_inside_the_wheel() -> None:
    files = {str(f) for f in metadata.files("rapidocr") or []}
    for name in ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"):
        assert f"rapidocr/models/{name}" in files
    assert metadata.version("rapidocr") == "3.10.0"


def test_reader_works_with_the_network_unreachable(shots: dict[str, Shot], tmp_path: Path) -> None:
    image = tmp_path / "order.png"
    image.write_bytes(shots["order"].image)
    prefix, mode = _no_network_prefix()
    env = dict(os.environ, HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9")
    done = subprocess.run(
        [*prefix, sys.executable, "-c", SCRIPT, str(image), mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["text"] == shots["order"].reading.text
    if mode == "guard":
        pytest.skip("no network namespace here: checked with a socket guard instead")
