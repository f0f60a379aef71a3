"""The deadline engine: which clocks run, their due dates across real holidays, and their status."""

from __future__ import annotations

from datetime import date

import pytest

from casework.demo import build_demo
from casework.rules import deadlines_for, deadlines_frame
from casework.rules.deadlines import Deadline, compute
from casework.store import Store

from .helpers import make_case, make_events


def _clock(clocks: list, rule_id: str):  # type: ignore[no-untyped-def]
    return next(d for d in clocks if d.rule_id == rule_id)


CASES = [
    # (name, category, events, today, rule, start, due, status)
    (
        "签收 before National Day 2025: the last day 10-07 is a holiday, rolled to 10-09",
        "return",
        [("2025-09-30 18:00", "delivered", "courier")],
        date(2025, 10, 3),
        "no_reason_return",
        date(2025, 9, 30),
        date(2025, 10, 9),
        "open",
    ),
    (
        "return requested 10-09: in time, Art. 203 rolls the window to 10-09",
        "return",
        [("2025-09-30 18:00", "delivered", "courier"), ("2025-10-09 09:00", "return_requested")],
        date(2025, 10, 20),
        "no_reason_return",
        date(2025, 9, 30),
        date(2025, 10, 9),
        "met",
    ),
    (
        "return requested 10-10: too late even with the roll-over",
        "return",
        [("2025-09-30 18:00", "delivered", "courier"), ("2025-10-10 09:00", "return_requested")],
        date(2025, 10, 20),
        "no_reason_return",
        date(2025, 9, 30),
        date(2025, 10, 9),
        "overdue",
    ),
    (
        "quality return rolls over the holiday (消保法 24, 民法典 203)",
        "quality",
        [("2025-09-30 18:00", "delivered", "courier")],
        date(2025, 10, 8),
        "quality_return",
        date(2025, 9, 30),
        date(2025, 10, 9),
        "open",
    ),
    (
        "regulator: 7 working days across Spring Festival 2026, no answer",
        "quality",
        [("2026-02-12 10:00", "complaint_filed", "regulator")],
        date(2026, 3, 2),
        "regulator_acceptance",
        date(2026, 2, 12),
        date(2026, 2, 28),
        "overdue",
    ),
    (
        "regulator accepted on the 调休 Saturday: met",
        "quality",
        [
            ("2026-02-12 10:00", "complaint_filed", "regulator"),
            ("2026-02-28 15:00", "complaint_accepted", "regulator"),
        ],
        date(2026, 3, 2),
        "regulator_acceptance",
        date(2026, 2, 12),
        date(2026, 2, 28),
        "met",
    ),
    (
        "regulator accepted late: overdue, closed",
        "quality",
        [
            ("2026-02-12 10:00", "complaint_filed", "regulator"),
            ("2026-03-03 15:00", "complaint_accepted", "regulator"),
        ],
        date(2026, 3, 9),
        "regulator_acceptance",
        date(2026, 2, 12),
        date(2026, 2, 28),
        "overdue",
    ),
    (
        "refund 7 days after the seller got the goods back",
        "return",
        [("2026-03-02 10:00", "goods_returned", "seller")],
        date(2026, 3, 5),
        "refund_after_return",
        date(2026, 3, 2),
        date(2026, 3, 9),
        "open",
    ),
    (
        "refund arrived in time",
        "return",
        [
            ("2026-03-02 10:00", "goods_returned", "seller"),
            ("2026-03-06 10:00", "refund_received", "seller"),
        ],
        date(2026, 3, 20),
        "refund_after_return",
        date(2026, 3, 2),
        date(2026, 3, 9),
        "met",
    ),
    (
        "durable goods: defect within 6 months shifts the burden",
        "quality",
        [("2026-01-10 10:00", "delivered", "courier"), ("2026-06-01", "defect_found")],
        date(2026, 6, 2),
        "durable_burden_shift",
        date(2026, 1, 10),
        date(2026, 7, 10),
        "met",
    ),
    (
        "civil limitation restarts at the last demand (民法典 195)",
        "quality",
        [("2026-01-10 10:00", "defect_found"), ("2026-03-01 10:00", "contacted_seller")],
        date(2026, 6, 2),
        "civil_limitation",
        date(2026, 3, 1),
        date(2029, 3, 1),
        "open",
    ),
    (
        "courier complaint: 7 days",
        "logistics",
        [("2026-03-02 10:00", "complaint_filed", "courier")],
        date(2026, 3, 10),
        "courier_complaint",
        date(2026, 3, 2),
        date(2026, 3, 9),
        "overdue",
    ),
]


@pytest.mark.parametrize(
    ("name", "category", "events", "today", "rule", "start", "due", "status"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_clock(
    name: str,
    category: str,
    events: list,
    today: date,
    rule: str,
    start: date,
    due: date,
    status: str,
) -> None:
    clock = _clock(compute(make_case(category), make_events(*events), [], today), rule)
    assert (clock.start, clock.due, clock.status) == (start, due, status)
    assert clock.citations, "every clock carries its citation"


def test_no_reason_return_rolls_over_like_every_clock() -> None:
    """One roll-over policy (民法典 203): the 7-day window rolls over National Day 2025 like the
    seller's clocks do, and the consumer is still told the safe date to act by."""
    events = make_events(
        ("2025-09-30 18:00", "delivered", "courier"), ("2025-10-09 09:00", "return_requested")
    )
    clock = _clock(compute(make_case("return"), events, [], date(2025, 10, 20)), "no_reason_return")
    assert (clock.due, clock.status, clock.act_by) == (date(2025, 10, 9), "met", date(2025, 10, 7))
    assert any("203" in n.zh for n in clock.notes)


def test_regulator_clock_does_not_bind_the_consumer_association() -> None:
    events = make_events(("2026-03-02 10:00", "complaint_filed", "association"))
    clocks = compute(make_case(), events, [], date(2026, 4, 1))
    assert _clock(clocks, "regulator_acceptance").status == "not_applicable"
    assoc = _clock(clocks, "association_mediation")
    assert assoc.status == "open" and assoc.due is None


def test_mediation_conflict_shows_both_with_rank() -> None:
    events = make_events(("2026-03-02 10:00", "complaint_accepted", "regulator"))
    clocks = compute(make_case(), events, [], date(2026, 3, 5))
    wd45, d60 = _clock(clocks, "mediation_45wd"), _clock(clocks, "mediation_60d")
    assert wd45.conflict_group == d60.conflict_group == "mediation_ceiling"
    assert d60.prevails and not wd45.prevails
    assert d60.citations[0].rank_order < wd45.citations[0].rank_order  # regulation outranks rule
    assert (wd45.due, d60.due) == (date(2026, 5, 8), date(2026, 5, 6))


def test_report_extension_keeps_the_clock_open() -> None:
    events = make_events(("2026-03-02 10:00", "report_filed", "regulator"))
    clock = _clock(compute(make_case(), events, [], date(2026, 3, 30)), "report_verification")
    assert clock.due == date(2026, 3, 23) and clock.extended_due == date(2026, 4, 14)
    assert clock.status == "open"


def test_sanbao_figures_are_flagged_unverified() -> None:
    events = make_events(("2026-03-02 10:00", "purchase"))
    clock = _clock(compute(make_case(), events, [], date(2026, 3, 5)), "sanbao_return_7d")
    assert clock.unverified and "not verified" in clock.citation_en and "未经核实" in clock.citation


def test_category_filter() -> None:
    events = make_events(("2026-03-02 10:00", "delivered", "courier"))
    clocks = compute(make_case("payment"), events, [], date(2026, 3, 5))
    assert _clock(clocks, "quality_return").status == "not_applicable"
    assert _clock(clocks, "no_reason_return").status == "open"


def test_demo_has_the_overdue_regulator_clock(store: Store) -> None:
    case = build_demo(store)
    clocks = deadlines_for(store, case.id)  # today = the store clock, 2026-11-29
    reg = _clock(clocks, "regulator_acceptance")
    assert (reg.start, reg.due, reg.status, reg.day_kind) == (
        date(2026, 10, 20),
        date(2026, 10, 29),
        "overdue",
        "working",
    )
    assert reg.escalates
    assert "办法》第15条第1款" in reg.citation and "暂行办法" not in reg.citation
    # The 12315 communication's answer-by date is the same clock, not a second one.
    assert not any(d.source == "communication" and d.due == date(2026, 10, 29) for d in clocks)
    assert _clock(clocks, "no_reason_return").status == "met"
    frame = deadlines_frame(store, case.id)
    assert frame.iloc[0]["status"] != "not_applicable"
    assert set(frame["status"]) <= {"met", "open", "overdue", "not_applicable"}
    early = _clock(deadlines_for(store, case.id, today=date(2026, 10, 28)), "regulator_acceptance")
    assert early.status == "open"


def test_calendar_gap_warning_only_where_it_matters() -> None:
    events = make_events(
        ("2026-03-01 10:00", "defect_found"), ("2026-03-05 10:00", "complaint_filed", "regulator")
    )
    clocks = compute(make_case(), events, [], date(2026, 3, 6))
    bar = _clock(clocks, "complaint_time_bar")  # filed in 2026, due in 2029: surely in time
    assert bar.status == "met" and bar.estimated and not bar.warnings
    limitation = _clock(clocks, "civil_limitation")  # still running into 2029: warn
    assert limitation.status == "open" and any("2029" in w.zh for w in limitation.warnings)


def test_intake_purchase_date_starts_the_sale_clocks() -> None:
    """No purchase event logged: the purchase date from intake starts the 三包 and payment-record
    clocks (and says so); the 签收 clocks wait for a delivery event and say which one."""
    clocks = compute(make_case(purchase_date="2026-03-02"), [], [], date(2026, 3, 5))
    sanbao = _clock(clocks, "sanbao_return_7d")
    assert sanbao.start == date(2026, 3, 2) and sanbao.due == date(2026, 3, 9)
    assert sanbao.status == "open"
    assert any("起算日取自登记的购买日期" in n.zh for n in sanbao.notes)
    no_reason = _clock(clocks, "no_reason_return")
    assert no_reason.status == "not_applicable" and no_reason.start is None
    assert any("需记录签收时间" in n.zh for n in no_reason.notes)
    assert any("log the delivery (签收) event" in n.en for n in no_reason.notes)


def test_a_logged_purchase_wins_over_the_intake_date() -> None:
    events = make_events(("2026-03-04 10:00", "purchase"))
    clocks = compute(make_case(purchase_date="2026-03-02"), events, [], date(2026, 3, 5))
    sanbao = _clock(clocks, "sanbao_return_7d")
    assert sanbao.start == date(2026, 3, 4)
    assert not any("登记的购买日期" in n.zh for n in sanbao.notes)


def test_one_clock_order_for_every_face() -> None:
    """``ordered``: what needs action first — overdue, open, met, then those that do not apply —
    each by due date, a clock with none last (#16: the CLI and the workbook call it)."""
    from casework.rules import ordered

    def at(rule_id: str, status: str, due: date | None) -> Deadline:
        return Deadline(rule_id, rule_id, rule_id, "duty", "seller", None, due, 7, "days", status)

    clocks = [
        at("na", "not_applicable", None),
        at("met", "met", date(2026, 1, 1)),
        at("open_late", "open", date(2026, 3, 1)),
        at("open_none", "open", None),
        at("open_soon", "open", date(2026, 2, 1)),
        at("overdue", "overdue", date(2026, 5, 1)),
    ]
    assert [d.rule_id for d in ordered(clocks)] == [
        "overdue",
        "open_soon",
        "open_late",
        "open_none",
        "met",
        "na",
    ]
