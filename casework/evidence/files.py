"""The content-addressed evidence folder (证据文件库): ``<home>/evidence/ab/cd/<sha256>``.

A file is read once, in chunks: hashed and copied to a temporary file in the evidence folder at
the same time, so a 2 GB video never sits in memory and is never half-stored — the temporary file
is renamed into place (``os.replace``, atomic on one file system) only when it is complete, and
removed on any failure. Stored files are read-only (0o444); the same content is kept once.
"""

from __future__ import annotations

import fcntl
import hashlib
import mimetypes
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..config import env_number
from ..errors import ConfigError
from .types import EvidenceError

CHUNK = 1024 * 1024
DEFAULT_MAX_MB = 200
READ_ONLY = 0o444
#: An ``.incoming-*`` temporary older than this was left by an interrupted add (a kill, a crash).
STALE_SECONDS = 3600


def evidence_root(home: Path) -> Path:
    return home / "evidence"


def stored_name(sha256: str) -> str:
    """The path of a file below the evidence folder, from its hash (two levels of fan-out)."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def max_bytes(limit: int | None = None) -> int:
    """The size limit: the argument, else ``CASEWORK_MAX_EVIDENCE_MB``, else 200 MB."""
    if limit is not None:
        return limit
    # Checked in config: nan, inf and 1e400 all parse as floats but are no size.
    try:
        mb = env_number("CASEWORK_MAX_EVIDENCE_MB", DEFAULT_MAX_MB, low=0, high=1024 * 1024)
    except ConfigError as exc:
        raise EvidenceError(exc.zh, exc.en, where=exc.where) from None
    return int(mb * 1024 * 1024)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
]


def guess_mime(name: str, head: bytes) -> str:
    """The MIME type from the first bytes (what the file is) or else from the name."""
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATETIME_ORIGINAL, _DATETIME, _MAKE, _MODEL = 36867, 306, 271, 272


def photo_metadata(path: Path, head: bytes) -> dict[str, Any]:
    """What a photo's EXIF says about its capture: time, camera, whether it carries a GPS fix.

    Recorded next to the hash (证据规定 Art. 93 asks how and when data was formed); ``has_gps``
    tells the redaction that the file itself reveals a location. Not an image, or unreadable
    metadata: an empty dict — the file is still evidence.
    """
    from PIL import Image

    # Only JPEG and TIFF (camera formats): other images may need a full decode to reach their
    # metadata, and a huge PNG must not be decompressed just to look for a date.
    if not head.startswith((b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return {}
    try:
        with Image.open(path) as img:
            exif = img.getexif()
            taken = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
            out = {
                "datetime_original": str(taken).strip() if taken else "",
                "make": str(exif.get(_MAKE, "")).strip("\x00 "),
                "model": str(exif.get(_MODEL, "")).strip("\x00 "),
                "has_gps": bool(exif.get_ifd(_GPS_IFD)),
                "width": img.width,
                "height": img.height,
            }
    except Exception:
        return {}
    return {k: v for k, v in out.items() if v not in ("", None)} | {"has_gps": out["has_gps"]}


@dataclass
class Staged:
    """A file copied into the evidence folder under a temporary name, with its hash."""

    tmp: Path
    sha256: str
    size: int
    head: bytes


def _too_large(where: str, limit: int) -> EvidenceError:
    mb = limit / 1024 / 1024
    return EvidenceError(
        f"文件超过大小上限 {mb:.4g} MB（可用 CASEWORK_MAX_EVIDENCE_MB 调整），未保存",
        f"file is larger than the {mb:.4g} MB limit (set CASEWORK_MAX_EVIDENCE_MB); nothing stored",
        where=where,
    )


def _copy(src: BinaryIO, dst: BinaryIO, where: str, limit: int) -> tuple[str, int, bytes]:
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in iter(lambda: src.read(CHUNK), b""):
        if not head:
            head = chunk[:16]
        size += len(chunk)
        if size > limit:  # a pipe or a growing file has no size up front
            raise _too_large(where, limit)
        digest.update(chunk)
        dst.write(chunk)
    return digest.hexdigest(), size, head


def _changed(where: str) -> EvidenceError:
    return EvidenceError(
        "文件在读取期间被改动（大小、修改时间或内容不一致），未保存；请在文件不再变化后重新添加",
        "the file changed while it was being read (size, time or content differ); nothing "
        "stored — add it again once it no longer changes",
        where=where,
    )


def _signature(st: os.stat_result) -> tuple[int, int, int, int, int]:
    # ctime moves on every write and cannot be set back by a program (unlike mtime).
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def clean_incoming(root: Path, max_age: float = STALE_SECONDS) -> list[Path]:
    """Remove ``.incoming-*`` temporaries an interrupted add left behind: only those older than
    ``max_age`` seconds and not locked — a writer holds an exclusive lock on the one it is
    writing, so a slow 200 MB copy is never taken from under it. Returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    for tmp in root.glob(".incoming-*"):
        try:
            if now - tmp.stat().st_mtime < max_age:
                continue
            fd = os.open(tmp, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # being written right now
        else:
            with suppress(OSError):  # gone already, or a read-only home: leave it
                tmp.unlink()
                removed.append(tmp)
        finally:
            os.close(fd)
    return removed


_cleaned: set[Path] = set()


def clean_once(root: Path) -> None:
    """:func:`clean_incoming` the first time this process uses an evidence folder."""
    if root not in _cleaned:
        _cleaned.add(root)
        if root.is_dir():
            clean_incoming(root)


@contextmanager
def staged(home: Path, source: Path | bytes, where: str, limit: int) -> Iterator[Staged]:
    """Copy ``source`` into a temporary file in the evidence folder while hashing it.

    A file that changes while it is read (its size, times or identity differ before and after,
    or the copy does not hash to what was streamed) is refused: what is stored must be one
    version of the file, not a mix. The temporary file is locked while it is written and removed
    when the block ends, whether it was placed or not.
    """
    root = evidence_root(home)
    root.mkdir(parents=True, exist_ok=True)
    clean_once(root)
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=root)
    tmp = Path(tmp_name)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(fd, "w+b") as dst:
            if isinstance(source, bytes):
                if len(source) > limit:
                    raise _too_large(where, limit)
                dst.write(source)
                result = Staged(tmp, hashlib.sha256(source).hexdigest(), len(source), source[:16])
            else:
                try:
                    src = open(source, "rb")
                except OSError as exc:
                    raise EvidenceError(
                        f"文件无法读取（{exc.strerror}），未保存",
                        f"the file cannot be read ({exc.strerror}); nothing stored",
                        where=where,
                    ) from exc
                with src:
                    before = _signature(os.fstat(src.fileno()))
                    result = Staged(tmp, *_copy(src, dst, where, limit))
                    after = _signature(os.fstat(src.fileno()))
                    try:
                        now = _signature(os.stat(source))
                    except OSError:
                        raise _changed(where) from None
                if before != after or after != now or result.size != before[2]:
                    raise _changed(where)
            dst.flush()
            os.fsync(dst.fileno())
            dst.seek(0)
            if _digest(dst) != result.sha256:  # the copy on disk is not what was streamed
                raise _changed(where)
        if result.size == 0:
            raise EvidenceError(
                "文件为空（0 字节），未保存",
                "the file is empty (0 bytes); nothing stored",
                where=where,
            )
        yield result
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()


def _digest(fh: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def place(home: Path, staged_file: Staged) -> Path:
    """Move a staged file to its content address, read-only. The same content already there is
    kept as it is (the temporary copy is dropped): each content is stored once. A stored copy
    that no longer matches its address (tampered with, or damaged on disk) is replaced by the
    good bytes — otherwise re-adding the original could never mend it, and another case adding
    the same file would silently take on the bad copy."""
    target = evidence_root(home) / stored_name(staged_file.sha256)
    if target.exists() and sha256_file(target) == staged_file.sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(staged_file.tmp, READ_ONLY)
    os.replace(staged_file.tmp, target)
    return target


def check_source(path: Path, limit: int) -> None:
    """Refuse before reading: a missing, unreadable, non-regular, empty or too large file."""
    where = str(path)
    if not path.exists():
        raise EvidenceError("文件不存在，未保存", "no such file; nothing stored", where=where)
    if not path.is_file():
        raise EvidenceError(
            "不是普通文件（可能是文件夹），未保存",
            "not a regular file; nothing stored",
            where=where,
        )
    if not os.access(path, os.R_OK):
        raise EvidenceError(
            "文件无法读取（权限不足），未保存",
            "the file cannot be read (permission denied); nothing stored",
            where=where,
        )
    size = path.stat().st_size
    if size == 0:
        raise EvidenceError(
            "文件为空（0 字节），未保存", "the file is empty (0 bytes); nothing stored", where=where
        )
    if size > limit:
        raise _too_large(where, limit)
