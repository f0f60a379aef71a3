"""The deadline engine (期限计算): every clock a case's events start, with due date and status.

A clock starts at an event (签收 = signed for delivery, complaint filed, goods returned …), runs
for the length its rule gives (calendar days, working days with 调休, months or years; the start
day excluded, 民法典 201), and is closed by a later event (the regulator's acceptance, a refund …).
Communications with an answer-by date (答复期限) become clocks too.

The parts: :mod:`.deadline` (one clock), :mod:`.clock_events` (which events start and close it),
:mod:`.rule_clocks` (counting a rule's clock), :mod:`.log_clocks` (the communications log's); this
module puts them together, orders them for every face (:func:`ordered`) and escalates.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..cases import Case, Communication, Event
from .clock_events import starts, with_intake_purchase
from .deadline import STATUSES, UNIT_TEXT, UNITS, Deadline
from .log_clocks import log_clocks
from .rule_clocks import clock, roll_policy, rules, transition
from .settled import apply, by_clock
from .text import Text

if TYPE_CHECKING:
    import pandas as pd

    from ..store import Store

__all__ = [
    "FRAME_COLUMNS",
    "STATUSES",
    "UNITS",
    "UNIT_TEXT",
    "Deadline",
    "compute",
    "deadlines_for",
    "deadlines_frame",
    "escalating",
    "ordered",
    "roll_policy",
    "rules",
]


def _unpaired(out: list[Deadline]) -> None:
    # A conflict needs two sides: with the 45 working days gone (办法, 2026-04-15) the 60 days
    # stand alone and say nothing of ranks.
    groups = [d.conflict_group for d in out if d.conflict_group and d.status != "not_applicable"]
    for d in out:
        if d.conflict_group and groups.count(d.conflict_group) < 2:
            d.conflict_group, d.prevails = "", None


def _with_log(out: list[Deadline], logged: list[Deadline]) -> None:
    """The log's clocks added to the legal ones; a logged date the law already sets is noted
    on the legal clock, not shown twice."""
    for cd in logged:
        if cd.draft_kind:
            out.append(cd)  # a sent document's clock is its own, never folded into another
            continue
        # The same due date for the same party as a legal clock: keep the legal one, note the ref.
        twin = next(
            (d for d in out if d.party == cd.party and d.due == cd.due and d.source == "rule"), None
        )
        if twin is not None:
            twin.notes.append(
                Text(
                    f"沟通记录也记载此期限（{cd.ref}）",
                    f"the communications log has the same date ({cd.ref})",
                )
            )
        else:
            out.append(cd)


def compute(
    case: Case,
    events: list[Event],
    comms: list[Communication],
    today: date,
    facts: frozenset[str] = frozenset(),
) -> list[Deadline]:
    """The pure engine: every clock for these facts, as of ``today``. ``facts`` are what the
    advocate confirmed (``injury``: a defect caused harm)."""
    events = sorted(events, key=lambda e: (e.at, e.id or 0))
    clock_events = with_intake_purchase(case, events)
    out: list[Deadline] = []
    for rule in rules():
        found: list[Event | None] = [*starts(rule, clock_events)] or [None]
        for s in found:
            d = clock(rule, case, s, clock_events, today, facts)
            if d is None:
                continue
            out.append(d)
            if s is not None:
                out.extend(transition(rule, case, s, clock_events, today, d, facts))
    _unpaired(out)
    _with_log(out, log_clocks(comms, events, today))
    return out


#: What needs action first: run-out clocks, then running ones, then those met, then the rest.
_URGENCY = {"overdue": 0, "open": 1, "met": 2}


def ordered(clocks: list[Deadline]) -> list[Deadline]:
    """The clocks in the order every face shows them (#16): applicable first — overdue, then
    open, then met — and within each by due date, a clock with none last."""
    return sorted(
        clocks, key=lambda d: (_URGENCY.get(d.status, 3), d.due is None, d.due or date.min)
    )


def escalating(clocks: list[Deadline]) -> list[Deadline]:
    """The overdue duties that call for escalation, by due date. Of two conflicting clocks for
    the same duty (the 45 working days of the 暂行办法 vs the 60 days of the 实施条例) only the
    one that prevails by rank speaks — a submission cites the higher rule, and says it once."""
    overdue = [d for d in clocks if d.escalates]
    winners = {d.conflict_group for d in overdue if d.conflict_group and d.prevails}
    kept = [d for d in overdue if not (d.conflict_group in winners and not d.prevails)]
    return sorted(kept, key=lambda d: d.due or date.min)


def deadlines_for(
    store: Store, case_id: str, today: date | None = None, facts: frozenset[str] = frozenset()
) -> list[Deadline]:
    """Every clock of a case, with the ones an advocate marked met or dismissed (#15) saying so;
    ``today`` defaults to the register's clock (Asia/Shanghai)."""
    case = store.get_case(case_id)
    today = today or store.clock().date()
    events, comms = store.list_events(case_id), store.list_communications(case_id)
    clocks = compute(case, events, comms, today, facts)
    try:
        rows = store.settlement_rows(case_id)
    except Exception:  # a register before migration 0005 (read-only): no settlements yet
        return clocks
    return apply(clocks, by_clock(rows))


FRAME_COLUMNS = [
    "rule_id",
    "name_zh",
    "name_en",
    "kind",
    "party",
    "start",
    "due",
    "days",
    "unit",
    "day_kind",
    "status",
    "closed_on",
    "citation",
    "estimated",
    "unverified",
    "source",
]


def deadlines_frame(store: Store, case_id: str, today: date | None = None) -> pd.DataFrame:
    """The clocks as a DataFrame (one row per clock), in :func:`ordered` order."""
    import pandas as pd  # lazy: the register imports this engine, and most writes need no frame

    rows = [d.to_dict() for d in ordered(deadlines_for(store, case_id, today))]
    return pd.DataFrame(rows, columns=[*FRAME_COLUMNS, "warnings", "notes"])
