"""The group's filing starts the same clocks as a single case's (the deadline engine reads the
group's own events), and the submission's routing basis follows the measures in force."""

from __future__ import annotations

from casework import portfolio as pf
from casework.groups import basis, create_group
from casework.rules import deadlines_for
from casework.store import Store

from .test_group_submission import group_report, text_of


def test_filing_the_group_starts_the_acceptance_clock(store: Store, members: list[str]) -> None:
    gid = create_group(store, members, "耳机共同投诉").id
    before = {d.rule_id for d in deadlines_for(store, gid) if d.due}
    store.add_event(
        gid, kind="complaint_filed", at="2026-11-20 10:00", actor="advocate", text="12315"
    )
    clocks = [d for d in deadlines_for(store, gid) if d.due and d.rule_id not in before]
    assert clocks, "the group's filing started no clock"
    accept = next(d for d in clocks if d.start and d.start.isoformat() == "2026-11-20")
    assert accept.due is not None and accept.due.isoformat() == "2026-12-01"  # 7 working days
    assert any(c.law == "complaint_measures_2026" for c in accept.citations)
    # The portfolio's due list holds the group's clock, and the group is not one more case
    # against the merchant.
    due = pf.due(store, accept.due, days_ahead=0)
    assert gid in set(due["case_id"])
    repeat = pf.repeat_merchants(store)
    assert int(repeat.iloc[0]["cases"]) == 3
    text = text_of(group_report(store, gid, profile="authority"))
    assert "八、期限" in text and "2026-12-01" in text


def test_the_group_article_is_dated() -> None:
    from datetime import date

    assert basis(date(2026, 5, 1)).label("zh").startswith("《市场监督管理投诉举报处理办法》第12条")
    assert (
        basis(date(2025, 5, 1)).label("zh").startswith("《市场监督管理投诉举报处理暂行办法》第11条")
    )
