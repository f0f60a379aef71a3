"""Communications log (沟通记录): add a contact with its reference number (工单号 / 投诉编号);
see the log and the replies and follow-ups still pending."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from ..cases import Actor, Channel, Communication
from ..portfolio import follow_ups
from ..store import Store
from .common import Panel, Session, label, labelled, options, table_html, today, tr
from .portfolio import DUE_COLUMNS as CASES_DUE_COLUMNS
from .portfolio import localise_due

LOG_COLUMNS = [
    ("at", "时间", "When"),
    ("direction", "方向", "Dir."),
    ("counterpart", "沟通对象", "Counterpart"),
    ("channel", "渠道", "Channel"),
    ("ref", "工单号/投诉编号", "Reference"),
    ("summary", "内容", "Summary"),
    ("response_due", "答复期限", "Reply due"),
    ("follow_up", "下次跟进", "Follow up"),
]

DUE_COLUMNS = [c for c in CASES_DUE_COLUMNS if c[0] not in ("case_id", "title")]


class CommsModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def add(self, values: dict[str, Any]) -> Communication:
        values = {k: v for k, v in values.items() if v not in ("", None)}
        values.setdefault("at", self.store.clock())
        return self.store.add_communication(self.session.case_id, **values)

    def log(self, lang: str = "zh") -> pd.DataFrame:
        comms = self.store.list_communications(self.session.case_id)
        rows = [
            {
                "at": f"{c.at:%Y-%m-%d %H:%M}",
                "direction": tr(lang, "我方→对方", "outgoing")
                if c.direction == "out"
                else tr(lang, "对方→我方", "incoming"),
                "channel": label(c.channel, lang),
                "counterpart": c.counterpart,
                "ref": c.ref,
                "summary": c.summary,
                "response_due": c.response_due,
                "follow_up": c.follow_up,
            }
            for c in comms
        ]
        return pd.DataFrame(rows, columns=[c[0] for c in LOG_COLUMNS])

    def pending(self, lang: str = "zh") -> pd.DataFrame:
        frame = follow_ups(
            self.store, today(self.store), case_id=self.session.case_id, days_ahead=30
        )
        return localise_due(frame, lang)


class CommsView(Panel):
    title_zh = "沟通记录"
    title_en = "Communications"
    name = "comms"

    def __init__(self, model: CommsModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        wide = w.Layout(width="36em")
        self.inputs: dict[str, w.ValueWidget] = {
            "at": w.Text(placeholder="2026-11-29 10:00", layout=wide),
            "counterpart": w.Text(
                placeholder=self.t(
                    "如: 商家客服、淘宝小二、某区市场监管局", "e.g. shop support, platform agent"
                ),
                layout=wide,
            ),
            "counterpart_kind": w.Dropdown(options=options(Actor, lang), value="seller"),
            "channel": w.Dropdown(options=options(Channel, lang), value="platform_chat"),
            "direction": w.ToggleButtons(
                options=[
                    (self.t("我方联系", "we contacted"), "out"),
                    (self.t("对方联系", "they contacted"), "in"),
                ],
                value="out",
            ),
            "ref": w.Text(layout=wide),
            "summary": w.Textarea(layout=w.Layout(width="36em", height="4em")),
            "response_due": w.Text(placeholder="2026-12-06", layout=wide),
            "follow_up": w.Text(placeholder="2026-12-06", layout=wide),
        }
        labels = {
            "at": ("时间（空=现在）", "When (empty = now)"),
            "counterpart": ("沟通对象", "Counterpart"),
            "counterpart_kind": ("对象类型", "Kind"),
            "channel": ("渠道", "Channel"),
            "direction": ("方向", "Direction"),
            "ref": ("工单号/投诉编号", "Reference no."),
            "summary": ("内容", "Summary"),
            "response_due": ("答复期限", "Reply due by"),
            "follow_up": ("下次跟进", "Follow up on"),
        }
        rows = [
            labelled(lang, *labels[k], widget, width="11em") for k, widget in self.inputs.items()
        ]
        self.add_button = w.Button(
            description=self.t("添加记录", "Add entry"), button_style="primary", icon="plus"
        )
        self.add_button.on_click(lambda _b: self.add())
        self.pending_html = w.HTML()
        self.log_html = w.HTML()
        self.form = w.VBox([*rows, self.add_button])
        self.body.children = [
            w.HTML(self.t("<b>待办：答复与跟进</b>", "<b>Pending replies and follow-ups</b>")),
            self.pending_html,
            w.HTML(self.t("<b>沟通记录</b>", "<b>Log</b>")),
            self.log_html,
            self.form,
        ]
        self.guard(self.refresh)

    def refresh(self) -> None:
        if not self.session.case_id:
            self.pending_html.value = self.no_case().value
            self.log_html.value = ""
            self.form.layout.display = "none"
            return
        self.form.layout.display = None
        self.pending_html.value = table_html(self.model.pending(self.lang), DUE_COLUMNS, self.lang)
        self.log_html.value = table_html(self.model.log(self.lang), LOG_COLUMNS, self.lang)

    def add(self) -> None:
        values = {k: widget.value for k, widget in self.inputs.items()}
        comm = self.guard(self.model.add, values)
        if comm is None:
            return
        for key in ("at", "counterpart", "ref", "summary", "response_due", "follow_up"):
            self.inputs[key].value = ""
        self.changed()
        self.notice.ok(
            self.t(
                f"已记录: {comm.at:%Y-%m-%d %H:%M} {comm.counterpart}",
                f"Logged: {comm.at:%Y-%m-%d %H:%M} {comm.counterpart}",
            )
        )
