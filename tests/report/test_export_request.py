"""The :class:`ExportRequest`: what one export is asked for, and what the report kernel is told."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from casework.report.export_request import ExportRequest


def test_an_export_request_is_frozen_and_says_what_the_kernel_is_told(tmp_path: Path) -> None:
    paths = {"html": tmp_path / "a.html"}
    now = datetime(2026, 3, 20, 10, 0)
    request = ExportRequest("2026-0001", paths=paths, lang="en", now=now)
    paths["pdf"] = tmp_path / "b.pdf"  # the caller's dict changed later
    assert dict(request.paths) == {"html": tmp_path / "a.html"}
    with pytest.raises(AttributeError):
        request.lang = "zh"  # type: ignore[misc]
    assert request.parameters() == {
        "case_id": "2026-0001",
        "report_mode": True,
        "profile": "public",
        "lang": "en",
    }
    assert request.today == now.date()
    assert request.metadata("T")["title"] == "T"
    one = ExportRequest.one("2026-0001", "pdf", tmp_path / "x" / ".." / "c.pdf")
    assert one.formats == ("pdf",) and one.paths == {"pdf": tmp_path / "c.pdf"}
    assert ExportRequest.one("2026-0001").paths == {}
