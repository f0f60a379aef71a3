"""Moving a folder store into a team register (``casework evidence migrate``).

A register that went from one advocate's SQLite to PostgreSQL, or a PostgreSQL register used
before evidence lived in it, has its content in someone's ``<home>/evidence`` folder. This reads
each file the register's items name, hashes it while it streams into ``blob_chunks`` (one
transaction per content, rolled back when the hash is not the recorded one), and records a
``migrate`` custody entry in each case whose evidence moved.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from ..store import Store
from ..store import blobs as sql
from ..store import evidence as evidence_sql
from ..store import schema as t
from . import custody, files
from .content import RegisterContent, content_for
from .types import EvidenceError


@dataclass
class MigrateResult:
    """What moved: hashes stored now, already there, missing from the folder, or not matching."""

    moved: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.changed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


class _Mismatch(Exception):
    pass


def _stream_in(conn: Connection, sha256: str, path: Path, at: str) -> None:
    """Insert the file's chunks while hashing; a hash other than ``sha256`` rolls it all back."""
    digest = hashlib.sha256()
    size = n = 0
    sql.insert_blob_row(conn, sha256, at)
    with open(path, "rb") as fh:
        for data in iter(lambda: fh.read(sql.CHUNK), b""):
            digest.update(data)
            size += len(data)
            sql.insert_chunk(conn, sha256, n, data)
            n += 1
    if digest.hexdigest() != sha256:
        raise _Mismatch(sha256)
    sql.finish_blob(conn, sha256, size, n)


def migrate_folder(store: Store, folder: str | Path | None = None) -> MigrateResult:
    """Move every evidence content the register names from ``folder`` (default: this home's
    evidence folder) into the register, verifying each hash. Safe to run again."""
    content = content_for(store)
    if not isinstance(content, RegisterContent):
        raise EvidenceError(
            "SQLite 登记库的证据就存放在文件夹中，无需迁移；迁移用于 PostgreSQL 团队登记库",
            "a SQLite register keeps its evidence in the folder already; migrate is for a "
            "PostgreSQL team register",
            where=store.safe_url,
        )
    root = Path(folder) if folder is not None else files.evidence_root(store.home)
    with store.read() as conn:
        wanted: dict[str, set[str]] = {}
        for sha, case_id in conn.execute(select(t.evidence.c.sha256, t.evidence.c.case_id)):
            wanted.setdefault(sha, set()).add(case_id)
    result = MigrateResult()
    moved_by_case: dict[str, list[str]] = {}
    for sha in sorted(wanted):
        if content.check(sha) is None:
            result.already.append(sha)
            continue
        path = root / files.stored_name(sha)
        if not path.is_file():
            result.missing.append(sha)
            continue
        try:
            with store.write() as conn:
                sql.drop_blob(conn, sha)  # damaged or partial content in the register
                _stream_in(conn, sha, path, store.now())
        except _Mismatch:
            result.changed.append(sha)
            continue
        result.moved.append(sha)
        for case_id in wanted[sha]:
            moved_by_case.setdefault(case_id, []).append(sha)
    for case_id, hashes in sorted(moved_by_case.items()):
        with store.write() as conn:
            evidence_sql.lock_case(conn, case_id)
            custody.append(
                store,
                conn,
                case_id,
                "migrate",
                {"to": "register", "from": str(root), "sha256": sorted(hashes)},
            )
    return result
