"""The workbook's panels (ipywidgets). Each function below is what one cell of
``notebooks/case.ipynb`` calls: it opens the register named by the environment (CASEWORK_HOME /
CASEWORK_DB_URL), builds the panel's model and view, and returns the view for the notebook to show.

Tests and other callers build the same views with their own store and session::

    from casework.ui.intake import IntakeModel, IntakeView
    view = IntakeView(IntakeModel(store, Session(case_id="2026-0001")))
"""

from __future__ import annotations

from typing import Any

from . import portfolio
from .bills import BillsModel, BillsView
from .common import SESSION, Session, bind, default_store, link_kernel_variable, shown
from .comms import CommsModel, CommsView
from .evidence import EvidenceModel, EvidenceView
from .export import ExportModel, ExportView
from .intake import IntakeModel, IntakeView
from .live import Live
from .money import MoneyModel, MoneyView
from .narrative import NarrativeModel, NarrativeView
from .picker import PickerModel, PickerView
from .routing import RoutingModel, RoutingView
from .timeline import TimelineModel, TimelineView

__all__ = [
    "SESSION",
    "Session",
    "bills",
    "communications",
    "default_store",
    "evidence",
    "export",
    "intake",
    "money",
    "narrative",
    "picker",
    "portfolio",
    "preview",
    "routing",
    "timeline",
]


def _live(key: str, case_id: str, lang: str, build: Any) -> Live:
    """The panel of one notebook cell: on the kernel's session (reopening this user's last case
    when the notebook names none), rebuilt in place by the language switch, and replacing the
    view an earlier run of the same cell showed."""
    store = default_store()
    session = bind(case_id, lang, store)
    return shown(key, Live(session, lambda lang_: build(store, session, lang_)))


def picker(case_id: str = "", *, lang: str = "zh") -> Live:
    """0 选择案件: pick a case of the register, or start a new one; the language switch. The
    notebook's ``case_id`` follows the pick, so a cell run below uses the picked case."""
    view = _live("picker", case_id, lang, lambda st, se, la: PickerView(PickerModel(st, se), la))
    link_kernel_variable(SESSION)
    return view


def intake(case_id: str = "", *, lang: str = "zh") -> Live:
    """1 登记: the intake form (every field of the case)."""
    return _live("intake", case_id, lang, lambda st, se, la: IntakeView(IntakeModel(st, se), la))


def bills(case_id: str = "", *, lang: str = "zh") -> Live:
    """2 账单: upload a bill, see the detected source, preview and rejected rows, import it."""
    return _live("bills", case_id, lang, lambda st, se, la: BillsView(BillsModel(st, se), la))


def money(case_id: str = "", *, lang: str = "zh") -> Live:
    """3 资金: the money trail per order."""
    return _live("money", case_id, lang, lambda st, se, la: MoneyView(MoneyModel(st, se), la))


def timeline(case_id: str = "", *, lang: str = "zh") -> Live:
    """4 时间线: the timeline figure, the deadlines table and a form to add an event."""
    return _live(
        "timeline", case_id, lang, lambda st, se, la: TimelineView(TimelineModel(st, se), la)
    )


def narrative(case_id: str = "", *, lang: str = "zh") -> Live:
    """4 事实经过: the facts in time order, generated from the log; the advocate's edit is kept."""
    return _live(
        "narrative", case_id, lang, lambda st, se, la: NarrativeView(NarrativeModel(st, se), la)
    )


def evidence(case_id: str = "", *, lang: str = "zh") -> Live:
    """5 证据: upload evidence and see the checklist for the channel."""
    return _live(
        "evidence", case_id, lang, lambda st, se, la: EvidenceView(EvidenceModel(st, se), la)
    )


def communications(case_id: str = "", *, lang: str = "zh") -> Live:
    """6 沟通: the communications log and the pending replies and follow-ups."""
    return _live("comms", case_id, lang, lambda st, se, la: CommsView(CommsModel(st, se), la))


def routing(case_id: str = "", *, lang: str = "zh") -> Live:
    """7 处理路径: the suggested route, escalation and the case status."""
    return _live("routing", case_id, lang, lambda st, se, la: RoutingView(RoutingModel(st, se), la))


def export(case_id: str = "", *, profile: str = "public", lang: str = "zh") -> Live:
    """8 导出: export the submission (format, redaction profile, language) → a link to it."""
    return _live(
        "export",
        case_id,
        lang,
        lambda st, se, la: ExportView(ExportModel(st, se), la, profile=profile),
    )


def preview(
    name: str,
    case_id: str = "",
    *,
    report_mode: bool = False,
    profile: str = "public",
    lang: str = "zh",
) -> Any:
    """A submission section under 提交材料预览. In the workbook it follows the open case (and
    the language switch); in report mode it is exactly ``casework.report.section(...)``."""
    if report_mode:
        from ..report import section

        return section(name, case_id, profile=profile, lang=lang)
    from .previews import SectionPreview

    store = default_store()
    session = bind(case_id, lang, store)
    return shown(f"preview:{name}", SectionPreview(store, session, name, profile))
