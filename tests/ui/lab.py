"""A throwaway JupyterLab for the browser test: 127.0.0.1, a free port, no token, its own
runtime and settings folders, the repository's lab settings (jupyter/), stopped by its pid."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import REPO

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> str | None:
    """Debian's Chromium (the tests never download a browser)."""
    for path in CHROMIUM_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def jupyter_lab(root: Path, scratch: Path, env: dict[str, str]) -> Iterator[str]:
    """Run JupyterLab on ``root``; yield its base URL; stop it (and its kernels) at the end."""
    port = free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    full_env = (
        os.environ
        | env
        | {
            "JUPYTER_CONFIG_PATH": str(REPO / "jupyter"),
            "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(scratch / "user-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
            "MPLCONFIGDIR": str(scratch / "mpl"),
        }
    )
    log = (scratch / "jupyterlab.log").open("wb")
    proc = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--allow-root",
            f"--ServerApp.root_dir={root}",
        ],
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError("JupyterLab exited: " + (scratch / "jupyterlab.log").read_text())
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start in 90 s") from None
                time.sleep(0.3)
        yield url
    finally:
        # SIGTERM: the server shuts its kernels down itself; wait, then make sure.
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        for _ in range(50):
            if not port_open(port):
                break
            time.sleep(0.1)
