"""Clocks, follow-ups and the case summary kept in the register (期限、跟进与案件摘要).

The portfolio (案件总览) asks questions across every case: what is due, who has not answered,
which merchant comes back. Answering them by loading each case and running the deadline engine
costs seconds per hundred cases, so the answers are kept in three derived tables
(``case_summary``, ``clocks``, ``follow_ups``) and the portfolio views are indexed queries.

How they stay current:

* every write that changes a case marks it (:func:`mark`; ``Store.touch`` does it for events,
  contacts, evidence and bills) and :meth:`Store.write` calls :func:`flush` just before it
  commits, so the derived rows change in the same transaction as the facts they come from;
* ``casework clocks rebuild`` (:func:`rebuild`) recomputes all of them after a change of rule
  data, in bulk: a few queries per batch of cases instead of a dozen per case;
* a register written before these tables existed is filled in when it is next opened
  (:func:`heal`).

What is stored does not depend on today: a clock keeps its due date and a ``state`` (``running``
until its closing event; ``met``, ``late``, ``not_applicable``; or a state the advocate sets, such
as settled). Overdue / due today / upcoming is decided when the portfolio is read, so the due
list stays right when the date moves on without anything being rewritten.

The clocks are the deadline engine's (``casework.rules.deadlines_for``): the engine is pure and
imports nothing of the register, so the register imports it rather than the other way round (#16).
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from functools import partial
from itertools import accumulate
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    JSON,
    Connection,
    delete,
    exists,
    select,
)

from ..cases import OPEN_STATUSES, Case, Communication
from ..errors import CaseworkError
from ..rules.basis import deadline_basis
from ..rules.deadlines import Deadline, deadlines_for
from . import schema as t
from .clock_loading import _Loaded

if TYPE_CHECKING:
    from .register import Store


#: Cases per batch in a rebuild (and ids per ``IN (…)``, well under SQLite's parameter limit).
BATCH = 500

_DIRTY = "casework_clocks_dirty"
_SPACE = re.compile(r"[\s\u3000]+")


def merchant_key(respondent_name: str, shop_name: str) -> str:
    """Who the complaint is against: the respondent's legal name, else the shop name.

    Whitespace (also the full-width space) is dropped so one merchant typed two ways is one key.
    """
    return _SPACE.sub("", respondent_name or shop_name)


# -- keeping them current -----------------------------------------------------------------------


def mark(conn: Connection, case_id: str) -> None:
    """Note inside a write that this case changed; its rows are recomputed before the commit."""
    conn.info.setdefault(_DIRTY, set()).add(case_id)


def flush(store: Store, conn: Connection) -> None:
    """Recompute the rows of every case marked in this write (called by ``Store.write``)."""
    dirty = conn.info.pop(_DIRTY, None)
    if dirty:
        refresh(store, conn, sorted(dirty))


def refresh(store: Store, conn: Connection, case_ids: Sequence[str]) -> None:
    """Recompute and replace the summary, clocks and follow-ups of these cases, inside ``conn``."""
    for start in range(0, len(case_ids), BATCH):
        chunk = list(case_ids[start : start + BATCH])
        view = _Loaded(store, conn, chunk)
        today = store.clock().date()
        summaries: list[dict[str, Any]] = []
        clock_rows: list[dict[str, Any]] = []
        pending: list[dict[str, Any]] = []
        # Any read the engine makes beyond what was loaded goes through this transaction too, so
        # it sees the rows being written (SQLite readers on another connection would not).
        basis = _Basis()
        with store.reading_through(conn):
            for case_id in view.ids:
                case = view.get_case(case_id)
                comms = view.list_communications(case_id)
                summaries.append(summary_row(case, comms, view.created_by.get(case_id, "")))
                is_open = case.status in OPEN_STATUSES
                for i, d in enumerate(_engine(view, case_id, today)):
                    clock_rows.append(clock_row(case_id, i, d, basis, is_open))
                pending.extend(follow_up_rows(case_id, comms, is_open))
        _replace(conn, chunk, summaries, clock_rows, pending)


def rebuild(store: Store, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every case's rows (after a change of rule data); returns how many cases.

    One write transaction per batch of cases, so other advocates' writes wait seconds, not the
    whole rebuild; each batch locks its cases' rows so a concurrent write cannot be overwritten
    by a stale recomputation.
    """
    with store.read() as conn:
        ids = list(conn.execute(select(t.cases.c.id).order_by(t.cases.c.id)).scalars())
    _rebuild(store, ids, progress)
    return len(ids)


def heal(store: Store) -> int:
    """Fill in the rows of cases that have none (a register from before 0004, or one loaded in
    bulk); returns how many cases were filled in. Cheap when there is nothing to do."""
    s = t.case_summary
    q = (
        select(t.cases.c.id)
        .where(~exists().where(s.c.case_id == t.cases.c.id))
        .order_by(t.cases.c.id)
    )
    with store.read() as conn:
        missing = list(conn.execute(q).scalars())
    if not missing:
        return 0
    try:
        _rebuild(store, missing, None)
    except (CaseworkError, ValueError):
        # A damaged row must not keep the register from opening: fill in the cases that can be
        # read; a damaged one is reported, naming its field, when it is read (get_case).
        for case_id in missing:
            try:
                _rebuild(store, [case_id], None)
            except (CaseworkError, ValueError):
                continue
    return len(missing)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for one batch: a batch makes some hundred thousand small
    objects that hold no cycles, and the collections they set off cost a tenth of a rebuild."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _rebuild(store: Store, ids: list[str], progress: Callable[[int, int], None] | None) -> None:
    chunks = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    work = partial(_rebuild_batch, store)
    with _collector_paused(), ThreadPoolExecutor(2, "clocks-rebuild") as pool:
        # On PostgreSQL a third of a batch is spent waiting for the server (reading the cases,
        # COPYing their rows): two batches in two transactions on two connections let one
        # compute while the other waits, and their cases differ, so their row locks never meet.
        # SQLite has one writer at a time: there a second batch would only queue.
        sizes = map(work, chunks) if store.is_sqlite else pool.map(work, chunks)
        for done in accumulate(sizes):
            if progress is not None:
                progress(done, len(ids))


def _rebuild_batch(store: Store, chunk: list[str]) -> int:
    """One batch in one write transaction; its cases' rows locked first, so a concurrent write
    cannot be overwritten by a stale recomputation."""
    with store.write() as conn:
        conn.execute(select(t.cases.c.id).where(t.cases.c.id.in_(chunk)).with_for_update()).all()
        refresh(store, conn, chunk)
        conn.info.pop(_DIRTY, None)
    return len(chunk)


# -- the rows -----------------------------------------------------------------------------------


def _engine(view: _Loaded, case_id: str, today: date) -> list[Deadline]:
    # The rules' public entry point, given a view of the store that answers from loaded rows:
    # whatever the engine comes to return (more clocks, dated texts) is stored as it says. The
    # engine is pure and imports nothing of the register, so the register imports it (#16).
    return deadlines_for(cast("Store", view), case_id, today=today)


def state_of(d: Deadline) -> str:
    """The stored state of a clock: what its status is whatever today is."""
    if d.closed_on is None and d.due is not None and d.status in ("open", "overdue"):
        return "running"
    if d.status == "overdue":  # closed, but after the due date
        return "late"
    return d.status


class _Basis:
    """The reader's text of a clock's legal basis (what the report prints), worked out once per
    set of citations in a batch: most clocks of most cases cite the same articles, and the
    engine hands out the same citation objects for them (rules.deadlines caches them per rule),
    so they are told apart by identity; each set is kept, so no identity is reused meanwhile."""

    def __init__(self) -> None:
        self._text = deadline_basis
        self._seen: dict[tuple[int, ...], tuple[tuple[Any, ...], str, str]] = {}

    def __call__(self, d: Deadline) -> tuple[str, str]:
        text = self._text
        if not d.citations:  # an answer-by date from the log: its text names the contact
            return text(d, "zh"), text(d, "en")
        key = tuple(map(id, d.citations))
        seen = self._seen.get(key)
        if seen is None:
            seen = (tuple(d.citations), text(d, "zh"), text(d, "en"))
            self._seen[key] = seen
        return seen[1], seen[2]


def clock_row(
    case_id: str, seq: int, d: Deadline, basis: _Basis | None = None, case_open: bool = True
) -> dict[str, Any]:
    basis_zh, basis_en = (basis or _Basis())(d)
    return {
        "case_id": case_id,
        "seq": seq,
        "clock_id": d.rule_id,
        "kind": d.kind,
        "party": d.party,
        "source": d.source,
        "title_zh": d.name_zh,
        "title_en": d.name_en,
        "start": _iso(d.start),
        "due": _iso(d.due),
        "closed_on": _iso(d.closed_on),
        "basis_zh": basis_zh,
        "basis_en": basis_en,
        "state": state_of(d),
        "source_ref": d.ref,
        "case_open": case_open,
    }


def summary_row(case: Case, comms: Sequence[Communication], created_by: str) -> dict[str, Any]:
    last = max((c.at for c in comms), default=None)
    return {
        "case_id": case.id,
        "title": case.title,
        "status": case.status.value,
        "is_open": case.status in OPEN_STATUSES,
        "category": case.category.value,
        "platform": case.platform.strip(),
        "merchant": merchant_key(case.respondent_name, case.shop_name),
        "shop_name": case.shop_name,
        "respondent_name": case.respondent_name,
        "advocate": case.agent_name,
        "created_by": created_by,
        "opened": case.created_at.isoformat(),
        "last_contact": last.isoformat() if last else None,
        "last_activity": case.updated_at.isoformat(),
    }


def follow_up_rows(
    case_id: str, comms: Sequence[Communication], case_open: bool = True
) -> list[dict[str, Any]]:
    """Replies due (答复期限) and follow-ups (下次跟进) of the log that nothing has settled yet.

    A reply due is settled by an inbound contact, at or after it, from the same counterpart or
    with the same reference number; a follow-up by any contact on or after its date.
    """
    rows: list[dict[str, Any]] = []
    days = [c.at.date() for c in comms]
    last_day = max(days, default=None)
    for comm in comms:
        pending: list[tuple[str, date]] = []
        if comm.response_due and not any(
            c.direction == "in"
            and c.at >= comm.at
            and ((comm.ref and c.ref == comm.ref) or c.counterpart == comm.counterpart)
            for c in comms
        ):
            pending.append(("response_due", comm.response_due))
        if comm.follow_up and not (last_day is not None and last_day >= comm.follow_up):
            pending.append(("follow_up", comm.follow_up))
        for what, due in pending:
            rows.append(
                {
                    "case_id": case_id,
                    "seq": len(rows),
                    "communication_id": comm.id,
                    "what": what,
                    "due": due.isoformat(),
                    "counterpart": comm.counterpart,
                    "ref": comm.ref,
                    "summary": comm.summary,
                    "case_open": case_open,
                }
            )
    return rows


def _replace(
    conn: Connection,
    case_ids: list[str],
    summaries: list[dict[str, Any]],
    clock_rows: list[dict[str, Any]],
    pending: list[dict[str, Any]],
) -> None:
    for table, rows in (
        (t.case_summary, summaries),
        (t.clocks, clock_rows),
        (t.follow_ups, pending),
    ):
        conn.execute(delete(table).where(table.c.case_id.in_(case_ids)))
        if rows:
            insert_rows(conn, table, rows)


def insert_rows(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows, each with the same keys (columns of ``table``; one left out takes its
    default), inside ``conn``'s transaction: PostgreSQL's COPY, else one prepared INSERT the
    driver runs for every row.

    A rebuild writes some thirty rows a case, and SQLAlchemy's executemany spends more time
    turning each row's parameters over than the database spends storing them. Values pass
    through the columns' own conversions (JSON, booleans) as SQLAlchemy's insert would.
    """
    if not rows:
        return
    names = list(rows[0])
    values = (
        list(map(itemgetter(*names), rows)) if len(names) > 1 else [(r[names[0]],) for r in rows]
    )
    dialect = conn.dialect
    procs = [(i, p) for i, n in enumerate(names) if (p := _to_driver(table.c[n].type, dialect))]
    if procs:
        values = [_converted(v, procs) for v in values]
    columns = ", ".join(f'"{n}"' for n in names)
    if dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for row in values:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values)


def _to_driver(kind: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """How a value of this column type goes to the driver: SQLAlchemy's own conversion, and
    on PostgreSQL, where psycopg adapts JSON for a bound parameter but not in a COPY, the JSON
    text SQLAlchemy's default serializer writes (None as JSON null unless ``none_as_null``)."""
    if dialect.name == "postgresql" and isinstance(kind, JSON):
        if kind.none_as_null:
            return lambda v: None if v is None else json.dumps(v)
        return json.dumps
    return cast("Callable[[Any], Any] | None", kind.bind_processor(dialect))


def _converted(row: tuple[Any, ...], procs: list[tuple[int, Any]]) -> tuple[Any, ...]:
    out = list(row)
    for i, proc in procs:
        out[i] = proc(out[i])
    return tuple(out)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
