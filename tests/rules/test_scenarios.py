"""The legal scenario suite (法律情景表): dated facts → due date, status and citation.

Each row is a case a reviewer can check by hand against the text and the State Council's holiday
schedule: 2025 National Day ran 1–8 October with 28 September (Sun) and 11 October (Sat) worked;
2026 Labour Day ran 1–5 May with 9 May (Sat) worked; 2026 National Day ran 1–7 October. Years the
calendar does not cover (2027 on) are estimated Monday–Friday less 1 Jan, 1–3 May and 1–3 Oct.
Rows marked #11 are the errors found in review: each failed before its fix.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from casework.rules.citations import Citation, cite_all, load, typed
from casework.rules.damages import calculate
from casework.rules.deadlines import Deadline, compute
from casework.rules.doubts import doubts_of
from casework.rules.routing import plan_route

from .helpers import make_case, make_events

ORDER_20 = "《市场监督管理投诉举报处理暂行办法》"
ORDER_121 = "《市场监督管理投诉举报处理办法》"

# (name, category, events (at, kind, actor[, text]), today, rule, due, status, cited)
SCENARIOS = [
    (
        "12315 received 2026-05-06: Order 121 Art. 15, counting the make-up Saturday 9 May",
        "quality",
        [("2026-05-06 10:00", "complaint_filed", "regulator")],
        date(2026, 5, 20),
        "regulator_acceptance",
        date(2026, 5, 14),
        "overdue",
        f"{ORDER_121}第15条第1款",
    ),
    (
        "12315 received 2026-03-02: Order 20 Art. 14 still",
        "quality",
        [("2026-03-02 10:00", "complaint_filed", "regulator")],
        date(2026, 3, 20),
        "regulator_acceptance",
        date(2026, 3, 11),
        "overdue",
        f"{ORDER_20}第14条",
    ),
    (
        "accepted 2026-05-11 under Order 121: 60 days to 2026-07-10, Art. 23 ¶1 item 5",
        "quality",
        [
            ("2026-05-06 10:00", "complaint_filed", "regulator"),
            ("2026-05-11 10:00", "complaint_accepted", "regulator"),
        ],
        date(2026, 8, 1),
        "mediation_60d",
        date(2026, 7, 10),
        "overdue",
        f"{ORDER_121}第23条第1款第5项",
    ),
    (
        "accepted 2026-01-08 under Order 20: the 45 working days, item 5 of Art. 21 ¶1 (#11 项)",
        "quality",
        [
            ("2026-01-05 10:00", "complaint_filed", "regulator"),
            ("2026-01-08 10:00", "complaint_accepted", "regulator"),
        ],
        date(2026, 1, 20),
        "mediation_45wd",
        None,
        "open",
        f"{ORDER_20}第21条第1款第5项",
    ),
    (
        "make-up working Sunday 2025-09-28 and Saturday 2025-10-11 count as working days",
        "quality",
        [("2025-09-26 10:00", "complaint_filed", "regulator")],
        date(2025, 10, 20),
        "regulator_acceptance",
        date(2025, 10, 13),
        "overdue",
        f"{ORDER_20}第14条",
    ),
    (
        "#11 goods returned 2025-09-30: refund due 10-07 rolls over National Day to 10-09",
        "return",
        [("2025-09-30 15:00", "goods_returned", "seller")],
        date(2025, 10, 8),
        "refund_after_return",
        date(2025, 10, 9),
        "open",
        "《网络购买商品七日无理由退货暂行办法》第13条",
    ),
    (
        "#11 return requested 2025-09-16: the seller's 15 days end 10-01, rolled to 10-09",
        "return",
        [("2025-09-16 15:00", "return_requested")],
        date(2025, 10, 8),
        "seller_handles_return",
        date(2025, 10, 9),
        "open",
        "《网络购买商品七日无理由退货暂行办法》第31条",
    ),
    (
        "#11 signed for 2025-09-30: the 7-day window rolls like every clock, to 10-09",
        "return",
        [("2025-09-30 18:00", "delivered", "courier")],
        date(2025, 10, 8),
        "no_reason_return",
        date(2025, 10, 9),
        "open",
        "《消费者权益保护法》第25条",
    ),
    (
        "courier complaint 2026-09-24: the 7 days end on National Day 2026, rolled to 10-08",
        "logistics",
        [("2026-09-24 10:00", "complaint_filed", "courier")],
        date(2026, 10, 5),
        "courier_complaint",
        date(2026, 10, 8),
        "open",
        "《快递暂行条例》第29条",
    ),
    (
        "postal appeal (12305) 2026-03-02: 30 days (邮政法 65)",
        "logistics",
        [("2026-03-02 10:00", "complaint_filed", "regulator", "向邮政管理部门申诉（12305）")],
        date(2026, 3, 20),
        "postal_appeal",
        date(2026, 4, 1),
        "open",
        "《邮政法》第65条",
    ),
    (
        "#11 uncovered 2027: refund due 2027-01-01 is a holiday in the estimate too → 01-04",
        "return",
        [("2026-12-25 15:00", "goods_returned", "seller")],
        date(2026, 12, 30),
        "refund_after_return",
        date(2027, 1, 4),
        "open",
        "《消费者权益保护法》第25条",
    ),
    (
        "#11 uncovered 2029: the 3-year bar ends 2029-10-03, an estimated holiday → 10-04",
        "quality",
        [("2026-10-03 10:00", "defect_found")],
        date(2026, 10, 10),
        "complaint_time_bar",
        date(2029, 10, 4),
        "open",
        f"{ORDER_121}第16条第1款第4项",
    ),
    (
        "#11 三包 from delivery (签收 2026-03-10), not the purchase on 03-01",
        "quality",
        [("2026-03-01 10:00", "purchase"), ("2026-03-10 10:00", "delivered", "courier")],
        date(2026, 3, 12),
        "sanbao_return_7d",
        date(2026, 3, 17),
        "open",
        "《部分商品修理更换退货责任规定》第9条（1995-08-25 文本，未经核实）",
    ),
    (
        "#11 a report and a platform complaint do not restart the limitation (民法典 195)",
        "quality",
        [
            ("2026-01-10 10:00", "defect_found"),
            ("2026-03-01 10:00", "contacted_seller"),
            ("2026-04-01 10:00", "report_filed", "regulator"),
            ("2026-05-06 10:00", "platform_complaint", "platform"),
        ],
        date(2026, 6, 1),
        "civil_limitation",
        date(2029, 3, 1),
        "open",
        "《民法典》第195条",
    ),
    (
        "a complaint to the regulator does restart it (a request to a body that may resolve it)",
        "quality",
        [
            ("2026-01-10 10:00", "defect_found"),
            ("2026-03-01 10:00", "contacted_seller"),
            ("2026-06-01 10:00", "complaint_filed", "regulator"),
        ],
        date(2026, 6, 2),
        "civil_limitation",
        date(2029, 6, 1),
        "open",
        "《民法典》第195条",
    ),
    (
        "民法典 621: notice of the defect within two years of receipt",
        "quality",
        [("2026-03-10 10:00", "delivered", "courier")],
        date(2026, 4, 1),
        "quality_notice",
        date(2028, 3, 10),
        "open",
        "《民法典》第621条",
    ),
]


def _events(rows: list[tuple[str, ...]]) -> list:
    events = make_events(*[r[:3] for r in rows])  # type: ignore[arg-type]
    for ev, row in zip(events, rows, strict=True):
        if len(row) > 3:
            ev.text = row[3]
    return events


def _one(clocks: list[Deadline], rule: str) -> Deadline:
    found = [d for d in clocks if d.rule_id == rule]
    assert len(found) == 1, [(d.rule_id, d.due) for d in clocks if d.rule_id == rule]
    return found[0]


@pytest.mark.parametrize(
    ("name", "category", "rows", "today", "rule", "due", "status", "cited"),
    SCENARIOS,
    ids=[s[0] for s in SCENARIOS],
)
def test_scenario(
    name: str,
    category: str,
    rows: list[tuple[str, ...]],
    today: date,
    rule: str,
    due: date | None,
    status: str,
    cited: str,
) -> None:
    clock = _one(compute(make_case(category), _events(rows), [], today), rule)
    if due is not None:
        assert clock.due == due
    assert clock.status == status
    assert cited in clock.citation, clock.citation


def test_no_45_working_days_for_a_complaint_received_after_2026_04_15() -> None:
    events = _events(
        [
            ("2026-05-06 10:00", "complaint_filed", "regulator"),
            ("2026-05-11 10:00", "complaint_accepted", "regulator"),
        ]
    )
    clocks = compute(make_case("quality"), events, [], date(2026, 6, 1))
    assert not [d for d in clocks if d.rule_id == "mediation_45wd"]
    assert not any(ORDER_20 in d.citation for d in clocks)
    assert not any("45" in d.length_text.zh for d in clocks)
    sixty = _one(clocks, "mediation_60d")
    assert sixty.conflict_group == "" and sixty.length_text.zh == "60日"


def test_a_complaint_received_before_and_handled_after_the_switch_is_shown_both_ways() -> None:
    """Received 2026-04-10 under Order 20, still undecided after Order 121 took effect on
    2026-04-15, which has no transition rule: the acceptance clock under both texts, each
    flagged, and a structured doubt for the review sheet."""
    events = _events([("2026-04-10 10:00", "complaint_filed", "regulator")])
    clocks = compute(make_case("quality"), events, [], date(2026, 4, 20))
    both = [d for d in clocks if d.rule_id == "regulator_acceptance"]
    assert len(both) == 2 and all(d.doubtful and d.doubt for d in both)
    assert {ORDER_20 in d.citation for d in both} == {True, False}
    assert {ORDER_121 in d.citation for d in both} == {True, False}
    assert {d.due for d in both} == {date(2026, 4, 21)}
    found = doubts_of(clocks)
    transition = [d for d in found if d.kind == "transition"]
    assert transition and transition[0].subject == "regulator_acceptance"
    assert "2026-04-15" in transition[0].text.zh and transition[0].to_dict()["kind"]
    # Decided before the switch and closed before it: no doubt at all.
    done = _events(
        [
            ("2026-04-01 10:00", "complaint_filed", "regulator"),
            ("2026-04-03 10:00", "complaint_accepted", "regulator"),
        ]
    )
    early = compute(make_case("quality"), done, [], date(2026, 4, 3))
    assert not any(d.doubtful for d in early if d.rule_id == "regulator_acceptance")


def test_the_45_working_days_straddling_the_switch_are_doubtful() -> None:
    events = _events(
        [
            ("2026-03-20 10:00", "complaint_filed", "regulator"),
            ("2026-03-25 10:00", "complaint_accepted", "regulator"),
        ]
    )
    clocks = compute(make_case("quality"), events, [], date(2026, 5, 1))
    wd45 = _one(clocks, "mediation_45wd")
    assert wd45.doubtful and any("不再存在" in n.zh for n in wd45.notes)


def test_no_citation_prints_an_item_as_a_paragraph() -> None:
    """#11: 第21条第5款 / 第15条第4款 / 第37条第1(6)款 were items (项), printed as 款."""
    for name in ("deadlines.json", "routing.json", "damages.json", "evidence_requirements.json"):
        text = str(load(name))
        assert not re.search(r"'paragraph': '\d+\(", text), name
    refs = []
    model = typed("deadlines.json")
    for r in model.rules:
        refs += r.citations
    for c in cite_all(refs, where="test"):
        assert not re.search(r"第\d+\(\d+\)款", c.zh), c.zh
    item = Citation.from_data(
        {"law": "cprl", "article": "37", "paragraph": "1", "item": "6", "tier": "P"}, where="t"
    )
    assert item.zh.startswith("《消费者权益保护法》第37条第1款第6项")
    assert item.en.startswith("Consumer Rights Protection Law, Art. 37(1) item (6)")


# -- routing ------------------------------------------------------------------------------------


def test_12315_and_the_association_are_alternatives_not_a_sequence() -> None:
    events = _events([("2026-05-06 10:00", "complaint_filed", "regulator")])
    plan = plan_route(make_case("quality", respondent_name="某公司"), events, [], date(2026, 6, 1))
    assert plan.current == "regulator_12315" and plan.next == "court"
    assert plan.step("association").excluded
    assert any("择一" in n.zh for n in plan.notes)
    fresh = plan_route(make_case("quality", respondent_name="某公司"), [], [], date(2026, 6, 1))
    assert not any(s.excluded for s in fresh.steps)
    # Before either is tried, the advice says "or", never "12315 → association".
    contacted = _events([("2026-05-01 10:00", "return_requested")])
    late = plan_route(
        make_case("quality", respondent_name="某公司"), contacted, [], date(2026, 7, 1)
    )
    assert late.suggestion is not None
    assert "→ 全国12315平台" not in late.suggestion.zh or " 或 " in late.suggestion.zh


def test_the_regulator_step_cites_the_text_in_force_when_the_complaint_was_received() -> None:
    def cites(when: str) -> list[str]:
        events = _events([(f"{when} 10:00", "complaint_filed", "regulator")])
        plan = plan_route(
            make_case("quality", respondent_name="某公司"), events, [], date(2026, 12, 1)
        )
        return [c.zh for c in plan.step("regulator_12315").citations]

    before, after = cites("2026-03-02"), cites("2026-05-06")
    assert any(ORDER_20 in c for c in before) and not any(ORDER_121 in c for c in before)
    assert any(ORDER_121 in c for c in after) and not any(ORDER_20 in c for c in after)


def test_payment_disputes_go_to_court_under_civil_procedure_art_24() -> None:
    plan = plan_route(make_case("payment", respondent_name="某支付公司"), [], [], date(2026, 6, 1))
    court = plan.step("court")
    assert court.jurisdiction is not None and "民事诉讼法第24条" in court.jurisdiction.zh
    assert not any(c.law == "civil_procedure_si" for c in plan.citations)


def test_the_financial_hotline_is_12378() -> None:
    plan = plan_route(make_case("payment", respondent_name="某支付公司"), [], [], date(2026, 6, 1))
    step = plan.step("financial_regulator")
    assert "12378" in step.name_zh and "12363" not in step.name_zh
    assert "12363" not in " ".join(c.zh for c in step.citations)


def test_a_self_operated_platform_is_the_seller() -> None:
    case = make_case("quality", platform="京东", shop_name="京东自营旗舰店")
    plan = plan_route(case, [], [], date(2026, 6, 1))
    assert plan.respondent_status == "self_operated"
    assert any(c.law == "online_si_2022" and c.article == "4" for c in plan.citations)


@pytest.mark.parametrize(
    ("platform", "taobao"), [("淘宝", True), ("天猫", True), ("京东", False), ("", False)]
)
def test_platform_rules_bind_their_own_platform_only(platform: str, taobao: bool) -> None:
    extra = {"platform": platform} if platform else {}
    case = make_case("quality", respondent_name="某公司", **extra)
    plan = plan_route(case, [], [], date(2026, 6, 1))
    cited = {c.law for s in plan.steps for c in s.citations}
    assert ("taobao_rules" in cited) is taobao


def test_the_intake_fields_of_12315_come_from_the_text_in_force() -> None:
    from casework.evidence.requirements import intake_fields

    after = intake_fields("12315", date(2026, 5, 1))
    assert [f.field for f in after][:3] == [
        "complainant_name",
        "complainant_phone",
        "complainant_address",
    ]
    assert all(any("办法》第10条第1款" in c.label() for c in f.citations) for f in after)
    assert not any(ORDER_20 in c.label() for f in after for c in f.citations)
    before = intake_fields("12315", date(2026, 3, 1))
    assert any("暂行办法》第9条第1款第1项" in c.label() for c in before[0].citations)


# -- damages ------------------------------------------------------------------------------------


def test_the_loss_is_a_damages_line_of_its_own() -> None:
    result = calculate(make_case("quality"), price=Decimal("100"), loss=Decimal("80"))
    loss = result.line("loss")
    assert loss.amount == Decimal("80.00") and loss.applies == "yes"
    assert result.total == result.refund_due + Decimal("80.00") + result.punitive


def test_a_recorded_promise_is_a_damages_line() -> None:
    result = calculate(
        make_case("counterfeit"), price=Decimal("100"), promise_times=10, platform_advance=True
    )
    promise = result.line("promise")
    assert promise.amount == Decimal("1000.00") and promise.applies == "yes"
    assert any(c.law == "online_si_2022" and c.article == "10" for c in promise.citations)
    assert result.punitive == Decimal("1000.00")  # the promise beats 3 × 100 (floor 500)
    assert result.line("platform_advance").applies == "possible"
    assert "promise" not in {
        x.key for x in calculate(make_case("counterfeit"), price=Decimal("1")).lines
    }


def test_price_fraud_rules_for_the_price_category() -> None:
    result = calculate(make_case("price"), price=Decimal("100"), overcharge=Decimal("30"))
    fraud = result.line("fraud_3x")
    assert {c.law for c in fraud.citations} >= {"price_law", "price_marking"}
    assert result.line("price_overcharge").amount == Decimal("30.00")
    quality = calculate(make_case("quality"), price=Decimal("100"))
    assert "price_overcharge" not in {x.key for x in quality.lines}


def test_food_damages_are_not_offered_for_earbuds() -> None:
    result = calculate(make_case("quality", product="无线蓝牙耳机"), price=Decimal("399"))
    assert result.line("food_10x").applies == "no"


def test_order_121_advice_reaches_the_route_notes_not_its_basis() -> None:
    events = _events([("2026-05-06 10:00", "complaint_filed", "regulator")])
    plan = plan_route(make_case("quality", respondent_name="某公司"), events, [], date(2026, 6, 1))
    notes = " ".join(n.zh for n in plan.notes)
    assert "办法第17条" in notes and "办法第16条第1款" in notes and "办法第12条" in notes
    assert "冒用他人名义" in notes  # Art. 16 ¶1's new ground
    assert not any(
        c.law == "complaint_measures_2026" and c.article == "16" and not c.item
        for c in plan.citations
    )
    before = plan_route(
        make_case("quality", respondent_name="某公司"),
        _events([("2026-03-02 10:00", "complaint_filed", "regulator")]),
        [],
        date(2026, 3, 20),
    )
    assert "办法第17条" not in " ".join(n.zh for n in before.notes)


def test_the_checklist_cites_the_cases_own_platform_rules_only(store) -> None:  # type: ignore[no-untyped-def]
    from casework.evidence.completeness import check

    jd = store.create_case(title="京东耳机", category="quality", platform="京东").id
    tb = store.create_case(title="淘宝耳机", category="quality", platform="淘宝").id
    jd_cites = " ".join(r["citation"] for r in check(store, jd).items)
    tb_cites = " ".join(r["citation"] for r in check(store, tb).items)
    assert "淘宝平台争议处理规则" not in jd_cites and "淘宝平台争议处理规则" in tb_cites
    assert "暂行办法》" not in jd_cites.replace("七日无理由退货暂行办法》", "")
