"""The case register (案件登记库): one class over SQLite or PostgreSQL.

Every write is one transaction. On SQLite the transaction starts with ``BEGIN IMMEDIATE`` so two
writers queue instead of failing half-way; the file is in WAL mode so readers never block.
Updates are optimistic: a case carries a version, and a stale update raises
:class:`~casework.errors.ConflictError` without writing anything.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .. import clock as _clock
from ..cases import (
    UPDATABLE,
    Case,
    CaseFields,
    Communication,
    Event,
    Status,
    check_transition,
)
from ..config import check_db_url, db_url, home_dir
from ..errors import (
    CaseworkError,
    ConflictError,
    InvalidInput,
    NotFound,
    ReadOnlyError,
    StoreError,
    one_line,
)
from . import clocks
from . import schema as t
from .case_rows import _iso, _row_of, case_row, case_rows, load_case, write_parties
from .engine import (
    _check_schema_known,
    _read_only_reason,
    default_actor,
    env_flag,
    known_schema_head,
    make_engine,
)
from .migrate import upgrade

_Dated = TypeVar("_Dated", Event, Communication)  # a case's rows with a time (at)


def _jsonable(value: Any) -> Any:
    """Values as the audit log keeps them (Decimal and dates as text)."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _reason(exc: BaseException) -> str:
    """A database error's own first line: never the SQL, its parameters or SQLAlchemy's link."""
    orig = getattr(exc, "orig", None)
    return one_line(str(orig if orig is not None else exc)) or type(exc).__name__


def _failed(zh: str, en: str, exc: BaseException, where: str | None = None) -> StoreError:
    """A database error as what failed ("zh: reason", "en: reason"), for ``raise … from exc``."""
    reason = _reason(exc)
    return StoreError(f"{zh}: {reason}", f"{en}: {reason}", where=where)


#: The registers :meth:`Store.from_env` opened, by (home, register URL, fixed now) from the environment.
_FROM_ENV: dict[tuple[str | None, ...], Store] = {}


class Store:
    """The register: cases, parties, events, communications and the audit log.

    Other stores (records, evidence, filings) build on :meth:`write` and :meth:`read`.
    """

    def __init__(
        self,
        url: str,
        home: Path,
        *,
        clock: _clock.Clock = _clock.now,
        actor: str | None = None,
        read_only: bool | None = None,
    ) -> None:
        url = check_db_url(url)
        self.url = url
        self.home = home
        self.clock = clock
        self.actor = actor or default_actor(url)
        self.is_sqlite = url.startswith("sqlite")
        #: Why the register is read-only, (中文, English), or None when it can be written.
        self.read_only_reason = _read_only_reason(url, read_only)
        self.engine = self._make_engine(url)
        self._local = threading.local()
        try:
            _check_schema_known(self.engine, self.safe_url)
            if self.read_only:
                self._check_schema_current()
            else:
                upgrade(self.engine)
        except CaseworkError:
            self.engine.dispose()
            raise
        except Exception as exc:  # a driver's error, alembic's, a file that is no database
            self.engine.dispose()
            raise _failed(
                "无法打开案件登记库", "cannot open the register", exc, self.safe_url
            ) from exc
        if not self.read_only:  # cases written before the portfolio's tables existed
            clocks.heal(self)

    @classmethod
    def open(
        cls,
        home: str | Path | None = None,
        db: str | None = None,
        *,
        read_only: bool | None = None,
        **kw: Any,
    ) -> Store:
        """Open (and create or upgrade) the register under ``home`` or at ``db``.

        ``read_only=True`` (or ``CASEWORK_READ_ONLY=1``) opens it for reading only; a SQLite
        register whose file or folder cannot be written (a colleague's copy, a mounted backup)
        is opened read-only by itself. Every write then raises :class:`ReadOnlyError`.
        """
        h = home_dir(home)
        url = db_url(h, db)
        if read_only is None and env_flag("CASEWORK_READ_ONLY"):
            read_only = True
        if url.startswith("sqlite:///") and not read_only and not h.exists():
            h.mkdir(parents=True, exist_ok=True)
        return cls(url, h, read_only=read_only, **kw)

    @classmethod
    def from_env(cls) -> Store:
        """The register the environment names (CASEWORK_HOME / CASEWORK_DB_URL), opened once per
        process: the workbook's panels and the report's sections share it, so a kernel holds one
        engine per register (#16). CASEWORK_NOW (ISO time) fixes "today" — the export passes its
        own clock through it so the report and the Filing agree on the date."""
        key = tuple(os.environ.get(k) for k in ("CASEWORK_HOME", "CASEWORK_DB_URL", "CASEWORK_NOW"))
        if key not in _FROM_ENV:
            home, db, now = key
            clock = _clock.fixed(datetime.fromisoformat(now)) if now else _clock.now
            _FROM_ENV[key] = cls.open(home, db, clock=clock)
        return _FROM_ENV[key]

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def check_writable(self) -> None:
        """Raise :class:`ReadOnlyError` before any work when the register cannot be written."""
        if self.read_only_reason is not None:
            zh, en = self.read_only_reason
            raise ReadOnlyError(
                f"案件登记库为只读（{zh}），未保存任何内容",
                f"the register is read-only ({en}); nothing was saved",
                where=self.safe_url,
            )

    def _check_schema_current(self) -> None:
        """A read-only register cannot be upgraded, and our queries need the newest tables."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_heads()
        head = known_schema_head()
        if tuple(current) != (head,):
            have = ", ".join(current) or "无 / none"
            raise ReadOnlyError(
                f"只读的案件登记库结构版本为 {have}，本程序需要 {head}，只读时无法升级；"
                "请以可写方式打开一次",
                f"the read-only register's schema is at {have}, this program needs {head}, and "
                "it cannot upgrade a read-only register; open it writable once",
                where=self.safe_url,
            )

    @property
    def safe_url(self) -> str:
        """The URL without its password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def _make_engine(self, url: str) -> Engine:
        return make_engine(url, is_sqlite=self.is_sqlite, read_only=self.read_only)

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: all of it is committed, or none of it.

        The portfolio's rows of every case the write changed (:func:`clocks.mark`) are
        recomputed just before the commit, in the same transaction.
        """
        self.check_writable()
        with self.engine.connect() as conn:
            conn.info["casework_write"] = True
            try:
                with conn.begin():
                    yield conn
                    clocks.flush(self, conn)
            except OperationalError as exc:
                raise _failed(
                    "写入案件登记库失败", "write to the register failed", exc, self.safe_url
                ) from exc
            finally:
                conn.info.pop("casework_write", None)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        through = getattr(self._local, "conn", None)
        if through is not None:
            yield through
            return
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def reading_through(self, conn: Connection) -> Iterator[None]:
        """Reads on this thread use ``conn`` (a write in progress), so they see its own rows."""
        before = getattr(self._local, "conn", None)
        self._local.conn = conn
        try:
            yield
        finally:
            self._local.conn = before

    def close(self) -> None:
        self.engine.dispose()

    def now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def log(
        self, conn: Connection, case_id: str, action: str, before: Any = None, after: Any = None
    ) -> None:
        """Append one audit row, inside the caller's transaction."""
        conn.execute(
            insert(t.audit).values(
                case_id=case_id,
                at=self.now(),
                actor=self.actor,
                action=action,
                before=_jsonable(before),
                after=_jsonable(after),
            )
        )
        # Whatever a write logs for a case changed it: its portfolio rows follow (an archive
        # import, say, writes its rows directly).
        clocks.mark(conn, case_id)

    # -- cases --------------------------------------------------------------------------------

    def _next_id(self, conn: Connection) -> str:
        """The next readable id of this year. One upsert takes the number: the first case of a
        year inserts the counter, every later one adds 1 to it, and two writers creating at once
        wait on the counter's row (PostgreSQL) or the write lock (SQLite) instead of failing."""
        # The dialect's own insert (ON CONFLICT is not in the generic one); only the register's
        # dialect is loaded, as the engine loads it anyway.
        upsert: Any
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            upsert = sqlite_insert(t.counters)
        else:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            upsert = pg_insert(t.counters)
        year = self.clock().year
        number = conn.execute(
            upsert.values(name=f"case-{year}", value=1)
            .on_conflict_do_update(
                index_elements=[t.counters.c.name], set_={"value": t.counters.c.value + 1}
            )
            .returning(t.counters.c.value)
        ).scalar_one()
        return f"{year}-{number:04d}"

    def create_case(self, fields: CaseFields | None = None, **values: Any) -> Case:
        """Register a new case and return it with its readable id (e.g. ``2026-0001``)."""
        fields = fields or CaseFields.build(**values)
        try:
            with self.write() as conn:
                case_id = self._next_id(conn)
                now = self.now()
                conn.execute(
                    insert(t.cases).values(
                        id=case_id,
                        status=Status.INTAKE.value,
                        created_at=now,
                        updated_at=now,
                        version=1,
                        **case_row(fields),
                    )
                )
                write_parties(conn, case_id, fields)
                self.log(conn, case_id, "create", None, fields.model_dump())
                clocks.mark(conn, case_id)
            return self.get_case(case_id)
        except SQLAlchemyError as exc:
            raise _failed("无法登记新案件", "cannot create the case", exc) from exc

    def get_case(self, case_id: str) -> Case:
        with self.read() as conn:
            rows = case_rows(conn, select(t.cases).where(t.cases.c.id == case_id))
            if not rows:
                raise NotFound(
                    f"没有编号为 {case_id} 的案件", f"no case with id {case_id}", where="case"
                )
            return load_case(conn, rows[0])

    def list_cases(self, status: Status | None = None) -> list[Case]:
        q = select(t.cases).order_by(t.cases.c.id)
        if status is not None:
            q = q.where(t.cases.c.status == status.value)
        with self.read() as conn:
            return [load_case(conn, r) for r in case_rows(conn, q)]

    def update_case(
        self, case_id: str, changes: dict[str, Any], expected_version: int | None = None
    ) -> Case:
        """Change fields of a case. With ``expected_version``, a stale write raises ConflictError."""
        unknown = set(changes) - UPDATABLE
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidInput(f"没有这个字段: {name}", f"no such field: {name}", field=name)
        current = self.get_case(case_id)
        version = current.version if expected_version is None else expected_version
        merged = {k: getattr(current, k) for k in CaseFields.model_fields} | {
            k: v for k, v in changes.items() if k in CaseFields.model_fields
        }
        fields = CaseFields.build(**merged)
        narrative = {k: v for k, v in changes.items() if k.startswith("narrative_")}
        before = {k: getattr(current, k) for k in changes}
        with self.write() as conn:
            result = conn.execute(
                update(t.cases)
                .where(t.cases.c.id == case_id, t.cases.c.version == version)
                .values(
                    updated_at=self.now(),
                    version=version + 1,
                    **case_row(fields),
                    **narrative,
                )
            )
            if result.rowcount != 1:
                raise ConflictError(
                    f"案件 {case_id} 已被他人修改，请刷新后重试（未保存）",
                    f"case {case_id} was changed by someone else; reload and try again "
                    "(nothing saved)",
                    where="case",
                )
            write_parties(conn, case_id, fields)
            after = {
                k: getattr(fields, k) if k in CaseFields.model_fields else changes[k]
                for k in changes
            }
            self.log(conn, case_id, "update", before, after)
            clocks.mark(conn, case_id)
        return self.get_case(case_id)

    def set_status(self, case_id: str, status: Status, note: str = "") -> Case:
        current = self.get_case(case_id)
        check_transition(current.status, status)
        with self.write() as conn:
            result = conn.execute(
                update(t.cases)
                .where(t.cases.c.id == case_id, t.cases.c.version == current.version)
                .values(status=status.value, updated_at=self.now(), version=current.version + 1)
            )
            if result.rowcount != 1:
                raise ConflictError(
                    f"案件 {case_id} 已被他人修改（未保存）",
                    f"case {case_id} was changed meanwhile (nothing saved)",
                )
            self.log(
                conn,
                case_id,
                "status",
                {"status": current.status.value},
                {"status": status.value, "note": note},
            )
            clocks.mark(conn, case_id)
        return self.get_case(case_id)

    def touch(self, conn: Connection, case_id: str) -> None:
        """Mark a case changed (its events, evidence or records) inside a write."""
        result = conn.execute(
            update(t.cases).where(t.cases.c.id == case_id).values(updated_at=self.now())
        )
        if result.rowcount != 1:
            raise NotFound(
                f"没有编号为 {case_id} 的案件", f"no case with id {case_id}", where="case"
            )
        clocks.mark(conn, case_id)  # events, contacts, evidence, bills: recomputed at commit

    # -- events and communications ------------------------------------------------------------

    def add_event(self, case_id: str, ev: Event | None = None, /, **values: Any) -> Event:
        ev = ev or Event.build(**values)
        row = {
            "at": _iso(ev.at),
            "kind": ev.kind.value,
            "actor": ev.actor.value,
            "text": ev.text,
            "source": ev.source,
        }
        new_id = self._add_dated(t.events, case_id, row, "event.add")
        return ev.model_copy(update={"id": new_id, "case_id": case_id})

    def list_events(self, case_id: str) -> list[Event]:
        return self._list_dated(t.events, Event, case_id)

    def add_communication(
        self, case_id: str, comm: Communication | None = None, /, **values: Any
    ) -> Communication:
        comm = comm or Communication.build(**values)
        row = comm.model_dump(exclude={"id", "case_id"}, mode="json")
        new_id = self._add_dated(t.communications, case_id, row, "comm.add")
        return comm.model_copy(update={"id": new_id, "case_id": case_id})

    def list_communications(self, case_id: str) -> list[Communication]:
        return self._list_dated(t.communications, Communication, case_id)

    def _add_dated(self, table: Table, case_id: str, row: dict[str, Any], action: str) -> int:
        """One event or contact of the case, in one write with its audit row; its new id."""
        with self.write() as conn:
            self.touch(conn, case_id)
            new_id = conn.execute(
                insert(table).values(case_id=case_id, **row).returning(table.c.id)
            ).scalar_one()
            self.log(conn, case_id, action, None, row)
        return int(new_id)

    def _list_dated(self, table: Table, model: type[_Dated], case_id: str) -> list[_Dated]:
        """The case's events or contacts in time order (then as added)."""
        self.get_case(case_id)
        with self.read() as conn:
            rows = conn.execute(
                select(table).where(table.c.case_id == case_id).order_by(table.c.at, table.c.id)
            ).all()
        with _row_of(case_id):
            return [model.model_validate(dict(r._mapping)) for r in rows]

    def settlement_rows(self, case_id: str) -> list[Any]:
        """The live rows of ``clock_settlements`` of a case (clocks an advocate marked met or
        dismissed, #15), by id: the deadline engine applies them (casework.rules.settled)."""
        s = t.clock_settlements
        live = s.c.undone_at.is_(None)
        with self.read() as conn:
            return list(
                conn.execute(select(s).where(s.c.case_id == case_id, live).order_by(s.c.id))
            )

    def audit_log(self, case_id: str) -> list[dict[str, Any]]:
        with self.read() as conn:
            rows = conn.execute(
                select(t.audit).where(t.audit.c.case_id == case_id).order_by(t.audit.c.id)
            ).all()
        return [dict(r._mapping) for r in rows]

    def count_cases(self) -> int:
        with self.read() as conn:
            return conn.execute(select(func.count()).select_from(t.cases)).scalar_one()
