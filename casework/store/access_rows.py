"""SQL for the access log (访问记录): its rows are ``audit`` rows. Only this module talks SQL for
them; :mod:`casework.access` decides what is logged and how it reads.

An access row is a plain insert in its own transaction: unlike :meth:`Store.log` it does not mark
the case's portfolio rows for recomputation (an open changes nothing of the case).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from . import schema as t


def append(engine: Engine, row: dict[str, Any]) -> None:
    """One ``audit`` row, committed on its own."""
    with engine.begin() as conn:
        conn.execute(insert(t.audit).values(**row))


def rows(conn: Connection, case_id: str, actions: Iterable[str]) -> list[Any]:
    """The case's audit rows with one of ``actions``, oldest first: at, actor, action, after."""
    a = t.audit
    return list(
        conn.execute(
            select(a.c.at, a.c.actor, a.c.action, a.c.after)
            .where(a.c.case_id == case_id, a.c.action.in_(sorted(actions)))
            .order_by(a.c.id)
        ).all()
    )
