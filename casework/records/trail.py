"""The money trail (资金往来) of a case: for each disputed order, what was paid, what came back,
what is still owed, and the line of the bill behind every figure.

Orders are the case's ``order_numbers`` plus the orders typed into the order-entry template.
Each order is matched to payments by id first (商家订单号 / 交易订单号, the Taobao ``T200P`` prefix
removed, or the number inside a WeChat 商品 text); failing that, by amount + time window +
counterparty. Refunds follow their ``refund_of`` link to the payments found. Whatever could not
be matched — an order with no payment, a refund or a payment to the shop that belongs to no
order — is listed in ``unmatched``, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..cases import Case
from ..store import Store
from .importing import transactions

#: How far a payment may be from the order's time (or purchase date) to match without an id.
WINDOW_BEFORE = timedelta(days=1)
WINDOW_AFTER = timedelta(days=3)

STATUS_ZH = {
    "no_payment": "未找到付款记录",
    "paid": "已付款，未退款",
    "partly_refunded": "部分退款",
    "refunded": "已全额退款",
    "over_refunded": "退款多于付款",
}
TRAIL_COLUMNS = [
    "order",
    "order_source",
    "paid",
    "refunded",
    "outstanding",
    "status",
    "status_zh",
    "match_method",
    "lines",
]


@dataclass
class MoneyTrail:
    """Per order: paid / refunded / outstanding, with the source lines; plus what did not match."""

    case_id: str
    orders: pd.DataFrame
    unmatched: pd.DataFrame

    @property
    def totals(self) -> dict[str, Decimal]:
        zero = Decimal("0.00")
        return {
            k: sum(self.orders[k], zero) if len(self.orders) else zero
            for k in ("paid", "refunded", "outstanding")
        }

    def to_dict(self) -> dict[str, Any]:
        orders = []
        for r in self.orders.to_dict("records"):
            orders.append({**r, **{k: f"{r[k]:.2f}" for k in ("paid", "refunded", "outstanding")}})
        unmatched = [
            {**r, "amount": f"{r['amount']:.2f}"} for r in self.unmatched.to_dict("records")
        ]
        return {
            "case_id": self.case_id,
            "orders": orders,
            "unmatched": unmatched,
            "totals": {k: f"{v:.2f}" for k, v in self.totals.items()},
        }


def order_key(text: str) -> str:
    """An order number as the bills write it → the bare number (Taobao's ``T200P`` removed)."""
    return text.strip().removeprefix("T200P")


def _names_match(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def _named(counterparties: pd.Series, shop: str) -> np.ndarray:
    """Which counterparties name the shop, as a bool array (``Series.map`` on an empty column
    gives a str column, and ``bool | str`` is deprecated in pandas)."""
    return np.array([_names_match(c, shop) for c in counterparties], dtype=bool)


def _line(row: pd.Series, role: str) -> dict[str, Any]:
    return {
        "role": role,
        "file": row["file_name"],
        "file_sha256": row["file_sha256"],
        "line": int(row["line"]),
        "time": row["time"].isoformat(),
        "amount": f"{row['amount']:.2f}",
        "source": row["source"],
        "txn_id": row["txn_id"],
    }


def _never_paid(tx: pd.DataFrame) -> pd.Series:
    # Money in is not a payment; a closed trade that was never 支出 was never paid (deg drops it).
    return (tx["direction"] == "in") | (
        tx["status"].str.contains("关闭") & (tx["direction"] != "out")
    )


def _window(at: datetime | date) -> tuple[pd.Timestamp, pd.Timestamp]:
    if not isinstance(at, datetime):
        start = pd.Timestamp(datetime.combine(at, time()), tz="Asia/Shanghai")
        return start - WINDOW_BEFORE, start + timedelta(days=1) + WINDOW_AFTER
    ts = pd.Timestamp(at)
    ts = ts.tz_localize("Asia/Shanghai") if ts.tzinfo is None else ts.tz_convert("Asia/Shanghai")
    return ts - WINDOW_BEFORE, ts + WINDOW_AFTER


@dataclass
class _Order:
    number: str
    origin: str  # "case" or "order-entry"
    amount: Decimal | None
    at: datetime | date | None
    shop: str
    record: pd.Series | None = None


def _orders(case: Case, tx: pd.DataFrame) -> list[_Order]:
    out: list[_Order] = []
    single = len(case.order_numbers) == 1
    for n in case.order_numbers:
        out.append(
            _Order(
                order_key(n),
                "case",
                case.amount_paid if single else None,
                case.purchase_date,
                case.shop_name,
            )
        )
    seen = {o.number for o in out}
    for _, r in tx[tx["kind"] == "order"].iterrows():
        number = order_key(r["merchant_order_id"] or r["txn_id"]) or f"line:{r['line']}"
        if number in seen:
            for o in out:
                if o.number == number:
                    o.record = r
            continue
        seen.add(number)
        out.append(
            _Order(
                number, "order-entry", r["amount"], r["time"].to_pydatetime(), r["counterparty"], r
            )
        )
    return out


def money_trail(store: Store, case_id: str) -> MoneyTrail:
    """The case's money trail from its imported bills (see the module docstring)."""
    case = store.get_case(case_id)
    tx = transactions(store, case_id)
    pay = tx[tx["kind"] == "payment"]
    payments = pay[~pay["is_refund"] & ~_never_paid(pay)]
    refunds = pay[pay["is_refund"]]
    used: set[int] = set()
    rows: list[dict[str, Any]] = []
    for order in _orders(case, tx):
        found, method = _match(order, payments, used)
        used.update(found.index)
        back, how = _refunds_of(order, found, refunds[~refunds.index.isin(used)])
        used.update(back.index)
        lines = [_line(r, "payment") for _, r in found.iterrows()]
        lines += [{**_line(r, "refund"), "link": how[i]} for i, r in back.iterrows()]
        if order.record is not None:
            lines.insert(0, _line(order.record, "order"))
        paid = sum(found["amount"], Decimal("0.00"))
        if found.empty and order.record is not None:
            # Only the consumer's own order record: the figure stands on it, and says so.
            paid, method = order.record["amount"], "order_record"
        refunded = sum(back["amount"], Decimal("0.00"))
        status = (
            "no_payment"
            if found.empty and order.record is None
            else "paid"
            if not refunded
            else "refunded"
            if refunded == paid
            else "over_refunded"
            if refunded > paid
            else "partly_refunded"
        )
        rows.append(
            {
                "order": order.number,
                "order_source": order.origin,
                "paid": paid,
                "refunded": refunded,
                "outstanding": paid - refunded,
                "status": status,
                "status_zh": STATUS_ZH[status],
                "match_method": method,
                "lines": lines,
            }
        )
    orders = pd.DataFrame(rows, columns=TRAIL_COLUMNS)
    return MoneyTrail(case_id, orders, _unmatched(case, pay, used, orders))


def _match(order: _Order, payments: pd.DataFrame, used: set[int]) -> tuple[pd.DataFrame, str]:
    free = payments[~payments.index.isin(used)]
    if order.number and not order.number.startswith("line:"):
        # A number inside the item text (WeChat writes 京东-订单编号…) counts only when it is long
        # enough not to turn up by chance.
        in_item = (
            free["item"].str.contains(order.number, regex=False)
            if len(order.number) >= 8
            else False
        )
        by_id = free[
            (free["merchant_order_id"].map(order_key) == order.number)
            | (free["txn_id"] == order.number)
            | in_item
        ]
        if not by_id.empty:
            return by_id, "id"
    if order.amount is None or order.at is None:
        return free.iloc[0:0], ""
    lo, hi = _window(order.at)
    near = free[
        (free["amount"] == order.amount)
        & (free["time"] >= lo)
        & (free["time"] <= hi)
        & (free["direction"] == "out")
    ]
    if order.shop:
        named = near[_named(near["counterparty"], order.shop)]
        if not named.empty:
            return named.iloc[:1], "amount+time+counterparty"
        return free.iloc[0:0], ""
    if len(near) == 1:
        return near, "amount+time"
    return free.iloc[0:0], ""


#: How long after a payment its refund may come and still be matched without an id (an
#: after-sales refund, 售后退款, can come months later; 价保退款 within the price-protection days).
REFUND_WINDOW = timedelta(days=180)

#: How each refund was tied to its payment, for people (the CLI and the report show it).
REFUND_LINKS = {
    "id": "按交易号 by id",
    "order_id_in_text": "按说明/备注中的订单号 by the order id in the item or note",
    "amount+time+counterparty": "按金额、时间和商家 by amount, time and shop",
}


def _base_id(txn: pd.Series) -> pd.Series:
    """Alipay names a refund ``<payment id>_…`` or ``<payment id>*REFUND_…``."""
    return txn.str.split(r"[*_]", n=1, regex=True).str[0].fillna("")


def _refunds_of(
    order: _Order, found: pd.DataFrame, refunds: pd.DataFrame
) -> tuple[pd.DataFrame, dict[Any, str]]:
    """The refunds of an order's payments, and how each was linked (``REFUND_LINKS``).

    Across every bill of the case, whichever came first: a refund in October's export returns
    a payment in September's. In this order: by id (the link the importer made, Alipay's
    ``<payment id>_…``, JD's shared 交易订单号, WeChat's refund id = the payment's 商户单号); by
    a payment's order number written in the refund's 商品名称 / 备注 (JD refunds whose
    交易订单号 differs); then by amount (no more than was paid), time (after the payment,
    within ``REFUND_WINDOW``) and the shop's normalised name (long or short form, without the
    channel or platform prefix). A refund none of these finds stays in ``unmatched``."""
    how: dict[Any, str] = {}
    if found.empty or refunds.empty:
        return refunds.iloc[0:0], how
    ids = set(found["txn_id"]) - {""}
    orders = set(found["merchant_order_id"]) - {""}
    direct = _linked_by_id(order, refunds, ids, orders)
    in_text = _order_id_in_text(refunds, ids | orders) & ~direct
    # Linked at import by what the file offered besides ids (Meituan's 订单标题, a bank's
    # counterparty, WeChat's shop and time): that is the amount, time and shop method.
    tied = _tied_at_import(found, refunds, ids) & ~direct & ~in_text
    for i in refunds.index[direct]:
        how[i] = "id"
    for i in refunds.index[in_text]:
        how[i] = "order_id_in_text"
    for i in refunds.index[tied]:
        how[i] = "amount+time+counterparty"
    # The rest: only refunds no other link claims (``refund_of`` empty).
    unclaimed = refunds[refunds["refund_of"].eq("") & ~direct & ~in_text]
    for i in _by_amount_time_shop(found, unclaimed):
        how[i] = "amount+time+counterparty"
    return refunds.loc[list(how)], how


def _linked_by_id(
    order: _Order, refunds: pd.DataFrame, ids: set[str], orders: set[str]
) -> pd.Series:
    """The refund's own ids name the payment: Alipay's base id, JD's shared 交易订单号, WeChat's
    refund id = the payment's 商户单号, an order number the case holds."""
    base = _base_id(refunds["txn_id"])
    return (
        (refunds["merchant_order_id"].map(order_key) == order.number)
        | (base.isin(ids) & (base != refunds["txn_id"]))
        | refunds["txn_id"].isin(orders)
        | ((refunds["source"] == "jd") & refunds["txn_id"].isin(ids))
    )


def _order_id_in_text(refunds: pd.DataFrame, ids: set[str]) -> pd.Series:
    """Refunds whose 商品名称 or 备注 / status text writes one of the payments' ids (8+ chars)."""
    long_ids = [i for i in ids if len(i) >= 8]
    return pd.Series(
        [
            bool(long_ids) and any(i in f"{t} {s}" for i in long_ids)
            for t, s in zip(refunds["item"], refunds["status"], strict=True)
        ],
        index=refunds.index,
        dtype=bool,
    )


def _tied_at_import(found: pd.DataFrame, refunds: pd.DataFrame, ids: set[str]) -> pd.Series:
    """Refunds the importer linked to one of these payments (``line:N`` links of banks hold
    within one file only: the file is compared too)."""
    at_import = refunds["refund_of"]
    lines = {(h, f"line:{n}") for h, n in zip(found["file_sha256"], found["line"], strict=True)}
    by_line = pd.Series(
        [(h, r) in lines for h, r in zip(refunds["file_sha256"], at_import, strict=True)],
        index=refunds.index,
        dtype=bool,
    )
    return at_import.isin(ids) | by_line


def _by_amount_time_shop(found: pd.DataFrame, refunds: pd.DataFrame) -> list[Any]:
    """Refunds of no more than was paid, after the first payment and within ``REFUND_WINDOW``
    of the last, to the same shop (normalised name), against this order's payments only."""
    from .assemble import same_counterparty

    paid = int(sum(found["amount"]) * 100) if len(found) else 0
    first, last = found["time"].min(), found["time"].max()
    out = []
    for i in refunds.index:
        r = refunds.loc[i]
        if not (first <= r["time"] <= last + REFUND_WINDOW) or int(r["amount"] * 100) > paid:
            continue
        if any(same_counterparty(r["counterparty"], c) for c in found["counterparty"]):
            out.append(i)
    return out


def _unmatched(case: Case, pay: pd.DataFrame, used: set[int], orders: pd.DataFrame) -> pd.DataFrame:
    """Orders with no payment, refunds that belong to no order, payments to the shop unmatched."""
    rows: list[dict[str, Any]] = []
    for r in orders[orders["status"] == "no_payment"].to_dict("records"):
        rows.append(
            {
                "kind": "order",
                "reason": "没有找到这笔订单的付款记录 / no payment found",
                "order": r["order"],
                "time": "",
                "direction": "",
                "amount": Decimal("0.00"),
                "counterparty": "",
                "item": "",
                "file": "",
                "line": 0,
            }
        )
    rest = pay[~pay.index.isin(used)]
    shop = _named(rest["counterparty"], case.shop_name)
    for _, r in rest[rest["is_refund"].to_numpy(dtype=bool) | shop].iterrows():
        reason = (
            "退款没有对应到任何订单 / a refund that matches no order"
            if r["is_refund"]
            else "付给本案商家但未对应到订单 / paid to the shop, matches no order"
        )
        rows.append(
            {
                "kind": "refund" if r["is_refund"] else "payment",
                "reason": reason,
                "order": "",
                "time": r["time"].isoformat(),
                "direction": r["direction"],
                "amount": r["amount"],
                "counterparty": r["counterparty"],
                "item": r["item"],
                "file": r["file_name"],
                "line": int(r["line"]),
            }
        )
    cols = [
        "kind",
        "reason",
        "order",
        "time",
        "direction",
        "amount",
        "counterparty",
        "item",
        "file",
        "line",
    ]
    return pd.DataFrame(rows, columns=cols)
