"""The routing planner: the ladder per category, triggers, 投诉/举报, the platform as respondent."""

from __future__ import annotations

from datetime import date

import pytest

from casework.cases import Category
from casework.demo import build_demo
from casework.rules import route
from casework.rules.routing import county_of, plan_route
from casework.store import Store

from .helpers import make_case, make_events

FIRST_STOP = {
    "quality": "seller",
    "logistics": "seller",
    "return": "seller",
    "payment": "payment_provider",
    "after_sales": "brand_after_sales",
    "counterfeit": "seller",
    "false_advertising": "seller",
    "refund_refused": "seller",
    "price": "seller",
    "personal_info": "platform",
    "other": "seller",
}


@pytest.mark.parametrize("category", [c.value for c in Category])
def test_each_category_has_a_first_stop_and_ends_in_court(category: str) -> None:
    plan = plan_route(make_case(category, respondent_name="某公司"), [], [], date(2026, 3, 1))
    assert plan.first_stop.id == FIRST_STOP[category]
    assert plan.steps[-1].id == "court"
    assert plan.next == plan.first_stop.id and plan.current is None
    assert plan.suggestion is None
    for step in plan.steps:
        assert step.needs_zh and step.needs_en and step.citations
    # Courier problems also go to the courier and the postal administration (seed: 物流配送).
    if category == "logistics":
        assert [s.id for s in plan.steps][:2] == ["seller", "courier"]
        assert "postal" in [s.id for s in plan.steps]


def test_report_track_is_separate() -> None:
    plan = plan_route(make_case("counterfeit", respondent_name="某公司"), [], [], date(2026, 3, 1))
    assert plan.report_track is not None and plan.report_track.track == "report"
    assert "report_12315" not in [s.id for s in plan.steps]
    assert any("分别处理" in n.zh for n in plan.notes)
    quality = plan_route(make_case("quality", respondent_name="某公司"), [], [], date(2026, 3, 1))
    assert quality.report_track is None
    flagged = plan_route(
        make_case("quality", respondent_name="某公司", is_report=True), [], [], date(2026, 3, 1)
    )
    assert flagged.report_track is not None


def test_platform_stands_in_only_when_it_cannot_name_the_seller() -> None:
    """消保法 Art. 44: the platform answers for the seller only when it cannot give the seller's
    real name, address and contact. Until it says so, the respondent is to be identified and
    the first thing to do is ask the platform (#11)."""
    plan = plan_route(make_case("quality", platform="拼多多"), [], [], date(2026, 3, 1))
    assert not plan.platform_as_respondent and plan.respondent_status == "to_be_identified"
    assert plan.respondent is not None and "待确认" in plan.respondent.zh
    assert "要求拼多多提供商家" in plan.respondent.zh and plan.notes[0] == plan.respondent
    assert not any(c.law == "cprl" and c.article == "44" for c in plan.citations)
    said = make_events(("2026-03-05 10:00", "reply_received", "platform"))
    said[0].text = "平台答复：无法提供商家的联系方式"
    stands_in = plan_route(make_case("quality", platform="拼多多"), said, [], date(2026, 3, 6))
    assert stands_in.platform_as_respondent and stands_in.respondent_status == "platform"
    assert stands_in.respondent is not None and "拼多多" in stands_in.respondent.zh
    assert any(c.law == "cprl" and c.article == "44" for c in stands_in.citations)
    known = plan_route(make_case("quality", respondent_name="某公司"), [], [], date(2026, 3, 1))
    assert not known.platform_as_respondent


def test_overdue_seller_duty_suggests_the_platform() -> None:
    events = make_events(("2026-03-02 10:00", "return_requested"))
    plan = plan_route(make_case("return", respondent_name="某公司"), events, [], date(2026, 3, 30))
    assert plan.current == "seller" and plan.next == "platform"
    assert plan.suggestion is not None
    assert "2026-03-17" in plan.suggestion.zh and "平台" in plan.suggestion.zh
    seller = plan.step("seller")
    assert seller.deadline == date(2026, 3, 17)
    assert "2026-03-17" in seller.trigger.zh and "→" in seller.trigger.zh


def test_county_of() -> None:
    assert county_of("浙江省杭州市余杭区五常街道文一西路 998 号") == "浙江省杭州市余杭区"
    assert county_of("上海市徐汇区漕溪北路 88 号") == "上海市徐汇区"
    assert county_of("广东省东莞市长安镇某路 1 号") == "广东省东莞市"
    assert county_of("") == ""


def test_demo_route_suggests_escalation(store: Store) -> None:
    case = build_demo(store)
    plan = route(store, case.id)
    # 12315 and the association are alternatives: the complaint is with 12315, so the next
    # rung is the court, not the association as well (#11).
    assert plan.current == "regulator_12315" and plan.next == "court"
    assert plan.step("association").excluded
    assert plan.suggestion is not None
    assert "2026-10-29" in plan.suggestion.zh and "办法》第15条第1款" in plan.suggestion.zh
    assert "消费者协会" not in plan.suggestion.zh and "暂行办法" not in plan.suggestion.zh
    assert "Escalate" in plan.suggestion.en
    assert [d.rule_id for d in plan.overdue] == ["regulator_acceptance"]
    reg = plan.step("regulator_12315")
    assert reg.deadline == date(2026, 10, 29) and reg.deadline_status == "overdue"
    assert reg.jurisdiction is not None and "余杭区市场监督管理局" in reg.jurisdiction.zh
    court = plan.step("court")
    assert court.jurisdiction is not None and "上海市徐汇区" in court.jurisdiction.zh
    # Before the due date there is nothing to escalate.
    assert route(store, case.id, today=date(2026, 10, 28)).suggestion is None
    assert plan.to_dict()["suggestion"]["zh"] == plan.suggestion.zh


def test_citations_for_the_report(store: Store) -> None:
    from casework.rules.case_basis import citations

    case = build_demo(store)
    cites = citations(store, case.id)
    labels = [c.zh for c in cites]
    assert len(labels) == len(set(labels)), "each article once"
    assert any(c.law == "complaint_measures_2026" and c.article == "15" for c in cites)
    assert not any(c.law == "complaint_measures" for c in cites)  # repealed before 2026-10-20
    assert any(c.law == "cprl" and c.article == "25" for c in cites)
    assert [c.rank_order for c in cites] == sorted(c.rank_order for c in cites)
    # Rules that do not apply to the case stay out: no food law for earbuds.
    assert not any(c.law == "food_safety" for c in cites)
    assert all(c.tier in ("P", "S", "U") and c.text_date for c in cites)


def test_legal_basis_leaves_out_rungs_not_reached() -> None:
    plan = plan_route(make_case("quality", respondent_name="某公司"), [], [], date(2026, 3, 1))
    assert not any(c.law == "civil_procedure" for c in plan.citations)  # court is far off
    events = make_events(("2026-03-02 10:00", "complaint_filed", "association"))
    near = plan_route(make_case("quality", respondent_name="某公司"), events, [], date(2026, 3, 5))
    assert near.next == "court"
    assert any(c.law == "civil_procedure_si" and c.article == "20" for c in near.citations)


def test_an_overdue_report_is_chased_up_the_regulator_not_down_to_the_seller() -> None:
    """A 举报 nobody verified in 15 working days goes to the next-higher regulator; it must not
    send the consumer back to the seller's customer service (the complaint ladder)."""
    events = make_events(
        ("2026-10-03 10:00", "delivered", "courier"),
        ("2026-10-05 10:00", "report_filed", "regulator"),
    )
    case = make_case("counterfeit", platform="拼多多", is_report=True)
    plan = plan_route(case, events, [], date(2026, 11, 29))
    assert plan.report_track is not None and plan.report_track.reached
    assert plan.report_track.deadline_status == "overdue"
    assert "上一级市场监督管理部门" in plan.report_track.trigger.zh
    assert plan.suggestion is not None
    assert "举报" in plan.suggestion.zh and "上一级市场监督管理部门" in plan.suggestion.zh
    assert "商家客服" not in plan.suggestion.zh
    # The seller is to be identified: ask the platform first, on the law that says so.
    assert plan.respondent_status == "to_be_identified" and plan.respondent is not None
    assert "拼多多" in plan.respondent.zh and "消保法第44条" in plan.respondent.zh


def test_payment_route_has_no_market_regulator_note() -> None:
    plan = plan_route(make_case("payment", respondent_name="某公司"), [], [], date(2026, 3, 1))
    assert "regulator_12315" not in [s.id for s in plan.steps]
    assert not any("市场监督管理部门" in n.zh for n in plan.notes)
    # The court is still on the ladder, as a contract dispute (民诉法 Art. 24), not an online sale.
    assert any("民事诉讼法第24条" in n.zh for n in plan.notes)
    assert not any("收货地" in n.zh for n in plan.notes)
    court = plan.step("court")
    assert court.jurisdiction is not None and "第24条" in court.jurisdiction.zh
    assert "第20条" not in court.jurisdiction.zh


def test_mediation_overdue_cites_the_prevailing_60_days_once() -> None:
    """45 working days (暂行办法, a departmental rule) vs 60 days (实施条例, a State Council
    regulation): the suggestion speaks of the higher rule, and skips the association already
    tried."""
    events = make_events(
        ("2025-09-10 10:00", "complaint_filed", "regulator"),
        ("2025-09-15 10:00", "complaint_accepted", "regulator"),
        ("2025-09-20 10:00", "complaint_filed", "association"),
    )
    plan = plan_route(
        make_case("quality", respondent_name="某公司"), events, [], date(2025, 12, 20)
    )
    assert [d.rule_id for d in plan.overdue] == ["mediation_60d"]
    assert plan.suggestion is not None
    assert "2025-11-14" in plan.suggestion.zh and "实施条例》第46条第3款" in plan.suggestion.zh
    assert "45" not in plan.suggestion.zh
    assert "下一步：人民法院起诉" in plan.suggestion.zh


def test_stops_without_an_actor_are_known_by_name() -> None:
    """No actor stands for a brand's service centre or the postal bureau: a contact naming them
    marks the stop as tried."""
    from casework.cases import Communication

    comm = Communication.build(
        id=1,
        at="2026-03-02 10:00",
        counterpart="品牌售后服务中心",
        counterpart_kind="seller",
        direction="out",
        channel="phone",
        summary="报修",
    )
    plan = plan_route(
        make_case("after_sales", respondent_name="某公司"), [], [comm], date(2026, 3, 5)
    )
    assert plan.step("brand_after_sales").reached
    events = make_events(("2026-03-02 10:00", "complaint_filed", "regulator"))
    events[0].text = "向邮政管理部门申诉（12305）"
    logistics = plan_route(
        make_case("logistics", respondent_name="某公司"), events, [], date(2026, 3, 5)
    )
    assert logistics.step("postal").reached


def test_the_report_track_says_its_next_action_in_the_plan() -> None:
    """The core decides the report track's next step (#16): file it, then wait, then chase it up
    the regulator's hierarchy; the faces only show ``next_action``."""
    case = make_case("counterfeit", platform="拼多多", is_report=True)
    before = plan_route(case, [], [], date(2026, 10, 1)).report_track
    assert before is not None and before.next_action is not None
    assert (before.next_action.zh, before.next_action.en) == ("提交举报", "file the report")
    filed = make_events(("2026-10-05 10:00", "report_filed", "regulator"))
    waiting = plan_route(case, filed, [], date(2026, 10, 9)).report_track
    assert waiting is not None and waiting.next_action is not None
    assert waiting.next_action.zh.startswith(f"等待核查处理（{waiting.deadline} 前）；逾期则")
    late = plan_route(case, filed, [], date(2026, 11, 29)).report_track
    assert late is not None and late.next_action == late.on_overdue
    assert (
        plan_route(case, filed, [], date(2026, 11, 29)).to_dict()["report_track"]["next_action"]
        == late.on_overdue.to_dict()
    )
