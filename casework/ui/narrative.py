"""Facts in time order (事实经过): the narrative generated from the case log, which the advocate
may edit; a saved edit is what the submission uses, and clearing it goes back to generated."""

from __future__ import annotations

import ipywidgets as w

from ..store import Store
from .common import Panel, Session


class NarrativeModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def text(self, lang: str = "zh") -> tuple[str, bool]:
        """The narrative and whether it is the advocate's saved edit."""
        from ..narrative import is_edited, narrative

        case_id = self.session.case_id
        return narrative(self.store, case_id, lang), is_edited(self.store, case_id, lang)

    def facts_since_edit(self, lang: str = "zh") -> int:
        """Events and contacts logged after the saved edit (the edit cannot tell them)."""
        from ..narrative import facts_since_edit

        return facts_since_edit(self.store, self.session.case_id, lang)

    def save(self, text: str, lang: str = "zh") -> None:
        from ..narrative import save_narrative

        save_narrative(self.store, self.session.case_id, text, lang)


class NarrativeView(Panel):
    title_zh = "事实经过（按时间顺序）"
    title_en = "Facts in time order"
    name = "narrative"

    def __init__(self, model: NarrativeModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.source = w.HTML()
        self.stale = w.HTML()
        self.text = w.Textarea(layout=w.Layout(width="48em", height="16em"))
        self.save_button = w.Button(
            description=self.t("保存叙述", "Save narrative"), button_style="primary", icon="save"
        )
        self.reset_button = w.Button(
            description=self.t("恢复自动生成", "Back to generated"), icon="undo"
        )
        self.save_button.on_click(lambda _b: self.save(self.text.value))
        self.reset_button.on_click(lambda _b: self.save(""))
        self.form = w.VBox([self.text, w.HBox([self.save_button, self.reset_button])])
        self.body.children = [self.source, self.stale, self.form]
        self.guard(self.refresh)

    def refresh(self) -> None:
        self.stale.value = ""
        if not self.session.case_id:
            self.form.layout.display = "none"
            self.source.value = self.no_case().value
            return
        self.form.layout.display = None
        text, edited = self.model.text(self.lang)
        self.text.value = text
        self.source.value = (
            self.t("<i>已编辑（提交材料使用此文本）</i>", "<i>Edited (the submission uses it)</i>")
            if edited
            else self.t(
                "<i>根据事件和沟通记录自动生成；可修改后保存。</i>",
                "<i>Generated from the events and contacts; edit and save to keep changes.</i>",
            )
        )
        # The saved edit still wins (it is the advocate's text), so say when the log moved on.
        n = self.model.facts_since_edit(self.lang) if edited else 0
        if n:
            self.stale.value = (
                '<div style="color:#a15c00;font-weight:bold">⚠ '
                + self.t(
                    f"保存后又新增了 {n} 条事件/沟通，请核对事实经过"
                    "（或点「恢复自动生成」后重新编辑）。",
                    f"{n} event(s)/contact(s) were logged after this text was saved; check "
                    "the facts (or go back to generated and edit again).",
                )
                + "</div>"
            )

    def save(self, text: str) -> None:
        self.notice.clear()
        self.guard(self.model.save, text, self.lang)
        if self.notice.is_error:
            return
        self.changed()
        self.notice.ok(
            self.t("已保存叙述", "narrative saved")
            if text.strip()
            else self.t("已恢复自动生成的叙述", "back to the generated narrative")
        )
