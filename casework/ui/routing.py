"""Routing and escalation (处理路径): the suggested channels in order with what each needs and its
deadline, the escalation suggestion when a clock has run out, what may be claimed, and the case
status (moved only along the allowed transitions)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from ..cases import TRANSITIONS, Case, Status
from ..money import fmt
from ..rules.basis import citation_label
from ..store import Store
from ..vocabulary import Applies, ClockState
from .common import Panel, Session, label, labelled, table_html, today

STEP_COLUMNS = [
    ("order", "步骤", "Step"),
    ("name", "途径", "Channel"),
    ("needs", "需要准备", "Needs"),
    ("deadline", "期限", "Deadline"),
    ("trigger", "何时进入", "When"),
    ("where", "当前", "Now"),
]
DAMAGES_COLUMNS = [
    ("name", "项目", "Item"),
    ("amount", "金额", "Amount"),
    ("applies", "是否适用", "Applies"),
    ("notes", "说明与理由", "Notes and reasons"),
    ("basis", "计算依据", "Basis"),
    ("citation", "条文", "Citation"),
]
#: The report (举报) track: a separate filing with its own clock (暂行办法 Art. 7).
REPORT_COLUMNS = [
    ("name", "举报", "Report"),
    ("needs", "需要准备", "Needs"),
    ("deadline", "期限", "Deadline"),
    ("next", "下一步", "Next action"),
    ("where", "受理单位", "Where to file"),
    ("citation", "依据", "Basis"),
]

_APPLIES = {a.value: (a.zh, a.en) for a in Applies}  # one vocabulary (#16)
_STATUS = {s.value: (s.zh, s.en) for s in ClockState}


def pick(text: Any, lang: str) -> str:
    """A bilingual rules text (``Text``) in one language; plain strings as they are."""
    if text is None:
        return ""
    return str(text.pick(lang)) if hasattr(text, "pick") else str(text)


def _deadline(step: Any, lang: str) -> str:
    """A step's clock: due date, name and status ("" when it has not started)."""
    if step.deadline is None:
        return ""
    en = lang == "en"
    status = _STATUS.get(step.deadline_status, (step.deadline_status, step.deadline_status))
    name = step.deadline_name_en if en else step.deadline_name
    return f"{step.deadline.isoformat()} {name} ({status[en]})".strip()


def _sep(lang: str) -> str:
    return "; " if lang == "en" else "；"


def steps_frame(plan: Any, lang: str = "zh") -> pd.DataFrame:
    """The ladder (维权路径) as rows: order, channel, what it needs, its deadline, when to go."""
    en = lang == "en"
    rows = []
    for s in plan.steps:
        deadline = _deadline(s, lang)
        where = ("← 当前" if not en else "← now") if s.current else ("✓" if s.reached else "")
        rows.append(
            {
                "order": s.order,
                "name": s.name(lang),
                "needs": _sep(lang).join(s.needs_en if en else s.needs_zh),
                "deadline": deadline,
                "trigger": pick(s.trigger, lang),
                "where": where,
            }
        )
    return pd.DataFrame(rows, columns=[c[0] for c in STEP_COLUMNS])


def report_frame(plan: Any, lang: str = "zh") -> pd.DataFrame:
    """The report (举报) track as one row: what it needs, its clock, the next action, where."""
    track = plan.report_track
    if track is None:
        return pd.DataFrame(columns=[c[0] for c in REPORT_COLUMNS])
    en = lang == "en"
    # Before the report is filed its clock has not started; say what it will be.
    trigger = pick(track.trigger, lang)
    clock = _deadline(track, lang) or (
        f"starts when filed; late if {trigger}" if en else f"提交后开始计时；{trigger}即为逾期"
    )
    row = {
        "name": track.name(lang),
        "needs": _sep(lang).join(track.needs_en if en else track.needs_zh),
        "deadline": clock,
        "next": pick(track.next_action, lang),  # the core decides (#16)
        "where": pick(track.jurisdiction, lang),
        "citation": _sep(lang).join(citation_label(c, lang) for c in track.citations),
    }
    return pd.DataFrame([row], columns=[c[0] for c in REPORT_COLUMNS])


def damages_frame(result: Any, lang: str = "zh") -> pd.DataFrame:
    """What may be claimed, each line with its notes — why a line is pending (待认定) or does
    not apply is in them — its basis and citations."""
    en = lang == "en"
    rows = [
        {
            "name": line.name_en if en else line.name_zh,
            "amount": fmt(line.amount),
            "applies": _APPLIES.get(line.applies, (line.applies, line.applies))[en],
            "notes": _sep(lang).join(pick(n, lang) for n in line.notes),
            "basis": pick(line.basis, lang),
            "citation": _sep(lang).join(citation_label(c, lang) for c in line.citations),
        }
        for line in result.lines
    ]
    return pd.DataFrame(rows, columns=[c[0] for c in DAMAGES_COLUMNS])


class RoutingModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def case(self) -> Case:
        return self.store.get_case(self.session.case_id)

    def plan(self) -> Any:
        from ..rules import route

        return route(self.store, self.session.case_id, today=today(self.store))

    def damages(self, lang: str = "zh") -> pd.DataFrame:
        from ..rules.case_damages import damages

        return damages_frame(damages(self.store, self.session.case_id), lang)

    # -- next-step documents (#19): each a single call into casework.drafts --------------------

    def draft_offers(self) -> list[dict[str, Any]]:
        from ..drafts import offers

        return offers(self.store, self.session.case_id, today(self.store))

    def draft_text(self, kind: str, clock: str) -> tuple[str, bool]:
        """The document's text and whether it is the advocate's kept edit."""
        from ..drafts import draft_text, is_edited

        case_id = self.session.case_id
        return draft_text(self.store, case_id, kind, clock), is_edited(
            self.store, case_id, kind, clock
        )

    def save_draft(self, kind: str, clock: str, text: str) -> None:
        from ..drafts import save_draft

        save_draft(self.store, self.session.case_id, kind, text, clock)

    def draft_review(self, kind: str, clock: str) -> Any:
        from ..drafts import draft_review

        return draft_review(self.store, self.session.case_id, kind, clock)

    def export_draft(self, kind: str, clock: str, to: str, accept: bool) -> Path:
        from ..drafts import export_draft

        return export_draft(
            self.store, self.session.case_id, kind, to=to, clock=clock, accept_warnings=accept
        )

    def log_sent(self, kind: str, clock: str, ref: str) -> Any:
        from ..drafts import log_sent

        return log_sent(self.store, self.session.case_id, kind, ref=ref, clock=clock)

    def set_status(self, status: str, note: str = "") -> Case:
        return self.store.set_status(
            self.session.case_id, Status.parse(status, field="status"), note
        )


class RoutingView(Panel):
    title_zh = "处理路径与升级"
    title_en = "Routing and escalation"
    name = "routing"

    def __init__(self, model: RoutingModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.suggestion = w.HTML()
        self.steps = w.HTML()
        self.damages = w.HTML()
        self.report = w.HTML()
        self.current = w.HTML()
        self.status = w.Dropdown()
        self.note = w.Text(placeholder=self.t("变更原因", "why"), layout=w.Layout(width="36em"))
        self.status_button = w.Button(
            description=self.t("更改状态", "Change status"), icon="arrow-right"
        )
        self.status_button.on_click(lambda _b: self.change_status())
        self.status_box = w.VBox(
            [
                self.current,
                labelled(lang, "新状态", "New status", self.status),
                labelled(lang, "说明", "Note", self.note),
                self.status_button,
            ]
        )
        self._draft_widgets(lang)
        self.body.children = [
            self.suggestion,
            self.steps,
            self.draft_box,
            self.report,
            w.HTML(self.t("<b>可主张的金额</b>", "<b>What may be claimed</b>")),
            self.damages,
            self.status_box,
        ]
        self.guard(self.refresh)

    def refresh(self) -> None:
        self.steps.value = self.damages.value = self.report.value = ""
        if not self.session.case_id:
            self.status_box.layout.display = "none"
            self.draft_box.layout.display = "none"
            self.suggestion.value = self.no_case().value
            return
        self.status_box.layout.display = None
        case = self.model.case()
        self._status(case)
        self.suggestion.value = ""
        plan = self.guard(self.model.plan)
        if plan is not None:
            text = pick(plan.suggestion, self.lang)
            self.suggestion.value = f"<b>⚠ {html.escape(text)}</b>" if text else ""
            self.steps.value = table_html(steps_frame(plan, self.lang), STEP_COLUMNS, self.lang)
            track = plan.report_track
            # A report (举报) is its own filing with its own clock, beside the complaint ladder.
            if track is not None and (case.is_report or track.reached):
                self.report.value = self.t(
                    "<b>举报（与投诉分开处理）</b>",
                    "<b>Report (handled apart from the complaint)</b>",
                ) + table_html(report_frame(plan, self.lang), REPORT_COLUMNS, self.lang)
        self.refresh_drafts()
        frame = self.guard(self.model.damages, self.lang)
        if frame is not None:
            self.damages.value = table_html(frame, DAMAGES_COLUMNS, self.lang)

    # -- the draft editor (#19) ------------------------------------------------------------------

    def _draft_widgets(self, lang: str) -> None:
        t = self.t
        self.draft_pick = w.Dropdown(layout=w.Layout(width="48em"))
        self.draft_source = w.HTML()
        self.draft_text = w.Textarea(layout=w.Layout(width="48em", height="22em"))
        self.draft_save = w.Button(
            description=t("保存文书", "Save document"), button_style="primary", icon="save"
        )
        self.draft_reset = w.Button(description=t("恢复自动生成", "Back to generated"), icon="undo")
        self.draft_review = w.HTML()
        self.draft_accept = w.Checkbox(
            description=t("已核对以上提醒", "I checked the warnings above"), indent=False
        )
        self.draft_pdf = w.Button(description=t("导出 PDF", "Export PDF"), icon="file-pdf-o")
        self.draft_txt = w.Button(description=t("导出文本（网上表单）", "Export text (web form)"))
        self.draft_link = w.HTML()
        self.draft_ref = w.Text(placeholder=t("挂号信号/工单号", "registered-mail / ticket no."))
        self.draft_sent = w.Button(description=t("记录已发送", "Log as sent"), icon="send")
        self.draft_pick.observe(lambda _c: self.guard(self.show_draft), names="value")
        self.draft_save.on_click(lambda _b: self.save_draft(self.draft_text.value))
        self.draft_reset.on_click(lambda _b: self.save_draft(""))
        self.draft_pdf.on_click(lambda _b: self.export_draft("pdf"))
        self.draft_txt.on_click(lambda _b: self.export_draft("text"))
        self.draft_sent.on_click(lambda _b: self.log_sent())
        self.draft_box = w.VBox(
            [
                w.HTML(
                    t(
                        "<b>下一步文书（审核后再发出）</b>",
                        "<b>Next-step document (review first)</b>",
                    )
                ),
                self.draft_pick,
                self.draft_source,
                self.draft_text,
                w.HBox([self.draft_save, self.draft_reset]),
                self.draft_review,
                self.draft_accept,
                w.HBox([self.draft_pdf, self.draft_txt]),
                self.draft_link,
                labelled(lang, "发送编号", "Sent as", self.draft_ref),
                self.draft_sent,
            ]
        )

    def _picked(self) -> tuple[str, str]:
        kind, _sep, clock = str(self.draft_pick.value or "").partition("|")
        return kind, clock

    def refresh_drafts(self) -> None:
        offers = self.guard(self.model.draft_offers) or []
        self.draft_box.layout.display = None if offers else "none"
        en = self.lang == "en"
        options = [
            (
                f"{o['label_en' if en else 'label_zh']} → {o['recipient']} "
                f"({o['clock_name_en' if en else 'clock_name_zh']}, {o['due'] or '-'})"
                + (
                    (f" — sent {o['sent']['on']}" if en else f" — 已发送 {o['sent']['on']}")
                    if o["sent"]
                    else ""
                ),
                f"{o['kind']}|{o['clock']}",
            )
            for o in offers
        ]
        keep = self.draft_pick.value
        self.draft_pick.options = options
        values = [v for _label, v in options]
        if values:
            self.draft_pick.value = keep if keep in values else values[0]
            self.show_draft()

    def show_draft(self) -> None:
        kind, clock = self._picked()
        if not kind:
            return
        text, edited = self.model.draft_text(kind, clock)
        self.draft_text.value = text
        self.draft_source.value = (
            self.t("<i>已编辑（导出使用此文本）</i>", "<i>Edited (the export uses it)</i>")
            if edited
            else self.t(
                "<i>根据案件记录自动生成；可修改后保存。</i>",
                "<i>Generated from the record; edit and save.</i>",
            )
        )
        sheet = self.model.draft_review(kind, clock)
        self.draft_review.value = "<pre>" + html.escape(sheet.render_text(self.lang)) + "</pre>"
        self.draft_link.value = ""

    def save_draft(self, text: str) -> None:
        self.notice.clear()
        kind, clock = self._picked()
        self.guard(self.model.save_draft, kind, clock, text)
        if self.notice.is_error:
            return
        self.guard(self.show_draft)
        self.notice.ok(
            self.t("已保存文书", "document saved")
            if text.strip()
            else self.t("已恢复自动生成的文书", "back to the generated document")
        )

    def export_draft(self, to: str) -> None:
        from .export import download_link

        self.notice.clear()
        kind, clock = self._picked()
        path = self.guard(self.model.export_draft, kind, clock, to, self.draft_accept.value)
        if path is None:
            return
        self.draft_link.value = download_link(path, path.name)
        self.notice.ok(self.t(f"已导出 {path.name}", f"exported {path.name}"))

    def log_sent(self) -> None:
        self.notice.clear()
        kind, clock = self._picked()
        comm = self.guard(self.model.log_sent, kind, clock, self.draft_ref.value)
        if comm is None:
            return
        self.draft_ref.value = ""
        self.changed()
        self.notice.ok(
            self.t(
                f"已记录发送（{comm.ref}），答复期限开始计算",
                f"logged as sent ({comm.ref}); its reply clock runs",
            )
        )

    def _status(self, case: Case) -> None:
        self.current.value = self.t(
            f"当前状态: <b>{case.status.zh}</b>", f"Status: <b>{label(case.status, 'en')}</b>"
        )
        allowed = sorted(TRANSITIONS[case.status], key=list(Status).index)
        self.status.options = [(label(s, self.lang), s.value) for s in allowed]

    def change_status(self) -> None:
        if not self.status.value:
            return
        case = self.guard(self.model.set_status, self.status.value, self.note.value)
        if case is None:
            return
        self.note.value = ""
        self.changed()
        self.notice.ok(
            self.t(
                f"状态已改为「{case.status.zh}」", f"status changed to {label(case.status, 'en')}"
            )
        )
