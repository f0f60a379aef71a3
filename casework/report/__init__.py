"""Submission export (提交材料导出): report sections, redaction, nbconvert exporters, export.

``section`` is what the report cells of ``notebooks/case.ipynb`` call; ``export_case`` turns a
case into an HTML or PDF submission; ``redact`` masks personal information for a profile.
The export half (nbconvert, papermill) is imported only when used: a report kernel needs only
the sections, and importing nbconvert costs over a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .redaction import PROFILES, Redactor, redact
from .sections import SECTIONS, render_report, render_section, section

if TYPE_CHECKING:
    from .export import ExportResult, export_case, export_many

__all__ = [
    "PROFILES",
    "SECTIONS",
    "ExportResult",
    "Redactor",
    "export_case",
    "export_many",
    "redact",
    "render_report",
    "render_section",
    "section",
]


def __getattr__(name: str) -> Any:
    if name in ("export_case", "export_many", "ExportResult"):
        from . import export

        return getattr(export, name)
    raise AttributeError(name)
