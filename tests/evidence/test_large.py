"""Large files are hashed while streaming, and a failed copy leaves nothing behind."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from casework.errors import InvalidInput
from casework.evidence import EvidenceError, add_evidence, list_evidence, verify
from casework.evidence.files import CHUNK, staged
from casework.store import Store

MB = 1024 * 1024


def write_big(path: Path, mb: int) -> str:
    """A file of ``mb`` MiB that is not one repeated block, and its SHA-256."""
    digest = hashlib.sha256()
    with open(path, "wb") as fh:
        for i in range(mb):
            block = i.to_bytes(4, "big") * (MB // 4)
            digest.update(block)
            fh.write(block)
    return digest.hexdigest()


@pytest.mark.slow
def test_50_mb_video_is_streamed(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    case_id = store.create_case(title="开箱视频", category="quality").id
    src = tmp_path / "unboxing.mp4"
    expected = write_big(src, 50)
    tracemalloc.start()
    try:
        item = add_evidence(store, case_id, src, type="unboxing_video")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert item.sha256 == expected and item.size == 50 * MB
    # Read in chunks: Python never holds more than a few chunks of the file at once.
    assert peak < 8 * CHUNK
    assert item.path(store).stat().st_size == 50 * MB
    assert verify(store, case_id).ok


def test_limit_hit_while_streaming_leaves_no_temporary_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    src = tmp_path / "grows.bin"
    src.write_bytes(os.urandom(3 * CHUNK))
    with pytest.raises(EvidenceError) as err, staged(home, src, str(src), limit=2 * CHUNK):
        pytest.fail("the block must not run")
    assert "大小上限" in err.value.zh
    assert list((home / "evidence").iterdir()) == []


def test_failure_inside_the_block_removes_the_temporary_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    src = tmp_path / "a.bin"
    src.write_bytes(b"abc" * 1000)
    with pytest.raises(RuntimeError), staged(home, src, str(src), limit=MB) as s:
        assert s.tmp.exists() and s.size == 3000
        raise RuntimeError("database went away")
    assert list((home / "evidence").iterdir()) == []


def test_bad_capture_time_stores_nothing(store: Store) -> None:
    case_id = store.create_case(title="甲", category="quality").id
    with pytest.raises(InvalidInput) as err:
        add_evidence(store, case_id, b"x" * 100, type="other", name="a.txt", captured_at="上周三")
    assert err.value.field == "captured_at"
    assert list_evidence(store, case_id) == []
    assert not (store.home / "evidence").exists() or not any(
        p.is_file() for p in (store.home / "evidence").rglob("*")
    )
