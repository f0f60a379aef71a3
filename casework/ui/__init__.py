"""The workbook's panels (ipywidgets). Each function below is what one cell of
``notebooks/case.ipynb`` calls: it opens the register named by the environment (CASEWORK_HOME /
CASEWORK_DB_URL), builds the panel's model and view, and returns the view for the notebook to show.

Tests and other callers build the same views with their own store and session::

    from casework.ui.intake import IntakeModel, IntakeView
    view = IntakeView(IntakeModel(store, Session(case_id="2026-0001")))
"""

from __future__ import annotations

from . import portfolio
from .bills import BillsModel, BillsView
from .common import SESSION, Session, bind, default_store, link_kernel_variable
from .comms import CommsModel, CommsView
from .evidence import EvidenceModel, EvidenceView
from .export import ExportModel, ExportView
from .intake import IntakeModel, IntakeView
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
    "routing",
    "timeline",
]


def picker(case_id: str = "", *, lang: str = "zh") -> PickerView:
    """0 选择案件: pick a case of the register, or start a new one. The notebook's ``case_id``
    follows the pick, so re-running a cell below uses the picked case."""
    session = bind(case_id, lang)
    link_kernel_variable(session)
    return PickerView(PickerModel(default_store(), session), lang)


def intake(case_id: str = "", *, lang: str = "zh") -> IntakeView:
    """1 登记: the intake form (every field of the case)."""
    return IntakeView(IntakeModel(default_store(), bind(case_id, lang)), lang)


def bills(case_id: str = "", *, lang: str = "zh") -> BillsView:
    """2 账单: upload a bill, see the detected source, preview and rejected rows, import it."""
    return BillsView(BillsModel(default_store(), bind(case_id, lang)), lang)


def money(case_id: str = "", *, lang: str = "zh") -> MoneyView:
    """3 资金: the money trail per order."""
    return MoneyView(MoneyModel(default_store(), bind(case_id, lang)), lang)


def timeline(case_id: str = "", *, lang: str = "zh") -> TimelineView:
    """4 时间线: the timeline figure, the deadlines table and a form to add an event."""
    return TimelineView(TimelineModel(default_store(), bind(case_id, lang)), lang)


def narrative(case_id: str = "", *, lang: str = "zh") -> NarrativeView:
    """4 事实经过: the facts in time order, generated from the log; the advocate's edit is kept."""
    return NarrativeView(NarrativeModel(default_store(), bind(case_id, lang)), lang)


def evidence(case_id: str = "", *, lang: str = "zh") -> EvidenceView:
    """5 证据: upload evidence and see the checklist for the channel."""
    return EvidenceView(EvidenceModel(default_store(), bind(case_id, lang)), lang)


def communications(case_id: str = "", *, lang: str = "zh") -> CommsView:
    """6 沟通: the communications log and the pending replies and follow-ups."""
    return CommsView(CommsModel(default_store(), bind(case_id, lang)), lang)


def routing(case_id: str = "", *, lang: str = "zh") -> RoutingView:
    """7 处理路径: the suggested route, escalation and the case status."""
    return RoutingView(RoutingModel(default_store(), bind(case_id, lang)), lang)


def export(case_id: str = "", *, profile: str = "public", lang: str = "zh") -> ExportView:
    """8 导出: export the submission (format, redaction profile, language) → a link to it."""
    return ExportView(ExportModel(default_store(), bind(case_id, lang)), lang, profile=profile)
