"""What the portfolio views ask of the register (案件总览的查询): indexed reads of the case summary,
the clocks and the follow-ups that :mod:`casework.store.clocks` keeps current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    case,
    func,
    literal,
    literal_column,
    select,
    true,
)

from . import schema as t
from .clock_loading import plain_rows

if TYPE_CHECKING:
    pass


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


#: Clock states that belong on the due list: not closed yet, or closed after the due date.
#: A clock the advocate settled or dismissed has another state and stays off the list.
DUE_STATES = ("running", "late")


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
    s = t.case_summary
    found: list[tuple[Any, ...]] = []
    if deadlines:
        found += plain_rows(conn, _due_clocks(horizon, case_id))
    if follow_ups:
        found += plain_rows(conn, _due_follow_ups(horizon, case_id, what))
    titles = select(s.c.case_id, s.c.title).where(s.c.is_open == true())
    if case_id is not None:
        titles = titles.where(s.c.case_id == case_id)
    return found, dict(plain_rows(conn, titles))


def _due_clocks(horizon: date, case_id: str | None) -> Any:
    """The clocks on the due list up to ``horizon``, in :func:`due_rows`' tuple shape."""
    c = t.clocks
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
    return q if case_id is None else q.where(c.c.case_id == case_id)


def _due_follow_ups(horizon: date, case_id: str | None, what: str | None) -> Any:
    """The pending follow-ups up to ``horizon``, in :func:`due_rows`' tuple shape."""
    f = t.follow_ups
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
    return q if what is None else q.where(f.c.what == what)
