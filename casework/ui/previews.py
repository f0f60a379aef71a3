"""The submission preview cells (提交材料预览): each follows the open case.

In the workbook a preview is a widget that re-renders its section whenever the case, the register
or the language changes, so it never shows a stale placeholder while a case is open. In report
mode (the export runs the notebook) it is exactly ``casework.report.section(...)``: the submission
gets the same static HTML as before, and no widget.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..store import Store
from .common import Session, error_text, later, tr


class SectionPreview(w.HTML):
    """One report section of the session's case, rendered by the report package."""

    def __init__(self, store: Store, session: Session, name: str, profile: str) -> None:
        super().__init__()
        self.store = store
        self.session = session
        self.section = name
        self.profile = profile
        self.add_class("cw-preview")
        self.add_class(f"cw-preview-{name}")
        self._names = ("case_id", "revision", "lang")
        session.observe(self._changed, names=list(self._names))
        self.render()

    def render(self) -> None:
        case_id = self.session.case_id
        lang = self.session.lang
        if not case_id:
            self.value = (
                "<i>"
                + html.escape(
                    tr(
                        lang,
                        "（新案件：保存后在此预览提交材料）",
                        "(new case: the preview appears once it is saved)",
                    )
                )
                + "</i>"
            )
            return
        try:
            from ..report.sections import render_section

            body = render_section(
                self.store, self.section, case_id, profile=self.profile, lang=lang
            )
        except Exception as exc:  # the widget edge: a preview never raises into the notebook
            body = f'<div class="cw-error" style="color:#b00020">⚠ {html.escape(error_text(exc))}</div>'
        self.value = body

    def _changed(self, _change: Any) -> None:
        later(self.render)

    def dispose(self) -> None:
        try:
            self.session.unobserve(self._changed, names=list(self._names))
        except ValueError:
            pass
        self.close()
