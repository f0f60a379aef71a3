"""Opening a register (打开登记库): which database a URL names, whether it may be written, the
engine's per-connection settings, and the check that the register's schema is one this casework
knows."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from ..errors import StoreError
from .migrate import alembic_config


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "y", "on"}


def default_actor(url: str) -> str:
    """Who the audit and access log name (#17): ``CASEWORK_USER``, else on PostgreSQL the
    connection's user (each advocate a named user of the team register), else ``advocate``."""
    named = os.environ.get("CASEWORK_USER", "").strip()
    if named:
        return named
    if not url.startswith("sqlite"):
        user = make_url(url).username
        if user:
            return user
    return "advocate"


def _sqlite_file(url: str) -> Path | None:
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def _read_only_reason(url: str, asked: bool | None) -> tuple[str, str] | None:
    """Why the register must be opened read-only, or None. Asked for, or, on SQLite, because
    the file or its folder cannot be written (WAL mode writes ``-wal`` and ``-shm`` beside it).

    ``os.access`` asks the kernel, so a read-only mount or an immutable file count even for root.
    """
    if asked:
        return ("按要求只读打开", "opened read-only as asked")
    if asked is not None or not url.startswith("sqlite"):
        return None
    path = _sqlite_file(url)
    if path is None or not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return ("登记库文件不可写", "the register file cannot be written")
    if not os.access(path.parent, os.W_OK):
        return ("所在文件夹不可写", "its folder cannot be written")
    return None


def _read_only_sqlite_url(url: str) -> URL:
    """A SQLite URI that opens the file read-only (``mode=ro``).

    When the folder cannot be written and no write-ahead log is pending, ``immutable=1`` as well:
    SQLite then needs no ``-shm`` file (it could not create one) and takes no locks. With a
    pending ``-wal`` (a copy taken while a writer was open) plain ``mode=ro`` reads it.
    """
    path = _sqlite_file(url)
    assert path is not None
    query = {"mode": "ro", "uri": "true"}
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        query["immutable"] = "1"
    return URL.create("sqlite", database="file:" + pathname2url(str(path)), query=query)


@functools.cache
def _known_revisions() -> tuple[frozenset[str], str]:
    """Every alembic revision this program ships, and the newest (read once per process)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    return frozenset(rev.revision for rev in script.walk_revisions()), head


def known_schema_head() -> str:
    """The newest register schema this program knows (its last alembic revision)."""
    return _known_revisions()[1]


def _check_schema_known(engine: Engine, where: str) -> None:
    """Refuse a register written by a newer casework: upgrading would fail half-way, and reading
    it with our older tables would silently drop what the newer program stored."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    known, head = _known_revisions()
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise StoreError(
            f"案件登记库的结构版本为 {', '.join(unknown)}，比本程序认识的 {head} 更新；"
            "请升级 casework 后再打开（未作任何改动）",
            f"the register's schema is at {', '.join(unknown)}, newer than {head}, the newest "
            "this program knows; upgrade casework to open it (nothing was changed)",
            where=where,
        )


def make_engine(url: str, *, is_sqlite: bool, read_only: bool) -> Engine:
    """The engine for a register: PostgreSQL refuses writes at the server when read-only;
    SQLite runs in WAL mode with foreign keys on, and a write begins IMMEDIATE."""
    if not is_sqlite:
        engine = create_engine(url, pool_pre_ping=True)
        if read_only:

            @event.listens_for(engine, "connect")
            def _read_only(dbapi_conn: Any, _record: Any) -> None:
                # The server refuses writes too, not only our guard in write().
                with dbapi_conn.cursor() as cur:
                    cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                dbapi_conn.commit()

        return engine
    target: str | URL = _read_only_sqlite_url(url) if read_only else url
    engine = create_engine(target, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver so we can say BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not read_only:  # setting the journal mode writes the file's header
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.info.get("casework_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
