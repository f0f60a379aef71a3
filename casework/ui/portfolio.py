"""Portfolio tables (案件总览) for ``notebooks/portfolio.ipynb``: each a refreshable panel over one
function of :mod:`casework.portfolio`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as w
import pandas as pd

from .. import portfolio as pf
from ..store import Store
from .common import SESSION, Notice, Panel, Session, default_store, table_html, today, words

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


CASE_COLUMNS: Columns = [
    ("id", "案件", "Case"),
    ("title", "标题", "Title"),
    ("status", "状态", "Status"),
    ("platform", "平台", "Platform"),
    ("category", "问题类型", "Problem type"),
    ("agent", "代理人", "Advocate"),
    ("age", "立案天数", "Age (days)"),
    ("last_contact", "最近沟通", "Last contact"),
    ("activity", "最近活动", "Last activity"),
]

#: Overdue by more than this many days, a clock is stale (三包 clocks of last spring): it leaves
#: the due list unless the advocate asks to see it.
STALE_DAYS = 60


def case_rows(store: Store, lang: str = "zh") -> pd.DataFrame:
    """One row per case: title, status, platform, category, advocate, age, last contact."""
    from .common import label

    day = today(store)
    rows = []
    for c in store.list_cases():
        comms = store.list_communications(c.id)
        last = max((m.at for m in comms), default=None)
        rows.append(
            {
                "id": c.id,
                "title": c.title,
                "status": label(c.status, lang),
                "status_key": c.status.value,
                "platform": c.platform,
                "category": label(c.category, lang),
                "category_key": c.category.value,
                "agent": c.agent_name,
                "age": (day - c.created_at.date()).days,
                "last_contact": f"{last:%Y-%m-%d}" if last else "",
                "activity": f"{c.updated_at:%Y-%m-%d %H:%M}",
            }
        )
    return pd.DataFrame(rows, columns=[*(c[0] for c in CASE_COLUMNS), "status_key", "category_key"])


class CasesView(Panel):
    """Every case with its title, age and last contact; filters; open one in the workbook."""

    title_zh = "全部案件"
    title_en = "All cases"
    name = "portfolio-cases"

    def __init__(self, store: Store, session: Session, lang: str = "zh") -> None:
        super().__init__(session, lang)
        self.store = store
        self.filters = {
            "status_key": w.Dropdown(description=self.t("状态", "Status")),
            "platform": w.Dropdown(description=self.t("平台", "Platform")),
            "category_key": w.Dropdown(description=self.t("问题类型", "Type")),
            "agent": w.Dropdown(description=self.t("代理人", "Advocate")),
        }
        for f in self.filters.values():
            f.layout = w.Layout(width="18em")
            f.observe(lambda _c: self.guard(self.show), names="value")
        self.table = w.HTML()
        self.case = w.Dropdown(description=self.t("案件", "Case"), layout=w.Layout(width="40em"))
        self.open_button = w.Button(
            description=self.t("在工作簿中打开", "Open in the workbook"), icon="folder-open"
        )
        self.open_button.add_class("cw-open-case")
        self.open_button.on_click(lambda _b: self.open_case())
        self.open_notice = w.HTML()
        self.body.children = [
            w.HBox(list(self.filters.values())),
            self.table,
            w.HBox([self.case, self.open_button]),
            self.open_notice,
        ]
        self.frame = pd.DataFrame()
        self.guard(self.refresh)

    def refresh(self) -> None:
        self.frame = case_rows(self.store, self.lang)
        everything = self.t("（全部）", "(all)")
        shown = {"status_key": "status", "category_key": "category"}
        for key, box in self.filters.items():
            keep = box.value
            column = self.frame[key] if not self.frame.empty else pd.Series(dtype=object)
            labels = self.frame[shown.get(key, key)] if not self.frame.empty else column
            pairs = sorted({(str(lbl), str(k)) for lbl, k in zip(labels, column, strict=True) if k})
            box.options = [(everything, ""), *pairs]
            box.value = keep if keep in [p[1] for p in pairs] else ""
        self.show()

    def filtered(self) -> pd.DataFrame:
        frame = self.frame
        for key, box in self.filters.items():
            if box.value and not frame.empty:
                frame = frame[frame[key] == box.value]
        return frame

    def show(self) -> None:
        frame = self.filtered()
        self.table.value = table_html(frame, CASE_COLUMNS, self.lang)
        self.case.options = [(f"{r.id} · {r.title}", r.id) for r in frame.itertuples()]

    def open_case(self) -> None:
        """Remember the case as this user's open one: the workbook (case.ipynb) opens it —
        at once if it is running (its picker watches), else when it is run."""
        from .resume import remember

        case_id = self.case.value
        if not case_id:
            self.open_notice.value = (
                '<span class="cw-error" style="color:#b00020">⚠ '
                + self.t("请先选择案件", "choose a case first")
                + "</span>"
            )
            return
        remember(self.store, case_id)
        self.session.case_id = case_id
        self.open_notice.value = (
            '<span class="cw-ok" style="color:#1b5e20">✓ '
            + self.t(f"已打开案件 {case_id}：", f"Case {case_id} is open: ")
            + '<a href="case.ipynb" target="_blank">'
            + self.t("进入案件工作簿 case.ipynb", "go to the workbook case.ipynb")
            + "</a></span>"
        )


class DueView(TableView):
    """The due list with its window (days ahead) as a slider, and stale clocks (overdue by
    more than :data:`STALE_DAYS`) left out unless asked for."""

    def __init__(self, store: Store, session: Session, days_ahead: int, lang: str) -> None:
        self.days = w.IntSlider(value=days_ahead, min=0, max=120, step=1)
        self.show_stale = w.Checkbox(value=False, indent=False)
        super().__init__(
            store,
            session,
            self._source,
            DUE_COLUMNS,
            ("已逾期和即将到期", "Overdue and upcoming"),
            lang,
        )
        self.days.description = self.t("未来天数", "Days ahead")
        self.show_stale.description = self.t(
            f"显示逾期超过 {STALE_DAYS} 天的期限",
            f"Show clocks overdue by more than {STALE_DAYS} days",
        )
        self.days.observe(lambda _c: self.guard(self.refresh), names="value")
        self.show_stale.observe(lambda _c: self.guard(self.refresh), names="value")
        self.body.children = [w.HBox([self.days, self.show_stale]), *self.body.children]

    def _source(self, s: Store) -> pd.DataFrame:
        frame = pf.due(s, today(s), days_ahead=int(self.days.value))
        if not self.show_stale.value and not frame.empty:
            frame = frame[frame["days"] >= -STALE_DAYS]
        return localise_due(frame.copy(), self.lang)


def status_view(store: Store, session: Session, lang: str = "zh") -> TableView:
    return TableView(
        store,
        session,
        lambda s: english_status(pf.open_by_status(s), lang),
        STATUS_COLUMNS,
        ("在办案件（按状态）", "Open cases by status"),
        lang,
    )


def due_view(store: Store, session: Session, days_ahead: int = 14, lang: str = "zh") -> DueView:
    return DueView(store, session, days_ahead, lang)


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


class GroupMaker(Panel):
    """Make a group complaint (共同投诉) from the portfolio: pick a merchant named in several
    cases, tick its cases, give a title; one call (:func:`casework.groups.create_group`)
    decides — same business, no member in another open group — and the panel says the result."""

    title_zh = "建立共同投诉"
    title_en = "Make a group complaint"
    name = "portfolio-group"

    def __init__(self, store: Store, session: Session, lang: str = "zh") -> None:
        super().__init__(session, lang)
        self.store = store
        self.merchant = w.Dropdown(
            description=self.t("商家", "Merchant"), layout=w.Layout(width="40em")
        )
        self.cases = w.SelectMultiple(
            description=self.t("案件", "Cases"), rows=6, layout=w.Layout(width="40em")
        )
        self.title = w.Text(description=self.t("标题", "Title"), layout=w.Layout(width="40em"))
        self.make_button = w.Button(
            description=self.t("建立共同投诉", "Make the group"), icon="users"
        )
        self.make_button.add_class("cw-make-group")
        self.make_button.on_click(lambda _b: self.make())
        self.result = Notice()
        self.merchant.observe(lambda _c: self.guard(self.pick), names="value")
        self.body.children = [self.merchant, self.cases, self.title, self.make_button, self.result]
        self.guard(self.refresh)

    def refresh(self) -> None:
        frame = pf.repeat_merchants(self.store)
        keep = self.merchant.value
        options = [
            (self.t(f"{r.merchant}（{r.cases} 件）", f"{r.merchant} ({r.cases} cases)"), r.merchant)
            for r in frame.itertuples()
        ]
        self.merchant.options = options
        values = [v for _, v in options]
        self.merchant.value = keep if keep in values else (values[0] if values else None)
        self.pick()

    def pick(self) -> None:
        """The merchant's open cases that can join, all ticked, and a title to start from."""
        from ..groups import candidates

        merchant = self.merchant.value or ""
        rows = candidates(self.store, merchant) if merchant else []
        self.cases.options = [(f"{cid} · {title}", cid) for cid, title in rows]
        self.cases.value = tuple(cid for cid, _ in rows)
        self.title.value = (
            self.t(f"{merchant} 共同投诉", f"{merchant}: group complaint") if merchant else ""
        )

    def make(self) -> str | None:
        from ..groups import create_group

        group = self.guard_at(
            self.result, create_group, self.store, list(self.cases.value), self.title.value
        )
        if group is None:
            return None
        ids = "、".join(m.case_id for m in group.members)
        self.result.ok(
            self.t(
                f"已建立共同投诉 {group.id}（成员 {ids}）；用 casework group reps 推选代表人",
                f"group complaint {group.id} made (members {ids}); choose the representatives "
                "with casework group reps",
            )
        )
        self.changed()
        return group.id


def group_maker_view(store: Store, session: Session, lang: str = "zh") -> GroupMaker:
    return GroupMaker(store, session, lang)


# -- what notebooks/portfolio.ipynb calls: the register from the environment ----------------------


def cases(*, lang: str = "zh") -> CasesView:
    """Every case: title, status, age, last contact; filters; open one in the workbook."""
    return CasesView(default_store(), SESSION, lang)


def status(*, lang: str = "zh") -> TableView:
    """Open cases by status (在办案件)."""
    return status_view(default_store(), SESSION, lang)


def due(*, days_ahead: int = 14, lang: str = "zh") -> DueView:
    """Overdue and upcoming deadlines and follow-ups across open cases."""
    return due_view(default_store(), SESSION, days_ahead, lang)


def breakdown(by: str, *, lang: str = "zh") -> TableView:
    """Cases by platform, category or merchant."""
    return breakdown_view(default_store(), SESSION, by, lang)


def repeat_merchants(*, min_cases: int = 2, lang: str = "zh") -> TableView:
    """Merchants in several cases: candidates for a group complaint or a report (举报)."""
    return repeat_view(default_store(), SESSION, min_cases, lang)


def make_group(*, lang: str = "zh") -> GroupMaker:
    """Pick a merchant in several cases, its cases, and make them a group complaint (共同投诉)."""
    return group_maker_view(default_store(), SESSION, lang)
