"""Routing and escalation (处理路径): the suggested channels in order with what each needs and its
deadline, the escalation suggestion when a clock has run out, what may be claimed, and the case
status (moved only along the allowed transitions)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

import ipywidgets as w
import pandas as pd

from ..cases import TRANSITIONS, Case, Status
from ..money import fmt
from ..store import Store
from .common import Panel, Session, labelled, table_html, today

STEP_COLUMNS = [
    ("channel", "途径", "Channel"),
    ("needs", "需要", "Needs"),
    ("deadline", "期限", "Deadline"),
    ("trigger", "何时", "When"),
]
DAMAGES_COLUMNS = [
    ("amount", "金额", "Amount"),
    ("basis", "依据", "Basis"),
    ("citation", "条文", "Citation"),
    ("notes", "说明", "Notes"),
]


def _row(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return obj
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    if hasattr(obj, "model_dump"):
        return dict(obj.model_dump())
    return dict(vars(obj))


def _cell(value: Any) -> Any:
    """Lists and nested records as one readable cell."""
    if isinstance(value, list | tuple):
        return "；".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    return value


def frame_of(items: Any) -> pd.DataFrame:
    rows = [{k: _cell(v) for k, v in _row(i).items()} for i in items]
    return pd.DataFrame(rows)


class RoutingModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def case(self) -> Case:
        return self.store.get_case(self.session.case_id)

    def plan(self) -> Any:
        from ..rules import route  # type: ignore[attr-defined]  # lands with #5

        return route(self.store, self.session.case_id, today=today(self.store))

    def damages(self) -> pd.DataFrame:
        from ..rules import damages

        frame = frame_of(damages(self.store, self.session.case_id).lines)
        if "amount" in frame.columns:
            frame["amount"] = frame["amount"].map(fmt)
        return frame

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
        self.body.children = [
            self.suggestion,
            self.steps,
            w.HTML(self.t("<b>可主张的金额</b>", "<b>What may be claimed</b>")),
            self.damages,
            self.status_box,
        ]
        self.guard(self.refresh)

    def refresh(self) -> None:
        self.steps.value = self.damages.value = ""
        if not self.session.case_id:
            self.status_box.layout.display = "none"
            self.suggestion.value = self.no_case().value
            return
        self.status_box.layout.display = None
        self._status(self.model.case())
        self.suggestion.value = ""
        plan = self.guard(self.model.plan)
        if plan is not None:
            text = getattr(plan, "suggestion", "") or ""
            self.suggestion.value = f"<b>⚠ {text}</b>" if text else ""
            self.steps.value = table_html(frame_of(plan.steps), STEP_COLUMNS, self.lang)
        frame = self.guard(self.model.damages)
        if frame is not None:
            self.damages.value = table_html(frame, DAMAGES_COLUMNS, self.lang)

    def _status(self, case: Case) -> None:
        self.current.value = self.t(
            f"当前状态: <b>{case.status.zh}</b>", f"Status: <b>{case.status.value}</b>"
        )
        allowed = sorted(TRANSITIONS[case.status], key=list(Status).index)
        self.status.options = [(s.zh if self.lang != "en" else s.value, s.value) for s in allowed]

    def change_status(self) -> None:
        if not self.status.value:
            return
        case = self.guard(self.model.set_status, self.status.value, self.note.value)
        if case is None:
            return
        self.note.value = ""
        self._status(case)
        self.notice.ok(
            self.t(f"状态已改为「{case.status.zh}」", f"status changed to {case.status.value}")
        )
