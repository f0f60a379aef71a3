"""The damages calculator (赔偿计算): the refund owed and the punitive amounts the law allows.

Exact money only (Decimal yuan). Each line carries its formula, citation and exclusions, and says
whether it applies (``yes``), might apply once a fact is established (``possible``, e.g. fraud
= 欺诈 or food below safety standards), or does not (``no``). The consumer-law 3× and the food-law
10× are alternatives (法释〔2024〕9号 Art. 9): the totals take the larger, never both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..cases import Case
from ..errors import CaseworkError, InvalidInput
from ..money import CENT, fmt, parse_amount
from .citations import Citation, cite_all, typed
from .schema import DamagesFile, DamagesRule
from .text import Text

if TYPE_CHECKING:
    from ..store import Store

ZERO = Decimal("0.00")
QUALITY_CATEGORIES = {"quality", "after_sales", "counterfeit", "refund_refused"}
# 欺骗性价格表示 (an invented "original price" …) is fraud too: 处罚办法 Arts. 6, 16.
FRAUD_CATEGORIES = {"counterfeit", "false_advertising", "price"}
#: Alternatives of which the larger counts (法释〔2024〕9号 Art. 9; a promise above the statutory
#: standard replaces it, 网络消费纠纷规定（一）Art. 10).
PUNITIVE = ("fraud_3x", "food_10x", "injury_2x", "promise")


@dataclass
class DamagesLine:
    key: str
    name_zh: str
    name_en: str
    amount: Decimal
    basis: Text
    applies: str  # yes | possible | no
    citations: list[Citation] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    unverified: bool = False

    @property
    def citation(self) -> str:
        return "；".join(c.zh for c in self.citations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "amount": f"{self.amount:.2f}",
            "basis": self.basis.to_dict(),
            "applies": self.applies,
            "citation": self.citation,
            "citations": [c.to_dict() for c in self.citations],
            "notes": [n.to_dict() for n in self.notes],
            "unverified": self.unverified,
        }


@dataclass
class DamagesResult:
    case_id: str
    price: Decimal | None
    lines: list[DamagesLine]
    refund_due: Decimal
    punitive: Decimal  # the larger applicable punitive line (yes only)
    total: Decimal
    possible_total: Decimal  # counting the "possible" lines too
    warnings: list[Text] = field(default_factory=list)

    def line(self, key: str) -> DamagesLine:
        return next(x for x in self.lines if x.key == key)

    def to_dict(self) -> dict[str, Any]:
        def money(v: Decimal | None) -> str | None:
            return None if v is None else f"{v:.2f}"

        return {
            "case_id": self.case_id,
            "price": money(self.price),
            "lines": [x.to_dict() for x in self.lines],
            "refund_due": money(self.refund_due),
            "punitive": money(self.punitive),
            "total": money(self.total),
            "possible_total": money(self.possible_total),
            "warnings": [w.to_dict() for w in self.warnings],
        }


_TIMES_ZH = {2: "二", 3: "三", 10: "十"}
_TIMES_EN = {2: "twice", 3: "three times", 10: "ten times"}


@dataclass(frozen=True)
class _Multiple:
    """ "价款 ¥359.00 的三倍为 ¥1,077.00": a multiple of an amount, said as a reader says it."""

    what_zh: str
    what_en: str
    times: Any  # the multiplier from damages.json (an int or a numeric string)

    def zh(self, base: Decimal, result: Decimal) -> str:
        n = int(self.times)
        return f"{self.what_zh} {fmt(base)} 的{_TIMES_ZH.get(n, str(n))}倍为 {fmt(result)}"

    def en(self, base: Decimal, result: Decimal) -> str:
        n = int(self.times)
        return f"{_TIMES_EN.get(n, f'{n} times')} {self.what_en} {fmt(base)} is {fmt(result)}"


def _floored_basis(multiples: list[tuple[_Multiple, Decimal, Decimal]], floor: Decimal) -> Text:
    """The punitive amount's working for a reader: each multiple, then the statutory minimum
    (消保法 55: 500 yuan; 食品安全法 148: 1,000 yuan) and which one counts."""
    top = max(result for _, _, result in multiples)
    amount = max(top, floor)
    zh = "，".join(m.zh(base, result) for m, base, result in multiples)
    en = "; ".join(m.en(base, result) for m, base, result in multiples)
    several = len(multiples) > 1
    cmp_zh, cmp_en = ("高于", "above") if top > floor else ("等于", "equal to")
    if top < floor:
        cmp_zh, cmp_en = ("均低于", "all below") if several else ("低于", "below")
    elif several:
        cmp_zh, cmp_en = f"取较高者，{cmp_zh}", f"the higher is {cmp_en}"
    zh += f"，{cmp_zh}法定最低 {fmt(floor)}，按 {fmt(amount)} 计"
    en += f"{'; ' if several else ', '}{cmp_en} the statutory minimum of {fmt(floor)}, "
    en += f"so {fmt(amount)}"
    return Text(zh, en[0].upper() + en[1:])


def _money(value: Decimal | str | int | None, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    amount = parse_amount(value, field=name)
    if amount < 0:
        raise InvalidInput(f"{name} 不能为负", f"{name} must not be negative", field=name)
    return amount


def _file() -> DamagesFile:
    model: DamagesFile = typed("damages.json")
    return model


def looks_like_food(case: Case) -> bool:
    text = f"{case.product} {case.title}"
    return any(k in text for k in _file().food_keywords)


def _offered(rule: DamagesRule, case: Case) -> bool:
    """A line is offered only for the categories its rule names (food 10× never for earbuds)."""
    return rule.categories == "*" or case.category in rule.categories


def _received(store: Store, case_id: str) -> Decimal | None:
    """Refunds already received, from the imported bills' money trail (资金往来)."""
    from ..records import money_trail

    try:
        refunded = money_trail(store, case_id).totals.get("refunded")
    except CaseworkError:
        return None
    return None if refunded is None else Decimal(refunded).quantize(CENT)


def calculate(
    case: Case,
    *,
    price: Decimal | None = None,
    food: bool | None = None,
    fraud: bool | None = None,
    loss: Decimal | None = None,
    shipping: Decimal | None = None,
    gift_value: Decimal | None = None,
    card_fee: Decimal | None = None,
    received: Decimal | None = None,
    injury: bool = False,
    promise_times: int | None = None,
    platform_advance: bool = False,
    overcharge: Decimal | None = None,
) -> DamagesResult:
    """The pure calculator for a case and the facts the advocate confirms. ``loss`` is a line
    of its own; ``promise_times`` is a recorded promise such as 假一赔十 (10); ``platform_advance``
    a platform's 先行赔付 promise; ``overcharge`` the overpayment in a price dispute."""
    rules = {r.id: r for r in _file().rules}
    price = price if price is not None else case.amount_paid
    warnings: list[Text] = []
    if price is None:
        warnings.append(
            Text(
                "未登记支付金额，金额按 0 计算；请补充 amount_paid",
                "amount paid is not recorded; amounts computed from 0 — fill in amount_paid",
            )
        )
    p = price or ZERO
    lines: list[DamagesLine] = []

    def add(
        key: str,
        amount: Decimal,
        basis: Text,
        applies: str,
        extra: list[Text] | None = None,
        more_citations: list[Any] | None = None,
    ) -> None:
        r = rules[key]
        cits = cite_all([*r.citations, *(more_citations or [])], where=f"damages.json:{key}")
        notes = [Text(z, e) for z, e in zip(r.notes_zh, r.notes_en, strict=True)]
        notes += [Text(z, e) for z, e in zip(r.exclusions_zh, r.exclusions_en, strict=True)]
        lines.append(
            DamagesLine(
                key,
                r.name_zh,
                r.name_en,
                amount.quantize(CENT),
                basis,
                applies,
                cits,
                (extra or []) + notes,
                any(c.unverified for c in cits),
            )
        )

    # Not every dispute is about getting the price back (a price difference, a leaked phone
    # number): the category says whether the refund is the claim.
    by_cat = rules["refund"].by_category.get(case.category)
    add(
        "refund",
        p,
        Text(f"实付金额 {fmt(p)}", f"amount paid {fmt(p)}"),
        by_cat.applies if by_cat else "yes",
        [Text(by_cat.note_zh, by_cat.note_en)] if by_cat else [],
        by_cat.citations if by_cat else [],
    )
    if gift_value:
        add(
            "gift_deduction",
            -gift_value,
            Text(f"赠品价格 {fmt(gift_value)}", f"gift price {fmt(gift_value)}"),
            "possible",
        )
    if card_fee:
        add(
            "card_fee_deduction",
            -card_fee,
            Text(f"手续费 {fmt(card_fee)}", f"card fee {fmt(card_fee)}"),
            "possible",
        )
    if shipping:
        if case.category.value in QUALITY_CATEGORIES:
            add(
                "shipping",
                shipping,
                Text(
                    f"质量问题退货运费由经营者承担：{fmt(shipping)}",
                    f"quality return, the business pays: {fmt(shipping)}",
                ),
                "yes",
            )
        else:
            add(
                "shipping",
                -shipping,
                Text(
                    f"退货运费 {fmt(shipping)}（不再满足包邮时可扣）",
                    f"return shipping {fmt(shipping)} (deductible if "
                    "free shipping no longer applies)",
                ),
                "possible",
            )
    if loss:
        # The loss itself, besides any punitive amount (消保法 55 ¶2, 食品安全法 148 ¶2).
        add("loss", loss, Text(f"损失 {fmt(loss)}", f"loss {fmt(loss)}"), "yes")
    if _offered(rules["price_overcharge"], case):
        over = overcharge or ZERO
        add(
            "price_overcharge",
            over,
            Text(f"多付的价款 {fmt(over)}", f"overpayment {fmt(over)}"),
            "possible",
            [] if overcharge else [Text("请填写多付的差价", "enter the overpaid difference")],
        )
    refund_due = sum(
        (x.amount for x in lines if x.applies == "yes" and x.key not in ("loss",)), ZERO
    )
    if received and lines[0].applies != "yes":
        warnings.append(
            Text(
                f"已收到退款/补偿 {fmt(received)}；本类争议的退款金额待认定，未作扣除",
                f"{fmt(received)} already received; the refund for this kind of dispute is "
                "yet to be established, so nothing was taken off",
            )
        )
    elif received:
        refund_due -= received
        warnings.append(
            Text(
                f"已收到退款/补偿 {fmt(received)}，已从应退金额中扣除",
                f"{fmt(received)} already received, taken off the refund due",
            )
        )
    elif received is None:
        warnings.append(
            Text(
                "未知已收到的退款或补偿金额（导入账单后自动计算）",
                "refunds or compensation already received are unknown (import the "
                "bills to compute them)",
            )
        )

    # Fraud: 3 × price, at least 500 yuan (消保法 55 ¶1).
    r = rules["fraud_3x"]
    triple = p * r.multiplier
    floor = r.floor or ZERO
    fraud_amount = max(triple, floor)
    if fraud is None:
        fraud_applies = "possible" if case.category.value in FRAUD_CATEGORIES else "no"
    else:
        fraud_applies = "yes" if fraud else "no"
    fraud_cat = r.by_category.get(case.category)
    add(
        "fraud_3x",
        fraud_amount,
        _floored_basis([(_Multiple("价款", "the price", r.multiplier), p, triple)], floor),
        fraud_applies,
        ([] if fraud else [Text("须先认定欺诈", "only once fraud is established")])
        + ([Text(fraud_cat.note_zh, fraud_cat.note_en)] if fraud_cat else []),
        fraud_cat.citations if fraud_cat else [],
    )

    # Food: 10 × price or 3 × loss, at least 1,000 yuan (食品安全法 148 ¶2).
    r = rules["food_10x"]
    detected = food is None and looks_like_food(case)
    loss_times = r.loss_multiplier or Decimal(3)
    ten = p * r.multiplier
    three_loss = (loss or ZERO) * loss_times
    food_floor = r.floor or ZERO
    food_amount = max(ten, three_loss, food_floor)
    food_applies = "yes" if food else ("possible" if detected else "no")
    if not _offered(r, case) and not food:
        food_applies = "no"  # a category the food law does not reach (a payment error …)
    add(
        "food_10x",
        food_amount,
        _floored_basis(
            [(_Multiple("价款", "the price", r.multiplier), p, ten)]
            + ([(_Multiple("损失", "the loss", loss_times), loss, three_loss)] if loss else []),
            food_floor,
        ),
        food_applies,
        [Text("按商品名称判断为食品，请确认", "judged to be food from the product name; confirm")]
        if detected
        else [],
    )

    if injury:
        r = rules["injury_2x"]
        ceiling = (loss or ZERO) * r.multiplier
        add(
            "injury_2x",
            ceiling,
            Text(
                f"不超过{_Multiple('损失', 'the loss', r.multiplier).zh(loss or ZERO, ceiling)}",
                f"up to {_Multiple('损失', 'the loss', r.multiplier).en(loss or ZERO, ceiling)}",
            ),
            "possible",
        )
    if promise_times:
        # 假一赔十: the seller's own promise above the statutory standard (网络消费纠纷规定（一）10).
        promised = p * Decimal(promise_times)
        add(
            "promise",
            promised,
            Text(
                _Multiple("价款", "the price", promise_times).zh(p, promised) + "（经营者承诺）",
                _Multiple("价款", "the price", promise_times).en(p, promised) + " (as promised)",
            ),
            "yes",
        )
    if platform_advance:
        add(
            "platform_advance",
            p,
            Text(
                f"平台承诺先行赔付，可直接向平台主张 {fmt(p)}",
                f"the platform promised to pay first: claim {fmt(p)} from it",
            ),
            "possible",
        )

    def best(levels: tuple[str, ...]) -> Decimal:
        return max(
            (x.amount for x in lines if x.key in PUNITIVE and x.applies in levels), default=ZERO
        )

    punitive = best(("yes",))
    refund_line = lines[0]
    maybe_refund = refund_line.amount if refund_line.applies == "possible" else ZERO
    loss_due = sum((x.amount for x in lines if x.key == "loss"), ZERO)
    return DamagesResult(
        case.id,
        price,
        lines,
        refund_due,
        punitive,
        refund_due + loss_due + punitive,
        refund_due + loss_due + maybe_refund + best(("yes", "possible")),
        warnings,
    )


def damages(store: Store, case_id: str, **facts: Any) -> DamagesResult:
    """The damages for a case; ``facts`` are the keyword arguments of :func:`calculate`
    (``food``, ``fraud``, ``loss``, ``shipping``, ``gift_value``, ``card_fee``, ``received``,
    ``injury``, ``price``). Refunds received default to the imported bills' money trail."""
    case = store.get_case(case_id)
    for name in ("price", "loss", "shipping", "gift_value", "card_fee", "received", "overcharge"):
        if name in facts:
            facts[name] = _money(facts[name], name)
    if facts.get("received") is None:
        facts["received"] = _received(store, case_id)
    return calculate(case, **facts)
