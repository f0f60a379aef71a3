"""The advocate's settlements applied to the engine's clocks (期限的人工处理结果).

:mod:`casework.settle` writes a settlement (met by an act the rules do not count, or dismissed
as not applying) and undoes it; this module only reads the live ones and makes the engine's
clocks say so — a met clock reads 已满足 (closed on the act's date), a dismissed one 不适用 — so the
timeline, the report and the portfolio's due list all follow without knowing about settlements.
It is pure and sits below the deadline engine, which takes the live rows from the register
(``Store.settlement_rows``) and calls :func:`apply` (#16: the engine no longer reaches up into
``casework.settle``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .text import Text

MET = "met"
DISMISSED = "dismissed"


@dataclass(frozen=True)
class Settlement:
    """The live settlement of one clock."""

    id: int
    case_id: str
    clock: str
    state: str  # met | dismissed
    event_id: int | None
    communication_id: int | None
    met_on: date | None
    note: str
    at: str
    actor: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "case_id": self.case_id,
            "clock": self.clock,
            "state": self.state,
            "event_id": self.event_id,
            "communication_id": self.communication_id,
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "note": self.note,
            "at": self.at,
            "actor": self.actor,
        }


def clock_key(d: Any) -> str:
    """A clock's name in the register: its rule id, with its start date when a rule can run more
    than once (``no_reason_return@2026-10-03``); answer-by dates are ``comm:<id>``."""
    return f"{d.rule_id}@{d.start.isoformat()}" if d.start and d.source == "rule" else d.rule_id


def settlement_of(r: Any) -> Settlement:
    """A ``clock_settlements`` row as a :class:`Settlement`."""
    return Settlement(
        id=r.id,
        case_id=r.case_id,
        clock=r.clock,
        state=r.state,
        event_id=r.event_id,
        communication_id=r.communication_id,
        met_on=date.fromisoformat(r.met_on) if r.met_on else None,
        note=r.note,
        at=r.at,
        actor=r.actor,
    )


def by_clock(rows: Iterable[Any]) -> dict[str, Settlement]:
    """The live settlement of each settled clock, by clock key, from its rows in id order."""
    return {r.clock: settlement_of(r) for r in rows}


def apply(clocks: list[Any], settled: dict[str, Settlement]) -> list[Any]:
    """The engine's clocks with the advocate's settlements applied (met → 已满足 on the act's
    date; dismissed → 不适用), each with a note saying who settled it and why."""
    if not settled:
        return clocks
    out = []
    for d in clocks:
        s = settled.get(clock_key(d))
        if s is None:
            out.append(d)
            continue
        if s.state == MET:
            note = Text(
                f"代理人标记为已满足（{s.met_on}）：{s.note}".rstrip("："),
                f"marked met by the advocate ({s.met_on}): {s.note}".rstrip(": "),
            )
            out.append(
                replace(
                    d,
                    status="met",
                    closed_on=s.met_on,
                    closed_by="advocate",
                    notes=[*d.notes, note],
                )
            )
        else:
            note = Text(f"代理人标记为不适用：{s.note}", f"dismissed by the advocate: {s.note}")
            out.append(replace(d, status="not_applicable", notes=[*d.notes, note]))
    return out
