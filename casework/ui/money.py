"""Money trail (资金往来): paid, refunded and outstanding per order, and unmatched transactions."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from ..money import fmt, parse_amount
from ..store import Store
from ..vocabulary import MATCHED_BY
from .common import Panel, Session, table_html, words

ORDER_COLUMNS = [
    ("order", "订单号", "Order"),
    ("paid", "已付", "Paid"),
    ("refunded", "已退", "Refunded"),
    ("outstanding", "尚欠", "Outstanding"),
    ("status", "状态", "Status"),
    ("match_method", "匹配方式", "Matched by"),
    ("lines", "账单出处", "Bill lines"),
]
UNMATCHED_COLUMNS = [
    ("reason", "原因", "Why"),
    ("order", "订单号", "Order"),
    ("time", "时间", "Time"),
    ("amount", "金额", "Amount"),
    ("counterparty", "交易对方", "Counterparty"),
    ("item", "商品", "Item"),
    ("file", "文件", "File"),
    ("line", "行号", "Line"),
]


def money(amount: Any) -> str:
    """``1299.00`` → ``¥1,299.00`` (blank stays blank)."""
    return fmt(parse_amount(amount)) if amount not in (None, "") else ""


def lines_text(lines: list[dict[str, Any]], lang: str = "zh") -> str:
    """Where each figure comes from: file and line (文件第 n 行), so it can be pointed at."""
    if lang == "en":
        return "; ".join(
            f"{x['file']} line {x['line']} ({x['role']} {money(x['amount'])})" for x in lines
        )
    roles = {"payment": "付款", "refund": "退款"}
    return "；".join(
        f"{x['file']} 第 {x['line']} 行（{roles.get(x['role'], x['role'])} {money(x['amount'])}）"
        for x in lines
    )


def orders_frame(trail: Any, lang: str = "zh") -> pd.DataFrame:
    frame = trail.orders.copy()
    if frame.empty:
        return frame
    for col in ("paid", "refunded", "outstanding"):
        frame[col] = frame[col].map(fmt)
    # The status reads as words in either language, never as the register's key.
    frame["status"] = frame["status_zh"] if lang != "en" else frame["status"].map(words)
    frame["lines"] = frame["lines"].map(lambda xs: lines_text(xs, lang))
    en = lang == "en"
    frame["match_method"] = frame["match_method"].map(
        lambda m: MATCHED_BY.get(m, (m, m))[en] if m else ""
    )
    return frame


def one_language(text: Any, lang: str) -> str:
    """``中文 / English`` → the half in the panel's language (the rest as it is)."""
    zh, sep, en = str(text or "").partition(" / ")
    return (en if lang == "en" else zh) if sep else zh


def unmatched_frame(trail: Any, lang: str = "zh") -> pd.DataFrame:
    frame = trail.unmatched.copy()
    frame["amount"] = frame["amount"].map(fmt)
    frame["time"] = frame["time"].map(lambda t: "" if pd.isna(t) else str(t)[:16].replace("T", " "))
    frame["reason"] = frame["reason"].map(lambda r: one_language(r, lang))
    # An order with no payment found has no bill line: show nothing, not "line 0".
    frame["line"] = frame["line"].map(lambda n: "" if pd.isna(n) or not n else int(n))
    return frame


class MoneyModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def trail(self) -> Any:
        from ..records import money_trail

        return money_trail(self.store, self.session.case_id)


class MoneyView(Panel):
    title_zh = "资金往来"
    title_en = "Money trail"
    name = "money"

    def __init__(self, model: MoneyModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.totals = w.HTML()
        self.orders = w.HTML()
        self.unmatched = w.HTML()
        self.reload_button = w.Button(description=self.t("刷新", "Reload"), icon="refresh")
        self.reload_button.on_click(lambda _b: self.guard(self.refresh))
        self.body.children = [self.totals, self.orders, self.unmatched, self.reload_button]
        self.guard(self.refresh)

    def refresh(self) -> None:
        self.orders.value = self.unmatched.value = ""
        if not self.session.case_id:
            self.totals.value = self.no_case().value
            return
        trail = self.model.trail()
        t = trail.totals
        self.totals.value = self.t(
            f"已付 <b>{fmt(t['paid'])}</b> · 已退 <b>{fmt(t['refunded'])}</b> · "
            f"尚欠 <b>{fmt(t['outstanding'])}</b>",
            f"Paid <b>{fmt(t['paid'])}</b> · refunded <b>{fmt(t['refunded'])}</b> · "
            f"outstanding <b>{fmt(t['outstanding'])}</b>",
        )
        self.orders.value = table_html(
            orders_frame(trail, self.lang),
            ORDER_COLUMNS,
            self.lang,
            empty=("（尚无账单，请在第 2 步导入）", "(no bills yet: import one in step 2)"),
        )
        if not trail.unmatched.empty:
            self.unmatched.value = (
                "<b>"
                + self.t("未匹配订单的交易", "Unmatched transactions")
                + "</b>"
                + table_html(unmatched_frame(trail, self.lang), UNMATCHED_COLUMNS, self.lang)
            )
