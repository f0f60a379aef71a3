"""Portfolio tables (案件总览) for ``notebooks/portfolio.ipynb``: each a refreshable panel over one
function of :mod:`casework.portfolio`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as w
import pandas as pd

from .. import portfolio as pf
from ..store import Store
from .common import SESSION, Panel, Session, default_store, table_html, today, words

Columns = Sequence[tuple[str, str, str]]

STATUS_COLUMNS: Columns = [
    ("status_zh", "状态", "Status"),
    ("cases", "案件数", "Cases"),
    ("ids", "案件编号", "Case ids"),
]
DUE_COLUMNS: Columns = [
    ("due", "日期", "Due"),
    ("status", "状态", "Status"),
    ("days", "还有", "When"),
    ("case_id", "案件", "Case"),
    ("what_zh", "事项", "What"),
    ("counterpart", "对象", "Counterpart"),
    ("ref", "编号/依据", "Reference"),
    ("title", "案件标题", "Title"),
    ("summary", "内容", "Summary"),
]
BREAKDOWN_COLUMNS: Columns = [
    ("label", "分组", "Group"),
    ("cases", "案件数", "Cases"),
    ("open", "在办", "Open"),
    ("ids", "案件编号", "Case ids"),
]
REPEAT_COLUMNS: Columns = [
    ("merchant", "商家", "Merchant"),
    ("cases", "案件数", "Cases"),
    ("open", "在办", "Open"),
    ("shops", "店铺", "Shops"),
    ("platforms", "平台", "Platforms"),
    ("categories", "问题类型", "Problem types"),
    ("ids", "案件编号", "Case ids"),
]


def localise_due(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Statuses in Chinese, or the English name of what is due, for display."""
    if lang != "en":
        frame["status"] = frame["status"].map(pf.DUE_STATUS_ZH)
    else:
        frame["what_zh"] = frame["what"].map(words)
        frame["status"] = frame["status"].map(words)
        frame["ref"] = frame["ref_en"]
    frame["days"] = frame["days"].map(lambda d: days_text(int(d), lang))
    return frame


def days_text(days: int, lang: str) -> str:
    """-45 → 已过 45 天, 0 → 今天, 6 → 6 天后: a negative count reads as a typo."""
    if days < 0:
        return f"{-days} days ago" if lang == "en" else f"已过 {-days} 天"
    if days == 0:
        return "today" if lang == "en" else "今天"
    return f"in {days} days" if lang == "en" else f"{days} 天后"


class TableView(Panel):
    """A titled table computed by ``source(store)``, with a reload button."""

    def __init__(
        self,
        store: Store,
        session: Session,
        source: Callable[[Store], pd.DataFrame],
        columns: Columns,
        title: tuple[str, str],
        lang: str = "zh",
    ) -> None:
        self.title_zh, self.title_en = title
        super().__init__(session, lang)
        self.store = store
        self.source = source
        self.columns = columns
        self.table = w.HTML()
        self.reload_button = w.Button(description=self.t("刷新", "Reload"), icon="refresh")
        self.reload_button.on_click(lambda _b: self.guard(self.refresh))
        self.body.children = [self.table, self.reload_button]
        self.guard(self.refresh)

    def frame(self) -> pd.DataFrame:
        return self.source(self.store)

    def refresh(self) -> None:
        self.table.value = table_html(self.frame(), self.columns, self.lang)


def english_groups(frame: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """Group labels in the English workbook: a category or status key read as words; platform
    and merchant names are the advocate's own text and stay; an empty one is "(not filled)"."""
    if lang == "en" and not frame.empty:
        keyed = by in ("category", "status")
        frame["label"] = [
            (words(k) if keyed else label) if k else "(not filled)"
            for k, label in zip(frame["key"], frame["label"], strict=True)
        ]
    return frame


def english_status(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if lang == "en":
        frame["status_zh"] = frame["status"].map(words)
    return frame


def english_categories(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Problem types read as words in English; names joined with 、 joined with commas."""
    if lang == "en":
        frame["categories"] = frame["categories_en"]
        for column in ("shops", "platforms"):
            frame[column] = frame[column].str.replace("、", ", ", regex=False)
    return frame


def status_view(store: Store, session: Session, lang: str = "zh") -> TableView:
    return TableView(
        store,
        session,
        lambda s: english_status(pf.open_by_status(s), lang),
        STATUS_COLUMNS,
        ("在办案件（按状态）", "Open cases by status"),
        lang,
    )


def due_view(store: Store, session: Session, days_ahead: int = 14, lang: str = "zh") -> TableView:
    def source(s: Store) -> pd.DataFrame:
        return localise_due(pf.due(s, today(s), days_ahead=days_ahead), lang)

    return TableView(
        store, session, source, DUE_COLUMNS, ("已逾期和即将到期", "Overdue and upcoming"), lang
    )


def breakdown_view(store: Store, session: Session, by: str, lang: str = "zh") -> TableView:
    names = {
        "platform": ("按平台", "By platform"),
        "category": ("按问题类型", "By problem type"),
        "merchant": ("按商家", "By merchant"),
        "status": ("按状态", "By status"),
    }
    return TableView(
        store,
        session,
        lambda s: english_groups(pf.breakdown(s, by), by, lang),
        BREAKDOWN_COLUMNS,
        names.get(by, (by, by)),
        lang,
    )


def repeat_view(store: Store, session: Session, min_cases: int = 2, lang: str = "zh") -> TableView:
    return TableView(
        store,
        session,
        lambda s: english_categories(pf.repeat_merchants(s, min_cases), lang),
        REPEAT_COLUMNS,
        (
            "多案商家（集体投诉 / 举报候选）",
            "Merchants in several cases (group complaint / report)",
        ),
        lang,
    )


# -- what notebooks/portfolio.ipynb calls: the register from the environment ----------------------


def status(*, lang: str = "zh") -> TableView:
    """Open cases by status (在办案件)."""
    return status_view(default_store(), SESSION, lang)


def due(*, days_ahead: int = 14, lang: str = "zh") -> TableView:
    """Overdue and upcoming deadlines and follow-ups across open cases."""
    return due_view(default_store(), SESSION, days_ahead, lang)


def breakdown(by: str, *, lang: str = "zh") -> TableView:
    """Cases by platform, category or merchant."""
    return breakdown_view(default_store(), SESSION, by, lang)


def repeat_merchants(*, min_cases: int = 2, lang: str = "zh") -> TableView:
    """Merchants in several cases: candidates for a group complaint or a report (举报)."""
    return repeat_view(default_store(), SESSION, min_cases, lang)
