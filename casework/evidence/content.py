"""Where evidence content lives (证据内容库): one interface over two stores.

- :class:`FolderContent` — SQLite registers (zero set-up): the content-addressed folder
  ``<home>/evidence/ab/cd/<sha256>`` of :mod:`.files`.
- :class:`RegisterContent` — PostgreSQL (a team): inside the register itself, chunked by hash
  (:mod:`casework.store.blobs`), so every advocate's home sees the same evidence. Reading goes
  through a local cache by hash (``<home>/cache/blobs``); a cached copy is re-hashed before it is
  handed out, so a damaged or edited cache file is fetched again, never passed on.

Both write inside the caller's transaction (the evidence row and its custody entry commit with
the content, or none of them) and both check a stored copy against its hash for ``verify``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from sqlalchemy import Connection

from ..access import log_access
from ..store import Store
from ..store import blobs as sql
from ..store import evidence as evidence_sql
from . import files
from .types import EvidenceError


class FolderContent:
    """The content-addressed evidence folder under the casework home."""

    kind = "folder"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = files.evidence_root(store.home)
        files.clean_once(self.root)

    def put(self, conn: Connection, staged: files.Staged) -> None:
        files.place(self.store.home, staged)

    def local_path(self, sha256: str) -> Path:
        return self.root / files.stored_name(sha256)

    def chunks(self, sha256: str) -> Iterator[bytes]:
        with open(self.local_path(sha256), "rb") as fh:
            yield from iter(lambda: fh.read(files.CHUNK), b"")

    def check(self, sha256: str) -> tuple[str, str] | None:
        """None when the stored copy hashes to ``sha256``; else (problem, detail)."""
        path = self.local_path(sha256)
        if not path.is_file():
            return "missing", ""
        try:
            actual = files.sha256_file(path)
        except OSError as exc:
            return "unreadable", str(exc.strerror)
        return None if actual == sha256 else ("changed", actual)


class RegisterContent:
    """Evidence content in the PostgreSQL register, with a local read-through cache by hash."""

    kind = "register"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache = store.home / "cache" / "blobs"
        files.clean_once(files.evidence_root(store.home))

    def put(self, conn: Connection, staged: files.Staged) -> None:
        """Store the content once for every case; content already there that no longer hashes
        right is replaced by these good bytes (as the folder store does)."""
        if not sql.put_blob(conn, staged.sha256, staged.size, staged.tmp, self.store.now()):
            digest = hashlib.sha256()
            for chunk in sql.chunks_on(conn, staged.sha256):
                digest.update(chunk)
            if digest.hexdigest() != staged.sha256:
                sql.replace_chunks(conn, staged.sha256, staged.size, staged.tmp)

    def chunks(self, sha256: str) -> Iterator[bytes]:
        return sql.read_chunks(self.store.engine, sha256)

    def check(self, sha256: str) -> tuple[str, str] | None:
        digest = hashlib.sha256()
        seen = False
        for chunk in self.chunks(sha256):
            seen = True
            digest.update(chunk)
        if not seen:
            return "missing", ""
        actual = digest.hexdigest()
        return None if actual == sha256 else ("changed", actual)

    def local_path(self, sha256: str) -> Path:
        """A local file with this content: the cached copy when it still hashes right, else
        fetched from the register into the cache (written whole, then renamed into place)."""
        target = self.cache / files.stored_name(sha256)
        if target.is_file():
            with suppress(OSError):
                if files.sha256_file(target) == sha256:
                    return target
            with suppress(OSError):
                target.unlink()  # a damaged or edited cached copy is never handed out
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".fetch-", dir=target.parent)
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out:
                for chunk in self.chunks(sha256):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                # Missing or damaged in the register: hand out nothing rather than wrong bytes.
                # Callers that list files (export, bundle) verify first and name the item.
                return target
            os.chmod(tmp, files.READ_ONLY)
            os.replace(tmp, target)
        finally:
            with suppress(FileNotFoundError):
                tmp.unlink()
        return target


Content = FolderContent | RegisterContent


def content_for(store: Store) -> Content:
    """The evidence content store of this register (one per Store object)."""
    found = getattr(store, "_evidence_content", None)
    if found is None:
        found = FolderContent(store) if store.is_sqlite else RegisterContent(store)
        store._evidence_content = found  # type: ignore[attr-defined]
    return found


def open_content(store: Store, sha256: str) -> Path:
    """A readable local file holding the evidence content ``sha256``; raises when there is none."""
    path = content_for(store).local_path(sha256)
    if not path.is_file():
        raise EvidenceError(
            f"证据内容 {sha256[:16]}… 不在证据库中",
            f"evidence content {sha256[:16]}… is not in the evidence store",
            where=store.safe_url,
        )
    _log_read(store, sha256)
    return path


def _log_read(store: Store, sha256: str) -> None:
    """The access log (#17): a read of evidence content, for each case holding it."""
    with store.read() as conn:
        rows = evidence_sql.holders(conn, sha256)
    for case_id, evidence_id in rows:
        log_access(store, case_id, "access.evidence", {"evidence_id": evidence_id})
