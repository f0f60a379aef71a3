"""Backup and restore of a whole register (备份 / 恢复): ``casework backup`` / ``casework restore``.

A backup is the archive's verified ZIP (:mod:`casework.store.packing`) holding every table's
rows with their ids, every evidence content by hash, and each case's custody head. It is taken
from one consistent moment while others keep writing: on SQLite through the online backup API
(a snapshot copy of the file, read afterwards), on PostgreSQL in one REPEATABLE READ transaction.
A restore goes into an empty register only, checks the whole file before writing, writes it in
one transaction, then verifies every case. For a PostgreSQL team, ``pg_dump`` of the register is
the day-to-day backup; this one also carries the evidence as files and can move a register
between SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, create_engine, func, insert, select, text

from .errors import InvalidInput
from .evidence import custody
from .evidence.content import content_for
from .evidence.files import Staged, evidence_root
from .evidence.integrity import verify
from .store import Store
from .store import schema as t
from .store.packing import refuse, sha256_path, unpacked, writing

FORMAT = "casework-backup/1"
#: Content travels as files, not rows; the heads are rows like any other.
SKIP = {"blobs", "blob_chunks"}


@dataclass
class BackupResult:
    path: Path
    sha256: str
    cases: int
    rows: dict[str, int]
    files: int

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


@dataclass
class RestoreResult:
    sha256: str
    cases: int
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "ok": self.ok,
            "cases": self.cases,
            "rows": self.rows,
            "files": self.files,
            "problems": self.problems,
        }


def tables() -> list[Any]:
    return [tb for tb in t.metadata.sorted_tables if tb.name not in SKIP]


@contextmanager
def snapshot(store: Store, scratch: Path) -> Iterator[Connection]:
    """A connection that sees the register at one moment while other writers go on; a SQLite
    snapshot is copied into ``scratch`` (beside the backup: the home may be read-only)."""
    if store.is_sqlite:
        source = store.url.removeprefix("sqlite:///")
        scratch.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite3", dir=scratch)
        os.close(fd)
        try:
            if getattr(store, "read_only", False):  # a mounted copy: never try to write it
                src = sqlite3.connect(f"file:{quote(source)}?mode=ro", uri=True, timeout=30)
            else:
                src = sqlite3.connect(source, timeout=30)
            dst = sqlite3.connect(name)
            try:
                src.backup(dst)  # the online backup API: a consistent copy, writers not blocked
            finally:
                dst.close()
                src.close()
            engine = create_engine(f"sqlite:///{name}")
            try:
                with engine.connect() as conn:
                    yield conn
            finally:
                engine.dispose()
        finally:
            with suppress(FileNotFoundError):
                os.unlink(name)
        return
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def backup(store: Store, out: str | os.PathLike[str]) -> BackupResult:
    """Write the whole register — rows, evidence, custody heads — into one verified ZIP."""
    target = Path(out)
    content = content_for(store)
    counts: dict[str, int] = {}
    with snapshot(store, target.parent) as conn, writing(target) as writer:
        heads: dict[str, Any] = {}
        for table in tables():
            order = list(table.primary_key.columns)
            rows = (dict(r._mapping) for r in conn.execute(select(table).order_by(*order)))
            counts[table.name] = writer.rows(table.name, rows)
        shas = sorted(set(conn.execute(select(t.evidence.c.sha256)).scalars()))
        for row in conn.execute(select(t.custody_heads)):
            heads[row.case_id] = {
                "format": custody.HEAD_FORMAT,
                "case_id": row.case_id,
                "count": row.seq,
                "hash": row.hash,
            }
        for sha in shas:
            writer.content(sha, content.chunks(sha))
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        writer.manifest = {  # type: ignore[attr-defined]
            "format": FORMAT,
            "created_at": store.now(),
            "created_by": store.actor,
            "schema": revision,
            "cases": counts.get("cases", 0),
            "custody_heads": heads,
        }
        files = len(writer.files)
    return BackupResult(target, sha256_path(target), counts.get("cases", 0), counts, files)


def is_empty(store: Store) -> bool:
    with store.read() as conn:
        return all(
            conn.execute(select(func.count()).select_from(tb)).scalar_one() == 0
            for tb in (t.cases, t.evidence, t.custody, t.audit)
        )


def restore(
    path: str | os.PathLike[str], home: str | os.PathLike[str], db: str | None = None
) -> RestoreResult:
    """Restore a backup into the empty register at ``home`` (or ``db``), then verify it."""
    store = Store.open(Path(home), db)
    try:
        return restore_into(store, path)
    finally:
        store.close()


def restore_into(store: Store, path: str | os.PathLike[str]) -> RestoreResult:
    where = str(path)
    if not is_empty(store):
        raise InvalidInput(
            "目标登记库不是空的：恢复只写入空登记库，未写入任何内容",
            "the target register is not empty: a restore goes into an empty register only; "
            "nothing written",
            where=store.safe_url,
        )
    with unpacked(path, evidence_root(store.home), "backup") as pack:
        known = {tb.name: tb for tb in tables()}
        unknown = sorted(set(pack.tables) - set(known))
        if unknown:
            raise refuse(
                f"备份含有本程序不认识的表 {unknown[0]}（来自更新的版本？）",
                f"the backup holds a table this program does not know: {unknown[0]} "
                "(from a newer casework?)",
                where,
            )
        heads = pack.manifest.get("custody_heads") or {}
        shas = {r.get("sha256") for r in pack.tables.get("evidence", [])}
        if shas - set(pack.content):
            raise refuse(
                "有证据的文件不在备份中", "evidence content is missing from the backup", where
            )
        for row in pack.tables.get("custody_heads", []):
            if (heads.get(row.get("case_id")) or {}).get("hash") != row.get("hash"):
                raise refuse("链头与清单不符", "a custody head does not match the manifest", where)
        result = RestoreResult(pack.sha256, len(pack.tables.get("cases", [])))
        content = content_for(store)
        with store.write() as conn:
            for table in tables():
                rows = [
                    {k: v for k, v in r.items() if k in table.c}
                    for r in pack.tables.get(table.name, [])
                ]
                for i in range(0, len(rows), 1000):
                    conn.execute(insert(table), rows[i : i + 1000])
                result.rows[table.name] = len(rows)
            if not store.is_sqlite:
                _advance_sequences(conn)
            for sha, staged_path in pack.content.items():
                with open(staged_path, "rb") as fh:
                    head = fh.read(16)
                content.put(conn, Staged(staged_path, sha, staged_path.stat().st_size, head))
                result.files += 1
    for case in store.list_cases():
        found = verify(store, case.id, against=heads.get(case.id))
        result.problems += [f"{case.id}: {line}" for line in found.lines("en")]
    return result


def _advance_sequences(conn: Connection) -> None:
    """Rows came with their ids: move each id sequence past the largest one."""
    for table in tables():
        col = table.c.get("id")
        if col is None or col.type.python_type is not int:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
