"""Money trail (资金往来): paid, refunded and outstanding per order, and unmatched transactions."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..money import fmt
from ..store import Store
from .common import Panel, Session, table_html

ORDER_COLUMNS = [
    ("order", "订单号", "Order"),
    ("paid", "已付", "Paid"),
    ("refunded", "已退", "Refunded"),
    ("outstanding", "尚欠", "Outstanding"),
    ("status", "状态", "Status"),
    ("match_method", "匹配方式", "Matched by"),
    ("lines", "账单行", "Bill lines"),
]


class MoneyModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def trail(self) -> Any:
        from ..records import money_trail  # type: ignore[attr-defined]  # lands with #3

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
            trail.orders,
            ORDER_COLUMNS,
            self.lang,
            empty=("（尚无账单，请在第 2 步导入）", "(no bills yet: import one in step 2)"),
        )
        if not trail.unmatched.empty:
            self.unmatched.value = (
                "<b>"
                + self.t("未匹配订单的交易", "Unmatched transactions")
                + "</b>"
                + table_html(trail.unmatched, lang=self.lang)
            )
