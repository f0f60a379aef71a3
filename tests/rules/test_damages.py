"""The damages calculator: floors, multipliers, exclusions, exact money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.demo import build_demo
from casework.errors import InvalidInput
from casework.rules.case_damages import damages
from casework.rules.damages import calculate
from casework.store import Store

from .helpers import make_case

D = Decimal


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ("100.00", "500.00"),  # 3 × 100 = 300 < 500 → the floor
        ("166.66", "500.00"),  # 499.98 → floor
        ("166.67", "500.01"),  # just above: 3 × price
        ("1299.00", "3897.00"),
    ],
)
def test_fraud_three_times_with_500_floor(price: str, expected: str) -> None:
    result = calculate(make_case("counterfeit"), price=D(price), fraud=True, received=D("0"))
    line = result.line("fraud_3x")
    assert line.amount == D(expected) and line.applies == "yes"
    assert result.total == D(price) + D(expected)
    assert any(c.article == "55" for c in line.citations)


@pytest.mark.parametrize(
    ("price", "loss", "expected"),
    [
        ("50.00", None, "1000.00"),  # 10 × 50 = 500 < 1000 → floor
        ("50.00", "400.00", "1200.00"),  # 3 × loss beats 10 × price and the floor
        ("150.00", "100.00", "1500.00"),  # 10 × price
    ],
)
def test_food_ten_times_or_three_times_loss_with_1000_floor(
    price: str, loss: str | None, expected: str
) -> None:
    result = calculate(
        make_case("quality"),
        price=D(price),
        food=True,
        loss=D(loss) if loss else None,
        received=D("0"),
    )
    assert result.line("food_10x").amount == D(expected)
    assert result.line("food_10x").applies == "yes"
    assert result.punitive == D(expected)  # the larger of the alternatives, never both


def test_fraud_and_food_are_alternatives() -> None:
    result = calculate(
        make_case("counterfeit"), price=D("20.00"), fraud=True, food=True, received=D("0")
    )
    assert result.line("fraud_3x").amount == D("500.00")
    assert result.line("food_10x").amount == D("1000.00")
    assert result.total == D("1020.00")


def test_fraud_is_only_possible_until_established() -> None:
    counterfeit = calculate(make_case("counterfeit"), price=D("80.00"), received=D("0"))
    assert counterfeit.line("fraud_3x").applies == "possible"
    assert counterfeit.total == D("80.00") and counterfeit.possible_total == D("580.00")
    quality = calculate(make_case("quality"), price=D("80.00"), received=D("0"))
    assert quality.line("fraud_3x").applies == "no"


def test_food_detected_from_the_product_name_needs_confirmation() -> None:
    result = calculate(
        make_case("quality", product="进口奶粉 900g"), price=D("300.00"), received=D("0")
    )
    line = result.line("food_10x")
    assert line.applies == "possible" and any("确认" in n.zh for n in line.notes)


def test_refund_rules_for_gifts_card_fees_and_shipping() -> None:
    ret = calculate(
        make_case("return"),
        price=D("199.00"),
        gift_value=D("20.00"),
        card_fee=D("1.99"),
        shipping=D("12.00"),
        received=D("0"),
    )
    assert ret.line("gift_deduction").amount == D("-20.00")
    assert ret.line("shipping").amount == D("-12.00") and ret.line("shipping").applies == "possible"
    assert ret.refund_due == D("199.00")  # deductions are possible, not certain
    quality = calculate(
        make_case("quality"), price=D("199.00"), shipping=D("12.00"), received=D("50.00")
    )
    assert quality.line("shipping").amount == D("12.00")  # the business pays (消保法 24)
    assert quality.refund_due == D("161.00")
    for line in quality.lines:
        assert isinstance(line.amount, Decimal)


def test_demo_damages_and_bad_input(store: Store) -> None:
    case = build_demo(store)
    result = damages(store, case.id, received="200.00")
    assert result.refund_due == D("1099.00")
    assert result.to_dict()["refund_due"] == "1099.00"
    with pytest.raises(InvalidInput):
        damages(store, case.id, loss="-5")


@pytest.mark.parametrize(
    ("category", "applies", "word"),
    [
        ("price", "possible", "差价"),
        ("payment", "possible", "多扣"),
        ("logistics", "possible", "运输"),
        ("personal_info", "no", "删除信息"),
        ("quality", "yes", None),
        ("return", "yes", None),
    ],
)
def test_the_refund_is_the_claim_only_where_the_category_makes_it_one(
    category: str, applies: str, word: str | None
) -> None:
    result = calculate(make_case(category), price=D("299.00"), received=D("50.00"))
    refund = result.line("refund")
    assert refund.applies == applies
    if word:
        assert word in refund.notes[0].zh and refund.citations
        # Nothing owed for sure, and what came back is not taken off an unsettled sum.
        assert result.refund_due == D("0.00") and result.total == D("0.00")
        assert any("未作扣除" in w.zh for w in result.warnings)
    else:
        assert result.refund_due == D("249.00")


def test_invented_original_price_may_be_fraud() -> None:
    """欺骗性价格表示 is fraud under the 2015 Penalty Measures Arts. 6 and 16."""
    result = calculate(make_case("price"), price=D("100.00"), received=D("0"))
    assert result.line("fraud_3x").applies == "possible"
    assert result.possible_total == D("100.00") + D("500.00")


def test_damages_basis_reads_as_a_sentence() -> None:
    """The working is written for a reader (价款…的三倍为…，高于法定最低…), not as a formula."""
    above = calculate(make_case("counterfeit"), price=D("359.00"), fraud=True, received=D("0"))
    basis = above.line("fraud_3x").basis
    assert basis.zh == "价款 ¥359.00 的三倍为 ¥1,077.00，高于法定最低 ¥500.00，按 ¥1,077.00 计"
    assert basis.en == (
        "Three times the price ¥359.00 is ¥1,077.00, above the statutory minimum of ¥500.00, "
        "so ¥1,077.00"
    )
    below = calculate(make_case("counterfeit"), price=D("100.00"), fraud=True, received=D("0"))
    assert below.line("fraud_3x").basis.zh.endswith("低于法定最低 ¥500.00，按 ¥500.00 计")
    food = calculate(
        make_case("quality"), price=D("50.00"), food=True, loss=D("400.00"), received=D("0")
    ).line("food_10x")
    assert food.basis.zh == (
        "价款 ¥50.00 的十倍为 ¥500.00，损失 ¥400.00 的三倍为 ¥1,200.00，"
        "取较高者，高于法定最低 ¥1,000.00，按 ¥1,200.00 计"
    )
    for line in (above.line("fraud_3x"), food):
        assert "max(" not in line.basis and "×" not in line.basis
