"""The advocate's edit of a draft, kept in the register (like the narrative's edit): every save
is a row and an audit entry; the latest row of a (case, kind, clock) wins, an empty one reverts
to the generated text."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, insert, select

from ..store import Store
from ..store import schema as t


def saved(store: Store, case_id: str, kind: str, clock: str) -> str:
    """The advocate's live edit ("" when there is none or it was cleared)."""
    row = _latest(store, case_id, kind, clock)
    return row.text if row is not None else ""


def save(store: Store, case_id: str, kind: str, clock: str, text: str) -> None:
    """Keep ``text`` as the live edit (stripped; empty goes back to generated)."""
    store.get_case(case_id)  # NotFound first
    row = {
        "case_id": case_id,
        "kind": kind,
        "clock": clock,
        "text": text.strip(),
        "at": store.now(),
        "actor": store.actor,
    }
    with store.write() as conn:
        store.touch(conn, case_id)
        conn.execute(insert(t.draft_edits).values(**row))
        store.log(
            conn,
            case_id,
            "draft.save",
            None,
            {"kind": kind, "clock": clock, "chars": len(row["text"])},
        )


def saved_at(store: Store, case_id: str, kind: str, clock: str) -> str:
    """When the live edit was saved ("" when there is none)."""
    row = _latest(store, case_id, kind, clock)
    return row.at if row is not None else ""


def _latest(store: Store, case_id: str, kind: str, clock: str) -> Row[Any, Any] | None:
    """The latest save of a (case, kind, clock): it wins."""
    d = t.draft_edits
    with store.read() as conn:
        return conn.execute(
            select(d.c.text, d.c.at)
            .where(d.c.case_id == case_id, d.c.kind == kind, d.c.clock == clock)
            .order_by(d.c.id.desc())
            .limit(1)
        ).first()
