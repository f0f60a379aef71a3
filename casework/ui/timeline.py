"""Timeline (时间线): the figure of events in time order, the legal deadlines they start, and a
form to add an event (下单, 签收, 发现问题 …)."""

from __future__ import annotations

import html
import io
from typing import Any

import ipywidgets as w
import pandas as pd

from ..cases import Actor, Event, EventKind
from ..store import Store
from ..vocabulary import ClockState
from .common import (
    Notice,
    Panel,
    Session,
    label,
    labelled,
    options,
    table_html,
    today,
    tr,
    words,
)

DEADLINE_COLUMNS = [
    ("name_zh", "期限", "Deadline"),
    ("start", "起算", "Starts"),
    ("due", "届满", "Due"),
    ("days", "期间", "Length"),
    ("status", "状态", "Status"),
    ("closes", "由哪些事件关闭", "Closed by"),
    ("citation", "依据", "Citation"),
]

#: The settle form's actions (期限处理): mark met, dismiss, undo.
SETTLE_ACTIONS = [
    (("标记已满足", "Mark met"), "met"),
    ((ClockState.NOT_APPLICABLE.zh, "Dismiss"), "dismiss"),
    (("撤销", "Undo"), "undo"),
]

_DEADLINE_STATUS_ZH = {s.value: s.zh for s in ClockState}  # one vocabulary (#16)


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
        from ..rules import deadlines_for, ordered
        from ..rules.basis import deadline_basis
        from ..settle import closing_text

        en = lang == "en"
        clocks = deadlines_for(self.store, self.session.case_id, today=today(self.store))
        clocks = ordered(clocks)  # what needs action first: the rules' one order (#16)
        rows = [
            {
                "name_zh": d.name_en if en else d.name_zh,
                "start": d.start,
                "due": d.due,
                "days": length_text(d.days, d.unit, lang),
                "status": status_text(d, lang),
                "closes": closing_text(d, lang),
                "citation": deadline_basis(d, lang),
            }
            for d in clocks
        ]
        return pd.DataFrame(rows, columns=[c[0] for c in DEADLINE_COLUMNS])

    def add_event(self, values: dict[str, Any]) -> Event:
        if values.get("kind") in ("other", "") and not str(values.get("text") or "").strip():
            # "其他" with no words says nothing a reader of the facts could use.
            from ..errors import InvalidInput

            raise InvalidInput(
                "请写明发生了什么（事件类型为「其他」时必须填写内容）",
                "say what happened (the text is required when the kind is 'other')",
                field="text",
            )
        return self.store.add_event(self.session.case_id, **values)

    def clock_choices(self, lang: str = "zh") -> list[tuple[str, str]]:
        """(label, key) of the clocks an advocate may settle: those that run or ran out, and
        those already settled (to undo)."""
        from ..rules import deadlines_for
        from ..settle import clock_key, settlements

        live = settlements(self.store, self.session.case_id)
        out = []
        for d in deadlines_for(self.store, self.session.case_id, today=today(self.store)):
            key = clock_key(d)
            if d.status in ("open", "overdue") or key in live:
                name = d.name_en if lang == "en" else d.name_zh
                due = f" · {d.due}" if d.due else ""
                out.append((f"{name}{due} · {status_text(d, lang)}", key))
        return out

    def act_choices(self, lang: str = "zh") -> list[tuple[str, str]]:
        """(label, "event:<id>" | "comm:<id>") of what can have met a clock, latest first."""
        events = [
            (e.at, f"{e.at:%Y-%m-%d %H:%M} {label(e.kind, lang)} {e.text[:30]}", f"event:{e.id}")
            for e in self.store.list_events(self.session.case_id)
        ]
        comms = [
            (
                c.at,
                f"{c.at:%Y-%m-%d %H:%M} {tr(lang, '沟通', 'contact')} {c.counterpart} "
                f"{c.summary[:30]}",
                f"comm:{c.id}",
            )
            for c in self.store.list_communications(self.session.case_id)
        ]
        return [(text, key) for _at, text, key in sorted(events + comms, reverse=True)]

    def settle(self, action: str, clock: str, act: str, note: str) -> Any:
        """One call into casework.settle: mark met (by ``act``), dismiss (``note`` is the
        reason) or undo."""
        from .. import settle as st

        case_id = self.session.case_id
        if action == "undo":
            return st.undo(self.store, case_id, clock)
        if action == "dismiss":
            return st.dismiss(self.store, case_id, clock, reason=note)
        kind, _sep, ident = (act or "").partition(":")
        ids = {"event_id": int(ident)} if kind == "event" else {}
        if kind == "comm":
            ids = {"communication_id": int(ident)}
        return st.settle(self.store, case_id, clock, note=note, **ids)


def status_text(d: Any, lang: str) -> str:
    """已逾期 / overdue …, with who settled it when the advocate did."""
    text = words(d.status) if lang == "en" else _DEADLINE_STATUS_ZH.get(d.status, d.status)
    if d.closed_by == "advocate" or any("代理人标记为不适用" in str(n) for n in d.notes):
        text += tr(lang, "（人工）", " (by the advocate)")
    return text


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
        self.form = self._event_form(lang)
        self.settle_form = self._settle_form(lang)
        self.body.children = [
            self.figure_note,
            self.figure,
            w.HTML(self.t("<b>法定期限</b>", "<b>Deadlines</b>")),
            self.deadlines,
            self.settle_form,
            self.form,
        ]
        self.guard(self.refresh)

    def _event_form(self, lang: str) -> w.VBox:
        """The form that adds an event to the case log."""
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
        return w.VBox(
            [
                w.HTML(self.t("<b>补记事件</b>", "<b>Add an event</b>")),
                *[labelled(lang, *labels[k], v) for k, v in self.inputs.items()],
                self.add_button,
            ]
        )

    def _settle_form(self, lang: str) -> w.VBox:
        """The form that marks a clock met by another act, or dismisses one (audited)."""
        wide = w.Layout(width="36em")
        self.settle_clock = w.Dropdown(layout=wide)
        self.settle_clock.add_class("cw-settle-clock")
        self.settle_action = w.ToggleButtons(
            options=[(self.t(*names), key) for names, key in SETTLE_ACTIONS], value="met"
        )
        self.settle_act = w.Dropdown(layout=wide)
        self.settle_act.add_class("cw-settle-act")
        self.settle_note = w.Text(
            placeholder=self.t(
                "如: 联系商家时已要求退货 / 该商品不适用七日无理由",
                "e.g. the return was asked for in the call / the goods are excluded",
            ),
            layout=wide,
        )
        self.settle_button = w.Button(
            description=self.t("处理期限", "Settle the clock"), icon="check"
        )
        self.settle_button.add_class("cw-settle-button")
        self.settle_button.on_click(lambda _b: self.settle())
        self.settle_notice = Notice()  # the answer next to the button, not below the panel
        form = w.VBox(
            [
                w.HTML(
                    self.t(
                        "<b>期限处理</b>：由其他事件满足的期限可标记为已满足；不适用的可注明理由；均记入审计日志，可撤销。",
                        "<b>Settle a clock</b>: mark one met by another act, or dismiss one that "
                        "does not apply; both go to the audit log and can be undone.",
                    )
                ),
                labelled(lang, "期限", "Clock", self.settle_clock),
                labelled(lang, "处理", "Action", self.settle_action),
                labelled(lang, "满足它的事件/沟通", "Met by", self.settle_act, width="9em"),
                labelled(lang, "备注/理由", "Note / reason", self.settle_note),
                w.HBox([self.settle_button, self.settle_notice]),
            ]
        )
        form.add_class("cw-settle")
        self.settle_action.observe(self._settle_action_changed, names="value")
        return form

    def _settle_action_changed(self, change: Any) -> None:
        self.settle_act.layout.display = None if change["new"] == "met" else "none"

    def settle(self) -> None:
        action = self.settle_action.value
        done = self.guard_at(
            self.settle_notice,
            self.model.settle,
            action,
            self.settle_clock.value or "",
            self.settle_act.value or "",
            self.settle_note.value,
        )
        if done is None:
            return
        self.settle_note.value = ""
        self.changed()
        zh = {"met": "已标记为已满足", "dismiss": "已标记为不适用", "undo": "已撤销"}[action]
        en = {"met": "marked met", "dismiss": "dismissed", "undo": "undone"}[action]
        self.settle_notice.ok(
            self.t(
                f"{zh}：{done.clock}（已记入审计日志）", f"{done.clock}: {en} (in the audit log)"
            )
        )

    def refresh(self) -> None:
        if not self.session.case_id:
            self.figure.layout.display = "none"
            self.settle_form.layout.display = "none"
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
        self.settle_form.layout.display = None
        clocks = self.guard(self.model.clock_choices, self.lang) or []
        chosen = self.settle_clock.value
        self.settle_clock.options = clocks
        if chosen in [k for _t, k in clocks]:
            self.settle_clock.value = chosen
        self.settle_act.options = self.guard(self.model.act_choices, self.lang) or []

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
