"""Case picker (选择案件): choose a case of the register, or start a new one in the intake form."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..store import Store
from .common import Panel, Session, label


class PickerModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def choices(self, lang: str = "zh") -> list[tuple[str, str]]:
        """(label, id) for every case, newest id last, as the register lists them."""
        return [
            (f"{c.id}  [{label(c.status, lang)}]  {c.title}", c.id) for c in self.store.list_cases()
        ]

    def pick(self, case_id: str) -> None:
        if case_id:
            self.store.get_case(case_id)  # NotFound for a stale choice
        self.session.case_id = case_id

    def new_case(self) -> None:
        self.session.case_id = ""


class PickerView(Panel):
    title_zh = "案件"
    title_en = "Case"
    name = "picker"

    def __init__(self, model: PickerModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.dropdown = w.Dropdown(
            description=self.t("案件", "Case"), layout=w.Layout(width="48em")
        )
        self.new_button = w.Button(description=self.t("新案件", "New case"), icon="plus")
        self.reload_button = w.Button(description=self.t("刷新", "Reload"), icon="refresh")
        self.status = w.HTML()
        self.body.children = [
            w.HBox([self.dropdown, self.new_button, self.reload_button]),
            self.status,
        ]
        self._syncing = False
        self.dropdown.observe(self._on_pick, names="value")
        self.new_button.on_click(lambda _b: self.guard(self.model.new_case))
        self.reload_button.on_click(lambda _b: self.guard(self.refresh))
        self.guard(self.refresh)

    def refresh(self) -> None:
        self._syncing = True
        try:
            choices = self.model.choices(self.lang)
            self.dropdown.options = [(self.t("（新案件）", "(new case)"), ""), *choices]
            self.dropdown.value = self.session.case_id
        finally:
            self._syncing = False
        if self.session.case_id:
            self.status.value = self.t(
                f"当前案件 {self.session.case_id}。", f"Working on case {self.session.case_id}."
            )
        else:
            self.status.value = self.t(
                "新案件：在第 1 步「登记」中填写并保存。",
                "New case: fill and save the intake form in step 1.",
            )

    def _on_pick(self, change: Any) -> None:
        if not self._syncing:
            self.guard(self.model.pick, change["new"] or "")
