"""The money trail section (资金往来): per order what the bill lines show was paid and refunded,
each figure with its file and line."""

from __future__ import annotations

from typing import Any

from ...money import fmt, parse_amount
from ...vocabulary import MATCHED_BY
from ..markup import esc, note, paragraphs, table
from .context import Ctx, english, is_zh

_ROLE: dict[str, tuple[str, str]] = {"payment": ("付款", "payment"), "refund": ("退款", "refund")}


def _bill_line(ctx: Ctx, line: dict[str, Any]) -> str:
    """Where a figure comes from: ``付款 ¥1,299.00：alipay_demo.csv 第 32 行`` (file and line)."""
    role = ctx.t(*_ROLE.get(line.get("role", ""), (line.get("role", ""),) * 2))
    amount = fmt(parse_amount(line["amount"])) if line.get("amount") else ""
    where = ctx.t(
        f"{line.get('file')} 第 {line.get('line')} 行",
        f"{line.get('file')} line {line.get('line')}",
    )
    return f"{role} {amount}：{where}" if is_zh(ctx.lang) else f"{role} {amount}: {where}"


def money(ctx: Ctx) -> str:
    """Per order: what the bill lines show was paid and refunded. An order with no payment row
    found says so and gives the amount the consumer states, with that source — never ¥0.00 as
    if it were a fact. Transactions that belong to no order are listed; the order is not."""
    from ...records import money_trail

    trail = money_trail(ctx.store, ctx.case.id)
    out, found, pending = _orders_table(ctx, trail)
    if not found and not _has_bills(ctx):
        out += note(
            ctx.t(
                "（尚未导入账单，没有可列出的付款。）", "(No bills imported: no payments to list.)"
            )
        )
        if ctx.case.amount_paid is not None:
            out += _stated_payment(ctx, pending)
    elif pending or not found:
        out += _stated_payment(ctx, pending)
    return out + _stray_table(ctx, trail)


def _orders_table(ctx: Ctx, trail: Any) -> tuple[str, bool, list[str]]:
    """The table of orders a payment row was found for, and the orders with none (pending)."""
    t = ctx.t
    headers = [
        t("订单号", "Order"),
        t("已付", "Paid"),
        t("已退", "Refunded"),
        t("尚欠", "Outstanding"),
        t("状态", "Status"),
        t("匹配方式", "Matched by"),
        t("账单出处", "Bill lines"),
    ]
    rows, pending = [], []
    for rec in trail.orders.to_dict("records"):
        if rec["status"] == "no_payment":
            pending.append(rec["order"])
            continue
        lines = "<br/>".join(ctx.e(_bill_line(ctx, ln)) for ln in rec.get("lines") or [])
        method = rec.get("match_method", "")
        rows.append(
            [
                ctx.e(rec.get("order", "")),
                esc(fmt(rec.get("paid"))),
                esc(fmt(rec.get("refunded"))),
                esc(fmt(rec.get("outstanding"))),
                esc(rec.get("status_zh") if is_zh(ctx.lang) else english(rec.get("status") or "")),
                esc(t(*MATCHED_BY.get(method, (method, method)))),
                lines,
            ]
        )
    if not rows:
        return "", False, pending
    totals = trail.totals
    foot = [t("合计", "Total"), fmt(totals.get("paid")), fmt(totals.get("refunded"))]
    foot += [fmt(totals.get("outstanding")), "", "", ""]
    return table(headers, rows, cls="cw-money", foot=foot, raw_columns=range(7)), True, pending


def _stray_table(ctx: Ctx, trail: Any) -> str:
    """Transactions with this shop that match no order. Only what concerns this shop: a refund
    from another merchant in the same bill is the consumer's own business, not the reader's."""
    import numpy as np

    t = ctx.t
    shop = ctx.case.shop_name or ctx.case.respondent_name
    names = [bool(shop) and _names_match(str(c), shop) for c in trail.unmatched["counterparty"]]
    stray = trail.unmatched[
        (trail.unmatched["kind"] != "order").to_numpy(dtype=bool) & np.array(names, dtype=bool)
    ]
    if not len(stray):
        return ""
    head = note(
        t(
            "以下交易涉及本案商家，但未能对应到上列订单：",
            "These transactions concern the shop but match none of the orders above:",
        )
    )
    return head + table(
        [t("时间", "When"), t("款项", "Kind"), t("金额", "Amount"), t("交易对方", "Counterparty")],
        [
            [
                str(r["time"])[:16].replace("T", " "),
                t("退款", "refund") if r["kind"] == "refund" else t("付款", "payment"),
                fmt(r["amount"]),
                ctx.r(r["counterparty"]),
            ]
            for r in stray.to_dict("records")
        ],
        cls="cw-unmatched",
    )


def _names_match(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def _has_bills(ctx: Ctx) -> bool:
    from ...records.importing import import_summary

    return bool(import_summary(ctx.store, ctx.case.id))


def _stated_payment(ctx: Ctx, pending: list[str]) -> str:
    """The payment as the consumer states it, while no bill row shows it (付款记录尚未核对到)."""
    c, t = ctx.case, ctx.t
    orders = "、".join(pending) if is_zh(ctx.lang) else ", ".join(pending)
    head = t(
        f"订单 {orders}：付款记录尚未核对到。" if orders else "付款记录尚未核对到。",
        f"Order {orders}: the payment record has not been matched yet."
        if orders
        else "The payment record has not been matched yet.",
    )
    if c.amount_paid is None:
        return paragraphs(ctx.r(head))
    stated = t(
        f"消费者陈述已支付 {fmt(c.amount_paid)}（来源：投诉人登记的购买信息"
        + (f"，{c.purchase_date.isoformat()}" if c.purchase_date else "")
        + "）。",
        f"The consumer states paying {fmt(c.amount_paid)} (source: the complainant's purchase "
        "details at intake"
        + (f", {c.purchase_date.isoformat()}" if c.purchase_date else "")
        + ").",
    )
    return paragraphs(ctx.r(head + stated))
