"""Submission export (提交材料导出): report sections, redaction, nbconvert exporters, export.

``section`` is what the report cells of ``notebooks/case.ipynb`` call; ``export_case`` turns a
case into an HTML or PDF submission; ``redact`` masks personal information for a profile.

Every name is imported on first use: ``jupyter nbconvert --to casework_html`` imports
``casework.report.exporters`` and should not pay for the register (SQLAlchemy) it does not use,
and a report kernel should not pay for nbconvert and papermill.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .export import ExportResult, export_case, export_many
    from .redaction import PROFILES, Redactor, redact
    from .sections import SECTIONS, render_report, render_section, section

_WHERE = {
    "ExportResult": "export",
    "export_case": "export",
    "export_many": "export",
    "PROFILES": "redaction",
    "Redactor": "redaction",
    "redact": "redaction",
    "SECTIONS": "sections",
    "render_report": "sections",
    "render_section": "sections",
    "section": "sections",
}

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


__getattr__, __dir__ = exports(__name__, _WHERE)
