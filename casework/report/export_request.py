"""What one export is asked for (导出请求): the case, the files, how they are redacted, in which
language, for whom, and the "now" the report is written at.

:func:`casework.report.export.export` takes one :class:`ExportRequest`; the CLI, the workbook's
export panel and ``casework demo`` build it (``export_case`` / ``export_many`` build it from their
keywords). Everything the report notebook's kernel is told comes from it: the papermill
parameters (:meth:`ExportRequest.parameters`), the kernel's clock (``CASEWORK_NOW``), and the
``casework`` metadata the exporters read (:meth:`ExportRequest.metadata`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class ExportRequest:
    """One export of a case (or a group case) to one or more formats.

    ``paths`` maps a format to its file (the others go to the default export folder);
    ``recipient`` is the recipient kind (提交对象), ``None`` for the filing channel's;
    ``accept_warnings`` says the advocate checked the review sheet's warnings (送出前核对);
    ``now`` is the time the report is written at (``None``: the register's clock when the
    export starts); ``notebook`` a case notebook other than the packaged one.
    """

    case_id: str
    formats: tuple[str, ...] = ("html",)
    profile: str = "public"
    lang: str = "zh"
    recipient: str | None = None
    accept_warnings: bool = False
    paths: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    notebook: Path | None = None
    now: datetime | None = None

    def __post_init__(self) -> None:
        # Frozen all the way down: a caller's dict changed later does not change the request.
        object.__setattr__(self, "paths", MappingProxyType(dict(self.paths)))
        object.__setattr__(self, "formats", tuple(self.formats))

    @classmethod
    def one(
        cls, case_id: str, to: str = "html", out: str | os.PathLike[str] | None = None, **kw: Any
    ) -> ExportRequest:
        """One format, written to ``out`` (a path as typed: ``~`` expanded, made absolute) or to
        the default export folder."""
        paths = {to: Path(out).expanduser().resolve()} if out else {}
        return cls(case_id, formats=(to,), paths=paths, **kw)

    @property
    def today(self) -> date | None:
        """The day the report is dated (``None``: the register's today)."""
        return self.now.date() if self.now else None

    def parameters(self) -> dict[str, Any]:
        """The papermill parameters of the report notebook (its ``parameters`` cell)."""
        return {
            "case_id": self.case_id,
            "report_mode": True,
            "profile": self.profile,
            "lang": self.lang,
        }

    def metadata(self, title: str) -> dict[str, str]:
        """``nb.metadata["casework"]``: what the exporters read (language, title)."""
        return {"case_id": self.case_id, "profile": self.profile, "lang": self.lang, "title": title}
