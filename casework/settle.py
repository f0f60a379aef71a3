"""Clocks an advocate can settle (期限的人工处理).

The deadline rules close a clock only by the event kinds they name (七日无理由退货 by 申请退货 …).
When an act of another kind met it — a contact that asked for a return — the advocate marks the
clock **met**, naming that event or contact and a note; a clock that does not apply to the case is
**dismissed** with a reason. Both are written to ``clock_settlements`` and to the audit log, and
both are undone the same way (:func:`undo`). The deadline engine applies the live ones
(:mod:`casework.rules.settled`, below it): a met clock reads 已满足 (closed on the act's date), a
dismissed one 不适用 — so the timeline, the report and the portfolio's due list all follow without
knowing about settlements. This module writes, and so sits above the rules it checks against.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from .cases import EventKind
from .errors import InvalidInput, NotFound
from .rules.deadlines import deadlines_for, rules
from .rules.settled import DISMISSED, MET, Settlement, by_clock, clock_key, settlement_of
from .store import Store
from .store import schema as t

__all__ = [
    "DISMISSED",
    "MET",
    "Settlement",
    "clock_key",
    "closing_kinds",
    "closing_text",
    "dismiss",
    "settle",
    "settlements",
    "undo",
]


def settlements(store: Store, case_id: str) -> dict[str, Settlement]:
    """The live settlement of each settled clock of a case, by clock key."""
    return by_clock(store.settlement_rows(case_id))


def _clocks(store: Store, case_id: str) -> dict[str, Any]:
    return {clock_key(d): d for d in deadlines_for(store, case_id, today=store.clock().date())}


def _unknown_clock(case_id: str, clock: str, known: dict[str, Any]) -> InvalidInput:
    choices = ", ".join(known) or "—"
    return InvalidInput(
        f"案件 {case_id} 没有期限「{clock}」（可选: {choices}）",
        f"case {case_id} has no clock {clock!r} (choose from: {choices})",
        field="clock",
    )


def _write(
    store: Store, case_id: str, clock: str, values: dict[str, Any], action: str
) -> Settlement:
    s = t.clock_settlements
    with store.write() as conn:
        live = conn.execute(
            select(s.c.id).where(
                s.c.case_id == case_id, s.c.clock == clock, s.c.undone_at.is_(None)
            )
        ).first()
        if live is not None:
            raise InvalidInput(
                f"期限「{clock}」已处理过；请先撤销（casework clocks undo）",
                f"the clock {clock!r} is already settled; undo it first (casework clocks undo)",
                field="clock",
            )
        row = {
            "case_id": case_id,
            "clock": clock,
            "at": store.now(),
            "actor": store.actor,
            **values,
        }
        key = conn.execute(insert(s).values(**row)).inserted_primary_key
        new_id = key[0] if key else None
        store.log(conn, case_id, action, None, {k: v for k, v in row.items() if k != "case_id"})
        store.touch(conn, case_id)
        found = conn.execute(select(s).where(s.c.id == new_id)).one()
    return settlement_of(found)


def settle(
    store: Store,
    case_id: str,
    clock: str,
    *,
    event_id: int | None = None,
    communication_id: int | None = None,
    note: str = "",
) -> Settlement:
    """Mark ``clock`` met by an event or a contact of the case (one of them), with a note."""
    known = _clocks(store, case_id)
    if clock not in known:
        raise _unknown_clock(case_id, clock, known)
    if (event_id is None) == (communication_id is None):
        raise InvalidInput(
            "请指明满足该期限的事件或沟通记录（二选一）",
            "name the event or the contact that met the clock (one of them)",
            field="event_id",
        )
    match: list[Any]
    what: tuple[str, str, Any]
    if event_id is not None:
        match = [e for e in store.list_events(case_id) if e.id == event_id]
        what = ("事件", "event", event_id)
    else:
        match = [c for c in store.list_communications(case_id) if c.id == communication_id]
        what = ("沟通记录", "contact", communication_id)
    if not match:
        raise NotFound(
            f"案件 {case_id} 没有编号为 {what[2]} 的{what[0]}",
            f"case {case_id} has no {what[1]} {what[2]}",
            where=what[1],
        )
    return _write(
        store,
        case_id,
        clock,
        {
            "state": MET,
            "event_id": event_id,
            "communication_id": communication_id,
            "met_on": match[0].at.date().isoformat(),
            "note": note.strip(),
        },
        "clock_settle",
    )


def dismiss(store: Store, case_id: str, clock: str, *, reason: str) -> Settlement:
    """Dismiss ``clock`` as not applying to the case; the reason is required."""
    known = _clocks(store, case_id)
    if clock not in known:
        raise _unknown_clock(case_id, clock, known)
    if not reason.strip():
        raise InvalidInput(
            "请写明该期限不适用的理由", "give the reason the clock does not apply", field="note"
        )
    return _write(
        store, case_id, clock, {"state": DISMISSED, "note": reason.strip()}, "clock_dismiss"
    )


def undo(store: Store, case_id: str, clock: str) -> Settlement:
    """Undo the live settlement of ``clock`` (met or dismissed); the row stays, stamped undone."""
    s = t.clock_settlements
    with store.write() as conn:
        live = conn.execute(
            select(s)
            .where(s.c.case_id == case_id, s.c.clock == clock, s.c.undone_at.is_(None))
            .order_by(s.c.id.desc())
        ).first()
        if live is None:
            raise NotFound(
                f"案件 {case_id} 的期限「{clock}」没有可撤销的处理",
                f"case {case_id}: the clock {clock!r} has no settlement to undo",
                where="clock",
            )
        conn.execute(
            update(s).where(s.c.id == live.id).values(undone_at=store.now(), undone_by=store.actor)
        )
        done = settlement_of(live)
        store.log(conn, case_id, "clock_undo", done.to_dict(), None)
        store.touch(conn, case_id)
    return done


#: What closes an answer-by date from the log (rules/deadlines._comm_clocks): an answer in.
_COMM_CLOSERS = [
    "reply_received",
    "seller_replied",
    "complaint_accepted",
    "complaint_rejected",
    "refund_received",
]


def closing_kinds(d: Any) -> list[str]:
    """The event kinds that close a clock by the rules (the deadline table shows them, so the
    advocate sees why a 联系商家 asking for a return left 七日退货 open)."""
    if d.source != "rule":
        return list(_COMM_CLOSERS)
    for rule in rules():
        if rule.id == d.rule_id:
            return [str(k) for k in rule.close.events]
    return []


def closing_text(d: Any, lang: str = "zh") -> str:
    """The closing event kinds in words: 申请退货、收到退款 / return requested, refund received."""
    names = []
    for kind in closing_kinds(d):
        try:
            member = EventKind(kind)
        except ValueError:
            names.append(kind)
            continue
        names.append(member.value.replace("_", " ") if lang == "en" else member.zh)
    return (", " if lang == "en" else "、").join(names)
