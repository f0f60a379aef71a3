"""The damages calculator (赔偿计算): the refund owed and the punitive amounts the law allows.

Exact money only (Decimal yuan). Each line carries its formula, citation and exclusions, and says
whether it applies (``yes``), might apply once a fact is established (``possible``, e.g. fraud
= 欺诈 or food below safety standards), or does not (``no``). The consumer-law 3× and the food-law
10× are alternatives (法释〔2024〕9号 Art. 9): the totals take the larger, never both.

:func:`calculate` is pure; :func:`casework.rules.case_damages.damages` asks it for a case in the
register, with the refunds its bills show (the money trail sits above the register, this module
below it, #16).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..cases import Case
from ..money import CENT, fmt
from ..vocabulary import Applies
from .citations import Citation, cite_all, typed
from .schema import DamagesFile, DamagesRule
from .text import Text

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
    applies: Applies
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


def _file() -> DamagesFile:
    model: DamagesFile = typed("damages.json")
    return model


def looks_like_food(case: Case) -> bool:
    text = f"{case.product} {case.title}"
    return any(k in text for k in _file().food_keywords)


def _offered(rule: DamagesRule, case: Case) -> bool:
    """A line is offered only for the categories its rule names (food 10× never for earbuds)."""
    return rule.categories == "*" or case.category in rule.categories


@dataclass(frozen=True)
class _Facts:
    """What :func:`calculate` was told, the price already settled (0 when none is recorded)."""

    case: Case
    price: Decimal
    food: bool | None
    fraud: bool | None
    loss: Decimal | None
    shipping: Decimal | None
    gift_value: Decimal | None
    card_fee: Decimal | None
    received: Decimal | None
    injury: bool
    promise_times: int | None
    platform_advance: bool
    overcharge: Decimal | None


class _Lines:
    """The lines so far, each built from its rule in damages.json with its notes and citations."""

    def __init__(self) -> None:
        self.rules = {r.id: r for r in _file().rules}
        self.lines: list[DamagesLine] = []

    def add(
        self,
        key: str,
        amount: Decimal,
        basis: Text,
        applies: Applies,
        extra: list[Text] | None = None,
        more_citations: list[Any] | None = None,
    ) -> None:
        r = self.rules[key]
        cits = cite_all([*r.citations, *(more_citations or [])], where=f"damages.json:{key}")
        notes = [Text(z, e) for z, e in zip(r.notes_zh, r.notes_en, strict=True)]
        notes += [Text(z, e) for z, e in zip(r.exclusions_zh, r.exclusions_en, strict=True)]
        self.lines.append(
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


def _refund(out: _Lines, f: _Facts) -> None:
    # Not every dispute is about getting the price back (a price difference, a leaked phone
    # number): the category says whether the refund is the claim.
    by_cat = out.rules["refund"].by_category.get(f.case.category)
    out.add(
        "refund",
        f.price,
        Text(f"实付金额 {fmt(f.price)}", f"amount paid {fmt(f.price)}"),
        Applies(by_cat.applies) if by_cat else Applies.YES,
        [Text(by_cat.note_zh, by_cat.note_en)] if by_cat else [],
        by_cat.citations if by_cat else [],
    )


def _deductions(out: _Lines, f: _Facts) -> None:
    """An unreturned gift and a card fee may be taken off the refund."""
    if f.gift_value:
        gift = f.gift_value
        basis = Text(f"赠品价格 {fmt(gift)}", f"gift price {fmt(gift)}")
        out.add("gift_deduction", -gift, basis, Applies.POSSIBLE)
    if f.card_fee:
        fee = f.card_fee
        basis = Text(f"手续费 {fmt(fee)}", f"card fee {fmt(fee)}")
        out.add("card_fee_deduction", -fee, basis, Applies.POSSIBLE)


def _shipping(out: _Lines, f: _Facts) -> None:
    """Return shipping: the business's for a quality return, else possibly the consumer's."""
    if not f.shipping:
        return
    ship = f.shipping
    if f.case.category.value in QUALITY_CATEGORIES:
        basis = Text(
            f"质量问题退货运费由经营者承担：{fmt(ship)}",
            f"quality return, the business pays: {fmt(ship)}",
        )
        out.add("shipping", ship, basis, Applies.YES)
        return
    basis = Text(
        f"退货运费 {fmt(ship)}（不再满足包邮时可扣）",
        f"return shipping {fmt(ship)} (deductible if free shipping no longer applies)",
    )
    out.add("shipping", -ship, basis, Applies.POSSIBLE)


def _loss(out: _Lines, f: _Facts) -> None:
    # The loss itself, besides any punitive amount (消保法 55 ¶2, 食品安全法 148 ¶2).
    if f.loss:
        out.add("loss", f.loss, Text(f"损失 {fmt(f.loss)}", f"loss {fmt(f.loss)}"), Applies.YES)


def _overcharge(out: _Lines, f: _Facts) -> None:
    """The overpayment in a price dispute, for the categories the rule names."""
    if not _offered(out.rules["price_overcharge"], f.case):
        return
    over = f.overcharge or ZERO
    out.add(
        "price_overcharge",
        over,
        Text(f"多付的价款 {fmt(over)}", f"overpayment {fmt(over)}"),
        Applies.POSSIBLE,
        [] if f.overcharge else [Text("请填写多付的差价", "enter the overpaid difference")],
    )


def _fraud(out: _Lines, f: _Facts) -> None:
    """Fraud: 3 × price, at least 500 yuan (消保法 55 ¶1)."""
    r = out.rules["fraud_3x"]
    triple = f.price * r.multiplier
    floor = r.floor or ZERO
    if f.fraud is None:
        fraud = f.case.category.value in FRAUD_CATEGORIES
        applies = Applies.POSSIBLE if fraud else Applies.NO
    else:
        applies = Applies.YES if f.fraud else Applies.NO
    cat = r.by_category.get(f.case.category)
    out.add(
        "fraud_3x",
        max(triple, floor),
        _floored_basis([(_Multiple("价款", "the price", r.multiplier), f.price, triple)], floor),
        applies,
        ([] if f.fraud else [Text("须先认定欺诈", "only once fraud is established")])
        + ([Text(cat.note_zh, cat.note_en)] if cat else []),
        cat.citations if cat else [],
    )


def _food(out: _Lines, f: _Facts) -> None:
    """Food: 10 × price or 3 × loss, at least 1,000 yuan (食品安全法 148 ¶2)."""
    r = out.rules["food_10x"]
    detected = f.food is None and looks_like_food(f.case)
    loss_times = r.loss_multiplier or Decimal(3)
    ten = f.price * r.multiplier
    three_loss = (f.loss or ZERO) * loss_times
    floor = r.floor or ZERO
    applies = Applies.YES if f.food else (Applies.POSSIBLE if detected else Applies.NO)
    if not _offered(r, f.case) and not f.food:
        applies = Applies.NO  # a category the food law does not reach (a payment error …)
    multiples = [(_Multiple("价款", "the price", r.multiplier), f.price, ten)]
    if f.loss:
        multiples.append((_Multiple("损失", "the loss", loss_times), f.loss, three_loss))
    confirm = Text(
        "按商品名称判断为食品，请确认", "judged to be food from the product name; confirm"
    )
    out.add(
        "food_10x",
        max(ten, three_loss, floor),
        _floored_basis(multiples, floor),
        applies,
        [confirm] if detected else [],
    )


def _injury(out: _Lines, f: _Facts) -> None:
    """A known defect that caused death or serious harm: up to twice the loss (消保法 55 ¶2)."""
    if not f.injury:
        return
    r = out.rules["injury_2x"]
    loss = f.loss or ZERO
    ceiling = loss * r.multiplier
    twice = _Multiple("损失", "the loss", r.multiplier)
    basis = Text(f"不超过{twice.zh(loss, ceiling)}", f"up to {twice.en(loss, ceiling)}")
    out.add("injury_2x", ceiling, basis, Applies.POSSIBLE)


def _promise(out: _Lines, f: _Facts) -> None:
    # 假一赔十: the seller's own promise above the statutory standard (网络消费纠纷规定（一）10).
    if not f.promise_times:
        return
    promised = f.price * Decimal(f.promise_times)
    times = _Multiple("价款", "the price", f.promise_times)
    basis = Text(
        times.zh(f.price, promised) + "（经营者承诺）",
        times.en(f.price, promised) + " (as promised)",
    )
    out.add("promise", promised, basis, Applies.YES)


def _platform_advance(out: _Lines, f: _Facts) -> None:
    """A platform's 先行赔付 promise: the price may be claimed from the platform."""
    if not f.platform_advance:
        return
    basis = Text(
        f"平台承诺先行赔付，可直接向平台主张 {fmt(f.price)}",
        f"the platform promised to pay first: claim {fmt(f.price)} from it",
    )
    out.add("platform_advance", f.price, basis, Applies.POSSIBLE)


#: The lines of what is given back, in the order a reader sees them; the punitive lines follow.
_REFUND_STEPS = (_refund, _deductions, _shipping, _loss, _overcharge)
_PUNITIVE_STEPS = (_fraud, _food, _injury, _promise, _platform_advance)


def _refund_due(
    lines: list[DamagesLine], received: Decimal | None, warnings: list[Text]
) -> Decimal:
    """What is owed back (the loss is a line of its own), less what was already received."""
    due = sum((x.amount for x in lines if x.applies == Applies.YES and x.key != "loss"), ZERO)
    if received and lines[0].applies != Applies.YES:
        warnings.append(
            Text(
                f"已收到退款/补偿 {fmt(received)}；本类争议的退款金额待认定，未作扣除",
                f"{fmt(received)} already received; the refund for this kind of dispute is "
                "yet to be established, so nothing was taken off",
            )
        )
    elif received:
        due -= received
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
    return due


def _best(lines: list[DamagesLine], *levels: Applies) -> Decimal:
    """The larger punitive line of these levels: the alternatives never add up."""
    return max((x.amount for x in lines if x.key in PUNITIVE and x.applies in levels), default=ZERO)


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
    price = price if price is not None else case.amount_paid
    warnings: list[Text] = []
    if price is None:
        warnings.append(
            Text(
                "未登记支付金额，金额按 0 计算；请补充 amount_paid",
                "amount paid is not recorded; amounts computed from 0 — fill in amount_paid",
            )
        )
    f = _Facts(
        case, price or ZERO, food, fraud, loss, shipping, gift_value, card_fee, received,
        injury, promise_times, platform_advance, overcharge,
    )  # fmt: skip
    out = _Lines()
    for step in _REFUND_STEPS:
        step(out, f)
    refund_due = _refund_due(out.lines, received, warnings)
    for step in _PUNITIVE_STEPS:
        step(out, f)
    lines = out.lines
    refund_line = lines[0]
    maybe_refund = refund_line.amount if refund_line.applies == Applies.POSSIBLE else ZERO
    loss_due = sum((x.amount for x in lines if x.key == "loss"), ZERO)
    yes, possible = Applies.YES, Applies.POSSIBLE
    return DamagesResult(
        case.id,
        price,
        lines,
        refund_due,
        _best(lines, yes),
        refund_due + loss_due + _best(lines, yes),
        refund_due + loss_due + maybe_refund + _best(lines, yes, possible),
        warnings,
    )
