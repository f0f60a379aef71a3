"""Read-only SQL for the timeline: a case's imported transactions and evidence items.

The records and evidence packages own these tables; the timeline prefers their public functions
and falls back to these two queries when an older install lacks them, so the figure never breaks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from . import schema as t
from .register import Store


def transaction_rows(store: Store, case_id: str) -> list[dict[str, Any]]:
    """time, direction, amount_fen, counterparty, item, is_refund, source, line — by time."""
    c = t.transactions.c
    q = (
        select(
            c.time, c.direction, c.amount_fen, c.counterparty, c.item, c.is_refund, c.source, c.line
        )
        .where(c.case_id == case_id)
        .order_by(c.time, c.id)
    )
    with store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def evidence_rows(store: Store, case_id: str) -> list[dict[str, Any]]:
    """id, type, original_name, description, captured_at, added_at — by id."""
    c = t.evidence.c
    q = (
        select(c.id, c.type, c.original_name, c.description, c.captured_at, c.added_at)
        .where(c.case_id == case_id)
        .order_by(c.id)
    )
    with store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
