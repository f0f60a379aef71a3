"""Timeline (时间线): the figure of events in time order, the legal deadlines they start, and a
form to add an event (下单, 签收, 发现问题 …)."""

from __future__ import annotations

import html
import io
from datetime import date
from typing import Any

import ipywidgets as w
import pandas as pd

from ..cases import Actor, Event, EventKind
from ..store import Store
from .common import Panel, Session, label, labelled, options, table_html, today, tr, words

DEADLINE_COLUMNS = [
    ("name_zh", "期限", "Deadline"),
    ("start", "起算", "Starts"),
    ("due", "届满", "Due"),
    ("days", "期间", "Length"),
    ("status", "状态", "Status"),
    ("citation", "依据", "Citation"),
]

_DEADLINE_STATUS_ZH = {
    "met": "已满足",
    "open": "进行中",
    "overdue": "已逾期",
    "not_applicable": "不适用",
}


def length_text(days: Any, unit: str, lang: str) -> str:
    """7日, 7个工作日, 6个月, 3年 — blank when the rule has no fixed length."""
    from ..rules.deadlines import UNIT_TEXT

    if days is None or pd.isna(days):
        return ""
    zh, en = UNIT_TEXT.get(unit, (unit, unit))
    return f"{int(days)} {en}" if lang == "en" else f"{int(days)}{zh}"


def figure_png(fig: Any) -> bytes:
    """The figure as PNG bytes, closed afterwards so the notebook does not show it twice."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def deadlines_html(frame: pd.DataFrame, lang: str) -> str:
    """The clocks that run for this case; the ones that do not apply yet (no 签收 date, not a
    return …) folded away under one line, so the few that matter are not lost among them."""
    idle = frame["status"].isin(["not applicable", _DEADLINE_STATUS_ZH["not_applicable"]])
    shown = table_html(
        frame[~idle],
        DEADLINE_COLUMNS,
        lang,
        empty=(
            "（暂无进行中的期限：登记购买、签收等事件或沟通记录后计算。）",
            "(No clock runs yet: log the purchase, delivery or a contact first.)",
        ),
    )
    if idle.any():
        summary = tr(
            lang,
            f"另有 {int(idle.sum())} 项期限暂不适用（点击展开）",
            f"{int(idle.sum())} more deadlines do not apply yet (click to show)",
        )
        rest = table_html(frame[idle], DEADLINE_COLUMNS, lang)
        shown += f"<details><summary>{html.escape(summary)}</summary>{rest}</details>"
    return shown


class TimelineModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def figure_png(self, lang: str = "zh") -> bytes:
        from ..timeline import timeline_figure

        return figure_png(timeline_figure(self.store, self.session.case_id, lang=lang))

    def deadlines(self, lang: str = "zh") -> pd.DataFrame:
        """Every clock of the case, applicable ones first by due date, in the panel's language."""
        from ..report.sections import deadline_basis
        from ..rules import deadlines_for

        en = lang == "en"
        clocks = deadlines_for(self.store, self.session.case_id, today=today(self.store))
        # What needs action first: run-out clocks, then running ones, then those already met.
        urgency = {"overdue": 0, "open": 1, "met": 2}
        clocks.sort(key=lambda d: (urgency.get(d.status, 3), d.due is None, d.due or date.min))
        rows = [
            {
                "name_zh": d.name_en if en else d.name_zh,
                "start": d.start,
                "due": d.due,
                "days": length_text(d.days, d.unit, lang),
                "status": words(d.status) if en else _DEADLINE_STATUS_ZH.get(d.status, d.status),
                "citation": deadline_basis(d, lang),
            }
            for d in clocks
        ]
        return pd.DataFrame(rows, columns=[c[0] for c in DEADLINE_COLUMNS])

    def add_event(self, values: dict[str, Any]) -> Event:
        return self.store.add_event(self.session.case_id, **values)


class TimelineView(Panel):
    title_zh = "时间线与期限"
    title_en = "Timeline and deadlines"
    name = "timeline"

    def __init__(self, model: TimelineModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.figure = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.figure_note = w.HTML()
        self.deadlines = w.HTML()
        wide = w.Layout(width="36em")
        self.inputs: dict[str, w.ValueWidget] = {
            "at": w.Text(placeholder="2026-10-03 10:20", layout=wide),
            "kind": w.Dropdown(options=options(EventKind, lang), value="other"),
            "actor": w.Dropdown(options=options(Actor, lang), value="consumer"),
            "text": w.Textarea(layout=w.Layout(width="36em", height="3em")),
        }
        labels = {
            "at": ("时间", "When"),
            "kind": ("事件类型", "Event"),
            "actor": ("行为方", "Who"),
            "text": ("内容", "What happened"),
        }
        self.add_button = w.Button(
            description=self.t("添加事件", "Add event"), button_style="primary", icon="plus"
        )
        self.add_button.on_click(lambda _b: self.add())
        self.form = w.VBox(
            [
                w.HTML(self.t("<b>补记事件</b>", "<b>Add an event</b>")),
                *[labelled(lang, *labels[k], v) for k, v in self.inputs.items()],
                self.add_button,
            ]
        )
        self.body.children = [
            self.figure_note,
            self.figure,
            w.HTML(self.t("<b>法定期限</b>", "<b>Deadlines</b>")),
            self.deadlines,
            self.form,
        ]
        self.guard(self.refresh)

    def refresh(self) -> None:
        if not self.session.case_id:
            self.figure.layout.display = "none"
            self.form.layout.display = "none"
            self.figure_note.value = self.no_case().value
            self.deadlines.value = ""
            return
        self.form.layout.display = None
        self.figure_note.value = ""
        self.deadlines.value = ""
        # The figure and the deadlines come from two packages: one failing keeps the other.
        png = self.guard(self.model.figure_png, self.lang)
        self.figure.layout.display = None if png else "none"
        if png:
            self.figure.value = png
        frame = self.guard(self.model.deadlines, self.lang)
        if frame is not None:
            self.deadlines.value = deadlines_html(frame, self.lang)

    def add(self) -> None:
        values = {k: v.value for k, v in self.inputs.items()}
        ev = self.guard(self.model.add_event, values)
        if ev is None:
            return
        self.inputs["at"].value = self.inputs["text"].value = ""
        self.changed()
        self.notice.ok(
            self.t(
                f"已添加: {ev.at:%Y-%m-%d %H:%M} {ev.kind.zh}",
                f"Added: {ev.at:%Y-%m-%d %H:%M} {label(ev.kind, 'en')}",
            )
        )
