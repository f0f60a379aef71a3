"""Cross-checks of what a screenshot shows against the case and its bills (截图核对).

Every order number, payment number, amount, shop and time read from a screenshot is compared
with the case's intake fields and the imported bills' transactions:

- ``match``: the same value; a bill match names the bill file and line (账单第N行);
- ``differs``: a different value — a warning for the advocate's review sheet, never silently
  kept or overwritten;
- ``new``: the case does not have it yet — offered to the intake;
- ``low``: the line it was read from scored low — check by eye before using it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from ..cases import Case
from ..money import fmt, from_fen, to_fen

#: How far a screenshot's payment time may be from the bill's (the order page and the payment
#: provider stamp the same payment a few seconds to minutes apart).
TIME_SLACK_SECONDS = 600


@dataclass
class Check:
    """One comparison: what was read, against what, and the outcome."""

    field: str
    value: str
    status: str  # match | differs | new | low
    against: str  # case | bill | reading
    expected: str = ""
    where: str = ""
    zh: str = ""
    en: str = ""
    #: For a ``new`` value, the intake field it would fill (order_numbers, amount_paid …).
    intake_field: str = ""

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


LABELS = {
    "order_numbers": ("订单号", "order number"),
    "payment_txn_id": ("支付交易号", "payment transaction number"),
    "order_no": ("支付订单号", "payment order number"),
    "merchant_order_no": ("商家订单号", "merchant order number"),
    "paid_fen": ("实付款", "amount paid"),
    "amount_fen": ("付款金额", "amount paid"),
    "shop": ("店铺", "shop"),
    "counterparty": ("收款方", "payee"),
    "paid_at": ("付款时间", "payment time"),
    "time": ("付款时间", "payment time"),
    "created_at": ("下单时间", "order time"),
}


def _label(key: str, lang: str) -> str:
    zh, en = LABELS.get(key, (key, key))
    return en if lang == "en" else zh


def _bill_where(row: dict[str, Any]) -> str:
    return f"{row.get('file_name') or row.get('source', '')} line {row['line']}"


def _bill_where_zh(row: dict[str, Any]) -> str:
    return f"{row.get('file_name') or row.get('source', '')} 第 {row['line']} 行"


def _order_key(text: str) -> str:
    return str(text).strip().removeprefix("T200P")


def _names_match(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _money(fen: int) -> str:
    return fmt(from_fen(fen))


def cross_check(fields: dict[str, Any], case: Case, bill_rows: list[dict[str, Any]]) -> list[Check]:
    """Compare the fields read from one screenshot with the case and its bill rows."""
    reading = _Reading(fields, case, bill_rows)
    for step in STEPS:
        step(reading)
    return reading.out


@dataclass
class _Reading:
    """One screenshot's fields being checked, the checks so far, and the bill row it is about."""

    fields: dict[str, Any]
    case: Case
    bill_rows: list[dict[str, Any]]
    out: list[Check] = field(default_factory=list)
    #: the bill row this screenshot is about: found by order number, else by payment number
    row: dict[str, Any] | None = None

    @property
    def kind(self) -> Any:
        return self.fields.get("kind")


def _check_orders(r: _Reading) -> None:
    """Each order number read: against the case's, then found in a bill (which fixes the row)."""
    case_orders = [_order_key(o) for o in r.case.order_numbers]
    rows_by_order = {
        _order_key(b["merchant_order_id"]): b for b in r.bill_rows if b.get("merchant_order_id")
    }
    orders = list(r.fields.get("order_numbers") or [])
    if r.kind == "payment" and r.fields.get("merchant_order_no"):
        orders.append(_order_key(r.fields["merchant_order_no"]))
    for number in orders:
        key = _order_key(number)
        r.out.append(_order_against_case(key, case_orders))
        bill = rows_by_order.get(key)
        if bill is not None:
            r.row = r.row or bill
            r.out.append(
                Check(
                    "order_numbers",
                    key,
                    "match",
                    "bill",
                    key,
                    _bill_where(bill),
                    f"订单号 {key}见账单 {_bill_where_zh(bill)}",
                    f"order number {key} is in the bill, {_bill_where(bill)}",
                )
            )


def _order_against_case(key: str, case_orders: list[str]) -> Check:
    name_zh, name_en = f"订单号 {key}", f"order number {key}"
    if key in case_orders:
        return Check(
            "order_numbers",
            key,
            "match",
            "case",
            key,
            "",
            f"{name_zh}与案件一致",
            f"{name_en} matches the case",
        )
    if case_orders:
        return Check(
            "order_numbers",
            key,
            "differs",
            "case",
            "、".join(case_orders),
            "",
            f"截图中的{name_zh}与案件登记的订单号（{'、'.join(case_orders)}）不同",
            f"the screenshot's {name_en} differs from the case's ({', '.join(case_orders)})",
        )
    return _not_in_case("order_numbers", key, f"截图中的{name_zh}", name_en, "order_numbers")


def _not_in_case(field: str, value: str, what_zh: str, what_en: str, intake_field: str) -> Check:
    """A value the screenshot shows that the case does not hold yet: the intake can take it."""
    return Check(
        field,
        value,
        "new",
        "case",
        zh=f"{what_zh}尚未登记，可加入案件",
        en=f"{what_en} is not in the case yet; add it to the intake",
        intake_field=intake_field,
    )


def _check_payment_number(r: _Reading) -> None:
    """The payment number read: found in a bill (which fixes the row), or differing from the row's."""
    fields = r.fields
    txn = fields.get("payment_txn_id") or (fields.get("order_no") if r.kind == "payment" else None)
    txn_key = "payment_txn_id" if fields.get("payment_txn_id") else "order_no"
    if not txn:
        return
    rows_by_txn = {str(b["txn_id"]).strip(): b for b in r.bill_rows if b.get("txn_id")}
    bill = rows_by_txn.get(str(txn))
    row = r.row
    if bill is not None:
        r.row = row or bill
        r.out.append(
            Check(
                txn_key,
                txn,
                "match",
                "bill",
                txn,
                _bill_where(bill),
                f"{_label(txn_key, 'zh')} {txn} 见账单 {_bill_where_zh(bill)}",
                f"{_label(txn_key, 'en')} {txn} is in the bill, {_bill_where(bill)}",
            )
        )
    elif row is not None and row.get("txn_id"):
        billed = str(row["txn_id"]).strip()
        r.out.append(
            Check(
                txn_key,
                txn,
                "differs",
                "bill",
                billed,
                _bill_where(row),
                f"截图中的{_label(txn_key, 'zh')} {txn} 与账单 {_bill_where_zh(row)} 的交易号 {billed} 不同",
                f"the screenshot's {_label(txn_key, 'en')} {txn} differs from {billed} in the bill, {_bill_where(row)}",
            )
        )


def _check_amount(r: _Reading) -> None:
    amount_key = "paid_fen" if r.kind == "order" else "amount_fen"
    amount = r.fields.get(amount_key)
    if amount is None:
        return
    r.out.append(_amount_against_case(amount_key, int(amount), r.case))
    if r.row is not None:
        r.out.append(_amount_against_bill(amount_key, int(amount), r.row))


def _amount_against_case(amount_key: str, amount: int, case: Case) -> Check:
    shown = _money(amount)
    if case.amount_paid is None:
        zh, en = (
            f"截图中的{_label(amount_key, 'zh')} {shown} ",
            f"{_label(amount_key, 'en')} {shown}",
        )
        return _not_in_case(amount_key, shown, zh, en, "amount_paid")
    expected = to_fen(case.amount_paid)
    if expected == amount:
        return Check(
            amount_key,
            shown,
            "match",
            "case",
            shown,
            "",
            f"{_label(amount_key, 'zh')} {shown} 与案件一致",
            f"{_label(amount_key, 'en')} {shown} matches the case",
        )
    return Check(
        amount_key,
        shown,
        "differs",
        "case",
        _money(expected),
        "",
        f"截图中的{_label(amount_key, 'zh')} {shown} 与案件登记的 {_money(expected)} 不同",
        f"the screenshot's {_label(amount_key, 'en')} {shown} differs from the case's {_money(expected)}",
    )


def _amount_against_bill(amount_key: str, amount: int, row: dict[str, Any]) -> Check:
    shown = _money(amount)
    billed = int(row["amount_fen"])
    zh, en, where = _label(amount_key, "zh"), _label(amount_key, "en"), _bill_where(row)
    return _against_bill(
        amount_key,
        shown,
        billed == amount,
        _money(billed),
        row,
        (
            f"{zh} {shown} 与账单 {_bill_where_zh(row)} 一致",
            f"截图中的{zh} {shown} 与账单 {_bill_where_zh(row)} 的 {_money(billed)} 不同",
        ),
        (
            f"{en} {shown} matches the bill, {where}",
            f"the screenshot's {en} {shown} differs from {_money(billed)} in the bill, {where}",
        ),
    )


def _against_bill(
    field: str,
    value: str,
    ok: bool,
    billed: str,
    row: dict[str, Any],
    zh: tuple[str, str],
    en: tuple[str, str],
) -> Check:
    """A value read against the bill row's: ``zh`` / ``en`` say (agrees, differs)."""
    said = 0 if ok else 1
    status = "match" if ok else "differs"
    return Check(field, value, status, "bill", billed, _bill_where(row), zh[said], en[said])


def _check_shop(r: _Reading) -> None:
    """The shop (order page) or counterparty (payment page) against the case's shop name."""
    shop_key = "shop" if r.kind == "order" else "counterparty"
    shop = r.fields.get(shop_key)
    case = r.case
    if not shop or r.kind not in ("order", "payment"):
        return
    if case.shop_name:
        ok = _names_match(shop, case.shop_name)
        if ok or r.kind == "order":
            r.out.append(
                Check(
                    shop_key,
                    shop,
                    "match" if ok else "differs",
                    "case",
                    case.shop_name,
                    "",
                    f"{_label(shop_key, 'zh')}「{shop}」与案件一致"
                    if ok
                    else f"截图中的店铺「{shop}」与案件登记的「{case.shop_name}」不同",
                    f"{_label(shop_key, 'en')} {shop!r} matches the case"
                    if ok
                    else f"the screenshot's shop {shop!r} differs from the case's {case.shop_name!r}",
                )
            )
    elif r.kind == "order":
        r.out.append(_not_in_case("shop", shop, f"店铺「{shop}」", f"shop {shop!r}", "shop_name"))


def _check_paid_at(r: _Reading) -> None:
    """The payment time read against the bill row's, within :data:`TIME_SLACK_SECONDS`."""
    paid_key = "paid_at" if r.kind == "order" else "time"
    paid_at = r.fields.get(paid_key)
    row = r.row
    if not paid_at or row is None:
        return
    billed_at = _at(str(row["time"]))
    gap = abs((_at(paid_at) - billed_at).total_seconds())
    when = _at(paid_at).strftime("%Y-%m-%d %H:%M:%S")
    billed_text = billed_at.strftime("%Y-%m-%d %H:%M:%S")
    zh, en, where, minutes = (
        _label(paid_key, "zh"),
        _label(paid_key, "en"),
        _bill_where(row),
        round(gap / 60),
    )
    r.out.append(
        _against_bill(
            paid_key,
            when,
            gap <= TIME_SLACK_SECONDS,
            billed_text,
            row,
            (
                f"{zh} {when} 与账单 {_bill_where_zh(row)} 的 {billed_text} 相符",
                f"截图中的{zh} {when} 与账单 {_bill_where_zh(row)} 的 {billed_text} 相差 {minutes} 分钟",
            ),
            (
                f"{en} {when} agrees with {billed_text} in the bill, {where}",
                f"the screenshot's {en} {when} is {minutes} min from {billed_text} in the bill, {where}",
            ),
        )
    )


def _check_order_date(r: _Reading) -> None:
    """The order's creation day against the case's purchase date."""
    created = r.fields.get("created_at")
    purchased = r.case.purchase_date
    if not created or purchased is None:
        return
    day = _at(created).date()
    ok = day == purchased
    r.out.append(
        Check(
            "created_at",
            day.isoformat(),
            "match" if ok else "differs",
            "case",
            purchased.isoformat(),
            "",
            f"下单日期 {day} 与案件一致"
            if ok
            else f"截图中的下单日期 {day} 与案件登记的购买日期 {purchased} 不同",
            f"order date {day} matches the case"
            if ok
            else f"the screenshot's order date {day} differs from the case's purchase date {purchased}",
        )
    )


def _check_low_confidence(r: _Reading) -> None:
    """Every field whose line scored low: check it by eye."""
    for key in r.fields.get("low_confidence") or []:
        value = r.fields.get(key)
        r.out.append(
            Check(
                key,
                str(value if value is not None else ""),
                "low",
                "reading",
                "",
                "",
                f"「{_label(key, 'zh')}」所在行识别置信度低，请对照原图核实",
                f"the line holding the {_label(key, 'en')} was read with low confidence; check it against the image",
            )
        )


#: The checks in the order they are listed; the order and payment numbers come first because
#: they find the bill row the amount and time are compared with.
STEPS: tuple[Callable[[_Reading], None], ...] = (
    _check_orders,
    _check_payment_number,
    _check_amount,
    _check_shop,
    _check_paid_at,
    _check_order_date,
    _check_low_confidence,
)
