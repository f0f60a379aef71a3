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

from dataclasses import asdict, dataclass
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
    out: list[Check] = []
    case_orders = [_order_key(o) for o in case.order_numbers]
    # the bill row this screenshot is about: found by order number, else by payment number
    rows_by_order = {
        _order_key(r["merchant_order_id"]): r for r in bill_rows if r.get("merchant_order_id")
    }
    rows_by_txn = {str(r["txn_id"]).strip(): r for r in bill_rows if r.get("txn_id")}
    row: dict[str, Any] | None = None

    orders = list(fields.get("order_numbers") or [])
    if fields.get("kind") == "payment" and fields.get("merchant_order_no"):
        orders.append(_order_key(fields["merchant_order_no"]))
    for number in orders:
        key = _order_key(number)
        name_zh, name_en = f"订单号 {key}", f"order number {key}"
        if key in case_orders:
            out.append(
                Check(
                    "order_numbers",
                    key,
                    "match",
                    "case",
                    key,
                    "",
                    f"{name_zh}与案件一致",
                    f"{name_en} matches the case",
                )
            )
        elif case_orders:
            out.append(
                Check(
                    "order_numbers",
                    key,
                    "differs",
                    "case",
                    "、".join(case_orders),
                    "",
                    f"截图中的{name_zh}与案件登记的订单号（{'、'.join(case_orders)}）不同",
                    f"the screenshot's {name_en} differs from the case's ({', '.join(case_orders)})",
                )
            )
        else:
            out.append(
                Check(
                    "order_numbers",
                    key,
                    "new",
                    "case",
                    "",
                    "",
                    f"截图中的{name_zh}尚未登记，可加入案件",
                    f"{name_en} is not in the case yet; add it to the intake",
                    intake_field="order_numbers",
                )
            )
        bill = rows_by_order.get(key)
        if bill is not None:
            row = row or bill
            out.append(
                Check(
                    "order_numbers",
                    key,
                    "match",
                    "bill",
                    key,
                    _bill_where(bill),
                    f"{name_zh}见账单 {_bill_where_zh(bill)}",
                    f"{name_en} is in the bill, {_bill_where(bill)}",
                )
            )
    txn = fields.get("payment_txn_id") or (
        fields.get("order_no") if fields.get("kind") == "payment" else None
    )
    txn_key = "payment_txn_id" if fields.get("payment_txn_id") else "order_no"
    if txn:
        bill = rows_by_txn.get(str(txn))
        if bill is not None:
            row = row or bill
            out.append(
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
            out.append(
                Check(
                    txn_key,
                    txn,
                    "differs",
                    "bill",
                    str(row["txn_id"]).strip(),
                    _bill_where(row),
                    f"截图中的{_label(txn_key, 'zh')} {txn} 与账单 {_bill_where_zh(row)} 的交易号 {str(row['txn_id']).strip()} 不同",
                    f"the screenshot's {_label(txn_key, 'en')} {txn} differs from {str(row['txn_id']).strip()} in the bill, {_bill_where(row)}",
                )
            )

    amount_key = "paid_fen" if fields.get("kind") == "order" else "amount_fen"
    amount = fields.get(amount_key)
    if amount is not None:
        shown = _money(int(amount))
        if case.amount_paid is not None:
            expected = to_fen(case.amount_paid)
            if expected == amount:
                out.append(
                    Check(
                        amount_key,
                        shown,
                        "match",
                        "case",
                        shown,
                        "",
                        f"{_label(amount_key, 'zh')} {shown} 与案件一致",
                        f"{_label(amount_key, 'en')} {shown} matches the case",
                    )
                )
            else:
                out.append(
                    Check(
                        amount_key,
                        shown,
                        "differs",
                        "case",
                        _money(expected),
                        "",
                        f"截图中的{_label(amount_key, 'zh')} {shown} 与案件登记的 {_money(expected)} 不同",
                        f"the screenshot's {_label(amount_key, 'en')} {shown} differs from the case's {_money(expected)}",
                    )
                )
        else:
            out.append(
                Check(
                    amount_key,
                    shown,
                    "new",
                    "case",
                    "",
                    "",
                    f"截图中的{_label(amount_key, 'zh')} {shown} 尚未登记，可加入案件",
                    f"{_label(amount_key, 'en')} {shown} is not in the case yet; add it to the intake",
                    intake_field="amount_paid",
                )
            )
        if row is not None:
            billed = int(row["amount_fen"])
            status = "match" if billed == amount else "differs"
            out.append(
                Check(
                    amount_key,
                    shown,
                    status,
                    "bill",
                    _money(billed),
                    _bill_where(row),
                    f"{_label(amount_key, 'zh')} {shown} 与账单 {_bill_where_zh(row)} 一致"
                    if status == "match"
                    else f"截图中的{_label(amount_key, 'zh')} {shown} 与账单 {_bill_where_zh(row)} 的 {_money(billed)} 不同",
                    f"{_label(amount_key, 'en')} {shown} matches the bill, {_bill_where(row)}"
                    if status == "match"
                    else f"the screenshot's {_label(amount_key, 'en')} {shown} differs from {_money(billed)} in the bill, {_bill_where(row)}",
                )
            )

    shop_key = "shop" if fields.get("kind") == "order" else "counterparty"
    shop = fields.get(shop_key)
    if shop and fields.get("kind") in ("order", "payment"):
        if case.shop_name:
            ok = _names_match(shop, case.shop_name)
            if ok or fields.get("kind") == "order":
                out.append(
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
        elif fields.get("kind") == "order":
            out.append(
                Check(
                    "shop",
                    shop,
                    "new",
                    "case",
                    "",
                    "",
                    f"店铺「{shop}」尚未登记，可加入案件",
                    f"shop {shop!r} is not in the case yet; add it to the intake",
                    intake_field="shop_name",
                )
            )

    paid_key = "paid_at" if fields.get("kind") == "order" else "time"
    paid_at = fields.get(paid_key)
    if paid_at and row is not None:
        billed_at = _at(str(row["time"]))
        gap = abs((_at(paid_at) - billed_at).total_seconds())
        status = "match" if gap <= TIME_SLACK_SECONDS else "differs"
        when = _at(paid_at).strftime("%Y-%m-%d %H:%M:%S")
        billed_text = billed_at.strftime("%Y-%m-%d %H:%M:%S")
        out.append(
            Check(
                paid_key,
                when,
                status,
                "bill",
                billed_text,
                _bill_where(row),
                f"{_label(paid_key, 'zh')} {when} 与账单 {_bill_where_zh(row)} 的 {billed_text} 相符"
                if status == "match"
                else f"截图中的{_label(paid_key, 'zh')} {when} 与账单 {_bill_where_zh(row)} 的 {billed_text} 相差 {round(gap / 60)} 分钟",
                f"{_label(paid_key, 'en')} {when} agrees with {billed_text} in the bill, {_bill_where(row)}"
                if status == "match"
                else f"the screenshot's {_label(paid_key, 'en')} {when} is {round(gap / 60)} min from {billed_text} in the bill, {_bill_where(row)}",
            )
        )
    created = fields.get("created_at")
    if created and case.purchase_date is not None:
        day = _at(created).date()
        ok = day == case.purchase_date
        out.append(
            Check(
                "created_at",
                day.isoformat(),
                "match" if ok else "differs",
                "case",
                case.purchase_date.isoformat(),
                "",
                f"下单日期 {day} 与案件一致"
                if ok
                else f"截图中的下单日期 {day} 与案件登记的购买日期 {case.purchase_date} 不同",
                f"order date {day} matches the case"
                if ok
                else f"the screenshot's order date {day} differs from the case's purchase date {case.purchase_date}",
            )
        )
    for key in fields.get("low_confidence") or []:
        value = fields.get(key)
        out.append(
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
    return out
