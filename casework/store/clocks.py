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
"""

from __future__ import annotations

import gc
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    JSON,
    Connection,
    case,
    delete,
    exists,
    func,
    literal,
    literal_column,
    select,
    true,
)

from ..cases import OPEN_STATUSES, Actor, Case, Channel, Communication, Event, EventKind
from ..clock import to_shanghai
from ..errors import CaseworkError
from ..money import from_fen
from . import schema as t

if TYPE_CHECKING:
    from ..rules.deadlines import Deadline
    from .register import Store

#: Clock states that belong on the due list: not closed yet, or closed after the due date.
#: A clock the advocate settled or dismissed has another state and stays off the list.
DUE_STATES = ("running", "late")

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
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with _collector_paused(), store.write() as conn:
            conn.execute(
                select(t.cases.c.id).where(t.cases.c.id.in_(chunk)).with_for_update()
            ).all()
            refresh(store, conn, chunk)
            conn.info.pop(_DIRTY, None)
        if progress is not None:
            progress(start + len(chunk), len(ids))


# -- the rows -----------------------------------------------------------------------------------


def _engine(view: _Loaded, case_id: str, today: date) -> list[Deadline]:
    # The rules' public entry point, given a view of the store that answers from loaded rows:
    # whatever the engine comes to return (more clocks, dated texts) is stored as it says.
    from ..rules import deadlines_for

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
        from ..rules.basis import deadline_basis

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


# -- reading a batch of cases at once -----------------------------------------------------------


_KINDS = {k.value: k for k in EventKind}
_ACTORS = {a.value: a for a in Actor}
_CHANNELS = {c.value: c for c in Channel}


def _when(value: str) -> datetime:
    # Stored times are ISO text with their offset; fromisoformat is exact and ~100× faster than
    # the free-form parser the models use for typed input.
    return to_shanghai(datetime.fromisoformat(value))


#: The fields of the models a batch builds from rows, in the order :class:`_Loaded` reads them
#: (a field added to a model without a column here fails at import, not in a rebuild).
_EVENT_FIELDS = ("id", "case_id", "at", "kind", "actor", "text", "source")
_COMM_FIELDS = (
    *("id", "case_id", "at", "counterpart", "counterpart_kind", "channel", "direction"),
    *("ref", "summary", "response_due", "follow_up"),
)
if tuple(Event.model_fields) != _EVENT_FIELDS or tuple(Communication.model_fields) != _COMM_FIELDS:
    raise ImportError("casework.store.clocks reads Event and Communication field by field")


def _columns(table: Any, fields: tuple[str, ...]) -> list[Any]:
    return [table.c[name] for name in fields]


def _trusted(model: Any, values: dict[str, Any]) -> Any:
    """A model from a stored row holding every one of its fields, already typed: what
    ``model_construct`` does, without its per-field search for aliases and defaults (a rebuild
    builds forty of these per case)."""
    m = model.__new__(model)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(values))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


class _Loaded:
    """The reads the deadline engine makes of a store (a case, its events, its contacts),
    answered from rows loaded for a batch of cases in a few queries on one connection. Anything
    else is passed on to the store itself."""

    def __init__(self, store: Store, conn: Connection, case_ids: list[str]) -> None:
        self._store = store
        cases = {
            r.id: dict(r._mapping)
            for r in conn.execute(select(t.cases).where(t.cases.c.id.in_(case_ids)))
        }
        self.ids = sorted(cases)
        parties = conn.execute(select(t.parties).where(t.parties.c.case_id.in_(case_ids)))
        from .case_rows import PARTY_FIELDS

        for p in parties:
            data = cases[p.case_id]
            for f, col in PARTY_FIELDS[p.role].items():
                data[f] = getattr(p, col)
        self._cases = {cid: _case(data) for cid, data in cases.items()}
        self._events = _events(conn, case_ids)
        self._comms = _communications(conn, case_ids)
        a = t.audit
        q = (
            select(a.c.case_id, a.c.actor)
            .where(a.c.case_id.in_(case_ids), a.c.action == "create")
            .order_by(a.c.id)
        )
        self.created_by: dict[str, str] = {}
        for case_id, actor in _tuples(conn, q):
            self.created_by.setdefault(case_id, actor)
        # The advocate's settled and dismissed clocks (#15), which casework.settle applies.
        st = t.clock_settlements
        q = select(st).where(st.c.case_id.in_(case_ids), st.c.undone_at.is_(None))
        self._settled: dict[str, list[Any]] = defaultdict(list)
        for r in conn.execute(q.order_by(st.c.id)).all():
            self._settled[r.case_id].append(r)

    def get_case(self, case_id: str) -> Case:
        return self._cases[case_id]

    def list_events(self, case_id: str) -> list[Event]:
        return list(self._events.get(case_id, ()))

    def list_communications(self, case_id: str) -> list[Communication]:
        return list(self._comms.get(case_id, ()))

    def loaded_settlements(self, case_id: str) -> list[Any]:
        """The live settlement rows of a case, by id (read by :func:`casework.settle.settlements`
        instead of a query per case)."""
        return self._settled.get(case_id, [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


# Rows the register wrote were validated on the way in: the models are built without validating
# again (the validators parse free-form input and dominated a rebuild).


def _events(conn: Connection, case_ids: list[str]) -> dict[str, list[Event]]:
    """The events of these cases, by case, in time order."""
    out: dict[str, list[Event]] = defaultdict(list)
    e = t.events
    q = select(*_columns(e, _EVENT_FIELDS)).where(e.c.case_id.in_(case_ids))
    for id_, case_id, at, kind, actor, text, source in _tuples(
        conn, q.order_by(e.c.case_id, e.c.at, e.c.id)
    ):
        data = {
            "id": id_,
            "case_id": case_id,
            "at": _when(at),
            "kind": _KINDS[kind],
            "actor": _ACTORS[actor],
            "text": text,
            "source": source,
        }
        out[case_id].append(_trusted(Event, data))
    return out


def _communications(conn: Connection, case_ids: list[str]) -> dict[str, list[Communication]]:
    """The contacts of these cases, by case, in time order."""
    out: dict[str, list[Communication]] = defaultdict(list)
    m = t.communications
    q = select(*_columns(m, _COMM_FIELDS)).where(m.c.case_id.in_(case_ids))
    for r in _tuples(conn, q.order_by(m.c.case_id, m.c.at, m.c.id)):
        due, follow = r[9], r[10]
        data = {
            "id": r[0],
            "case_id": r[1],
            "at": _when(r[2]),
            "counterpart": r[3],
            "counterpart_kind": _ACTORS[r[4]],
            "channel": _CHANNELS[r[5]],
            "direction": r[6],
            "ref": r[7],
            "summary": r[8],
            "response_due": date.fromisoformat(due) if due else None,
            "follow_up": date.fromisoformat(follow) if follow else None,
        }
        out[r[1]].append(_trusted(Communication, data))
    return out


def _case(data: dict[str, Any]) -> Case:
    from .case_rows import _row_of

    fen = data.pop("amount_paid_fen")
    data["amount_paid"] = None if fen is None else from_fen(fen)
    try:  # the stored ISO text, read exactly; anything else is left for the model to report
        data["created_at"] = _when(data["created_at"])
        data["updated_at"] = _when(data["updated_at"])
        if data.get("purchase_date"):
            data["purchase_date"] = date.fromisoformat(data["purchase_date"])
    except (TypeError, ValueError):
        pass
    with _row_of(data["id"]):  # a damaged row is named with its field, as get_case names it
        return Case.model_validate(data)


# -- reading: what the portfolio views ask ------------------------------------------------------


def summary_rows(conn: Connection) -> list[Any]:
    """Every case's summary row, by case id."""
    s = t.case_summary
    return list(conn.execute(select(s).order_by(s.c.case_id)).all())


#: Between the values of one group in an aggregate (the ASCII unit separator: never in a name).
SEP = "\x1f"


def _joined(conn: Connection, column: Any) -> Any:
    """The group's values as one text, in no particular order (:func:`_split` sorts them).

    Neither database is asked to sort inside the aggregate: SQLite before 3.44 cannot, and on
    PostgreSQL a sort per group cost five times the aggregate itself (the index already hands
    the ids over in order). Python's order is code-point order — SQLite's BINARY, and the old
    listing's order under PostgreSQL's C collation — and does not depend on the server's locale.
    The separator is written into the statement, not bound: SQLite reads a bound separator
    again for every row, which made the status view's aggregate cost twice a count."""
    sep: Any = literal_column(f"'{SEP}'")
    if conn.dialect.name == "postgresql":
        return func.string_agg(column, sep)
    return func.group_concat(column, sep)


def _split(joined: str | None, ordered: bool) -> list[str]:
    values = joined.split(SEP) if joined else []
    return sorted(values) if ordered else values


def open_status_ids(conn: Connection) -> dict[str, list[str]]:
    """The ids of the open cases of each status, by case id (the covering index answers it)."""
    s = t.case_summary
    q = (
        select(s.c.status, _joined(conn, s.c.case_id))
        .where(s.c.is_open == true())
        .group_by(s.c.status)
    )
    return {status: _split(ids, True) for status, ids in conn.execute(q).all()}


@dataclass
class MerchantGroup:
    merchant: str
    cases: int
    open: int
    ids: list[str]
    shops: set[str]
    platforms: set[str]
    categories: set[str]


def repeat_groups(conn: Connection, min_cases: int) -> list[MerchantGroup]:
    """Merchants named in at least ``min_cases`` cases, with what their cases have in common."""
    s = t.case_summary
    # Which merchants come back, from the index alone; only their cases are then aggregated.
    repeated = (
        select(s.c.merchant)
        .where(s.c.merchant != "")
        .group_by(s.c.merchant)
        .having(func.count() >= min_cases)
    )
    q = (
        select(
            s.c.merchant,
            func.count(),
            func.sum(case((s.c.is_open == true(), 1), else_=0)),
            _joined(conn, s.c.case_id),
            _joined(conn, s.c.shop_name),
            _joined(conn, s.c.platform),
            _joined(conn, s.c.category),
        )
        .where(s.c.merchant.in_(repeated))
        .group_by(s.c.merchant)
    )
    return [
        MerchantGroup(
            merchant=merchant,
            cases=int(count),
            open=int(opened or 0),
            ids=_split(ids, True),
            shops={v for v in _split(shops, False) if v},
            platforms={v for v in _split(platforms, False) if v},
            categories=set(_split(categories, False)),
        )
        for merchant, count, opened, ids, shops, platforms, categories in conn.execute(q).all()
    ]


def due_rows(
    conn: Connection,
    horizon: date,
    *,
    deadlines: bool = True,
    follow_ups: bool = True,
    case_id: str | None = None,
    what: str | None = None,
) -> tuple[list[tuple[Any, ...]], dict[str, str]]:
    """What is due up to ``horizon`` in open cases, unordered, as plain tuples ``(case_id,
    what, what_zh, due, counterpart, ref, ref_en, summary, src, seq)``, and the titles of the
    open cases by id.

    ``src`` is 0 for a deadline and 1 for a follow-up, so sorting by ``(due, case_id, src,
    seq)`` gives the portfolio's order. Python sorts these wide rows faster than the database,
    and one read of the open cases' titles costs less than a join looked up row by row.
    Deadlines are the clocks on the due list (:data:`DUE_STATES`, read by ``ix_clocks_due``);
    follow-ups the pending items of the log (``ix_follow_ups_due``), with ``what_zh`` left empty
    for the caller to name. ``what`` keeps only follow-ups of that kind.
    """
    c, f, s = t.clocks, t.follow_ups, t.case_summary
    found: list[tuple[Any, ...]] = []
    if deadlines:
        q = select(
            c.c.case_id,
            c.c.title_en,
            c.c.title_zh,
            c.c.due,
            literal(""),
            c.c.basis_zh,
            c.c.basis_en,
            literal(""),
            literal(0),
            c.c.seq,
        ).where(
            c.c.case_open == true(),
            c.c.state.in_(DUE_STATES),
            c.c.due.is_not(None),
            c.c.due <= horizon.isoformat(),
        )
        found += _tuples(conn, q if case_id is None else q.where(c.c.case_id == case_id))
    if follow_ups:
        q = select(
            f.c.case_id,
            f.c.what,
            literal(""),
            f.c.due,
            f.c.counterpart,
            f.c.ref,
            f.c.ref,
            f.c.summary,
            literal(1),
            f.c.seq,
        ).where(f.c.case_open == true(), f.c.due <= horizon.isoformat())
        if case_id is not None:
            q = q.where(f.c.case_id == case_id)
        found += _tuples(conn, q if what is None else q.where(f.c.what == what))
    titles = select(s.c.case_id, s.c.title).where(s.c.is_open == true())
    if case_id is not None:
        titles = titles.where(s.c.case_id == case_id)
    return found, dict(_tuples(conn, titles))


def _tuples(conn: Connection, q: Any) -> list[tuple[Any, ...]]:
    """The DBAPI's own row tuples: thousands of rows of plain text need none of the Row
    machinery (every column read here is text or an integer, with nothing to convert)."""
    result = conn.execute(q)
    try:
        return list(result.cursor.fetchall())  # type: ignore[union-attr]
    finally:
        result.close()
