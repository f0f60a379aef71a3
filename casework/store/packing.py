"""The verified ZIP that archives and backups share (打包): table rows as JSON lines, evidence
content by hash, and a manifest with every file's SHA-256 and size and each case's custody head.

Writing streams: each table and each evidence file goes into the zip a chunk at a time, so a
register with 200 MB videos is packed without holding one in memory. Reading refuses, before
anything is written anywhere, an archive that is not a zip, is truncated, holds a name outside
the expected layout (``..``, absolute, backslashes: zip slip), the same name twice, a file the
manifest does not list (or lists and lacks), more bytes than the budget or an implausible
compression ratio (a zip bomb), or a file whose SHA-256 is not the manifest's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..atomic import replacing
from ..errors import InvalidInput
from ..evidence.files import sha256_file as sha256_path

CHUNK = 1024 * 1024
MANIFEST = "manifest.json"
#: The most one archive may unpack to, and the highest compression ratio of a big member.
MAX_TOTAL = 64 * 1024**3
MAX_RATIO = 200
_NAME = re.compile(r"(data/[a-z_][a-z0-9_]{0,62}\.jsonl|evidence/[0-9a-f]{64})")


def refuse(zh: str, en: str, where: str) -> InvalidInput:
    return InvalidInput(
        f"归档被拒绝，未写入任何内容：{zh}", f"archive refused, nothing written: {en}", where=where
    )


class _Hashing:
    """A writable that hashes and counts what passes through it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.digest, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.out.write(data)


@dataclass
class Writer:
    """Adds members to an open zip and remembers each one's hash for the manifest."""

    zf: zipfile.ZipFile
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rows(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        name = f"data/{table}.jsonl"
        n = 0
        with self.zf.open(name, "w", force_zip64=True) as raw:
            out = _Hashing(raw)  # type: ignore[arg-type]
            for row in rows:
                line = json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=str)
                out.write(line.encode("utf-8") + b"\n")
                n += 1
        self.files[name] = {"sha256": out.digest.hexdigest(), "size": out.size, "rows": n}
        return n

    def content(self, sha256: str, chunks: Iterable[bytes]) -> None:
        name = f"evidence/{sha256}"
        with self.zf.open(name, "w", force_zip64=True) as raw:
            out = _Hashing(raw)  # type: ignore[arg-type]
            for chunk in chunks:
                out.write(chunk)
        self.files[name] = {"sha256": out.digest.hexdigest(), "size": out.size}


@contextmanager
def writing(target: Path) -> Iterator[Writer]:
    """A zip written to a temporary file beside ``target`` and renamed into place when the block
    ends well; the caller adds ``manifest`` as ``writer.manifest`` before the block ends."""
    with (
        replacing(target, ".zip") as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        writer = Writer(zf)
        yield writer
        manifest = getattr(writer, "manifest", {}) | {"files": writer.files}
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))


@dataclass
class Unpacked:
    """A verified archive: its manifest, its tables' rows, and its evidence staged on disk."""

    manifest: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    content: dict[str, Path]
    sha256: str


@contextmanager
def unpacked(path: str | os.PathLike[str], staging: Path, kind: str) -> Iterator[Unpacked]:
    """Open and verify an archive completely; evidence is staged under ``staging`` (removed when
    the block ends, so files the caller did not move into place leave nothing behind)."""
    where = str(path)
    src = Path(path)
    if not src.is_file():
        raise refuse("文件不存在", "no such file", where)
    archive_sha = sha256_path(src)
    try:
        zf = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(
            "不是完整的 zip 文件（可能被截短）", f"not a whole zip file (truncated?): {exc}", where
        ) from None
    staging.mkdir(parents=True, exist_ok=True)
    tmpdir = Path(tempfile.mkdtemp(prefix=".unpack-", dir=staging))
    try:
        with zf:
            infos = zf.infolist()
            _check_layout(infos, where)
            manifest = _manifest(zf, where, kind)
            _check_listed(manifest["files"], infos, where)
            tables, content = _extract_all(zf, infos, manifest["files"], tmpdir, where)
            yield Unpacked(manifest, tables, content, archive_sha)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _check_layout(infos: list[zipfile.ZipInfo], where: str) -> None:
    """Before anything is unpacked: unique names inside the archive layout, a plausible size and
    compression ratio (no zip bomb), and a manifest."""
    names = [i.filename for i in infos]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise refuse(f"重复的文件名 {dupes[0]}", f"duplicate name {dupes[0]}", where)
    for info in infos:
        if info.filename != MANIFEST and not _NAME.fullmatch(info.filename):
            raise refuse(
                f"不允许的文件名 {info.filename!r}",
                f"a name outside the archive layout: {info.filename!r}",
                where,
            )
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise refuse("解压后过大", f"it would unpack to {total} bytes", where)
    for info in infos:
        if info.file_size > 10 * CHUNK and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise refuse(
                f"{info.filename} 压缩比异常（zip 炸弹？）",
                f"{info.filename} has an implausible compression ratio (zip bomb?)",
                where,
            )
    if MANIFEST not in names:
        raise refuse("缺少 manifest.json", "no manifest.json", where)


def _check_listed(listed: dict[str, Any], infos: list[zipfile.ZipInfo], where: str) -> None:
    """The archive holds exactly the files its manifest lists."""
    present = {i.filename for i in infos} - {MANIFEST}
    for name in sorted(set(listed) ^ present):
        why = (
            ("清单中有但归档中没有", "listed but absent")
            if name in listed
            else ("归档中有但清单未列出", "present but not listed")
        )
        raise refuse(f"{name} {why[0]}", f"{name} is {why[1]}", where)


def _extract_all(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    listed: dict[str, Any],
    tmpdir: Path,
    where: str,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Path]]:
    """Every file unpacked and checked against the manifest: the tables read, the evidence
    content staged under ``tmpdir`` by its SHA-256."""
    content: dict[str, Path] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for info in infos:
        if info.filename == MANIFEST:
            continue
        expected = listed[info.filename]
        out_path = tmpdir / info.filename.replace("/", "_")
        digest, size = _extract(zf, info, out_path, where)
        if digest != expected.get("sha256") or size != expected.get("size"):
            raise refuse(
                f"{info.filename} 的哈希值与清单不符",
                f"{info.filename} does not match its SHA-256 in the manifest",
                where,
            )
        if info.filename.startswith("evidence/"):
            sha = info.filename.split("/", 1)[1]
            if digest != sha:
                raise refuse(
                    f"{info.filename} 内容与其哈希名不符",
                    f"{info.filename} is not the content its name says",
                    where,
                )
            content[sha] = out_path
        else:
            tables[info.filename[5:-6]] = _rows(out_path, info.filename, where)
            out_path.unlink()
    return tables, content


def _manifest(zf: zipfile.ZipFile, where: str, kind: str) -> dict[str, Any]:
    info = zf.getinfo(MANIFEST)
    if info.file_size > 64 * CHUNK:
        raise refuse("manifest.json 过大", "manifest.json is too large", where)
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise refuse(
            "manifest.json 无法读取", f"manifest.json cannot be read: {exc}", where
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != f"casework-{kind}/1":
        raise refuse(f"这不是 casework {kind} 文件", f"not a casework {kind} file", where)
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        raise refuse("manifest.json 缺少文件清单", "manifest.json lists no files", where)
    return manifest


def _extract(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, out_path: Path, where: str
) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    try:
        with zf.open(info) as src, open(out_path, "wb") as out:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                size += len(chunk)
                if size > info.file_size:  # more than the directory declared
                    raise refuse(
                        f"{info.filename} 大小与目录不符",
                        f"{info.filename} is larger than declared",
                        where,
                    )
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise refuse(
            f"{info.filename} 已损坏或被截短",
            f"{info.filename} is damaged or truncated ({exc})",
            where,
        ) from None
    return digest.hexdigest(), size


def _rows(path: Path, name: str, where: str) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            if not isinstance(row, dict):
                raise refuse(
                    f"{name} 第 {n} 行不是 JSON 对象",
                    f"{name} line {n} is not a JSON object",
                    where,
                )
            rows.append(row)
    return rows
