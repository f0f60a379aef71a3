"""One store cache (#16): the workbook's panels and the report's sections open the register the
environment names once, so a kernel holds one engine per register, not one per face."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.report.sections import env_store
from casework.store import Store
from casework.ui.common import default_store


def test_the_panels_and_the_report_share_one_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEWORK_DB_URL", raising=False)
    monkeypatch.delenv("CASEWORK_NOW", raising=False)
    store = default_store()
    assert env_store() is store is Store.from_env()
    monkeypatch.setenv("CASEWORK_HOME", str(tmp_path / "other"))
    other = Store.from_env()
    assert other is not store and other.home == tmp_path / "other"


def test_a_fixed_now_is_its_own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export runs the report with CASEWORK_NOW so the report and the Filing agree on the day."""
    monkeypatch.setenv("CASEWORK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEWORK_DB_URL", raising=False)
    monkeypatch.setenv("CASEWORK_NOW", "2026-10-25T09:00:00+08:00")
    store = Store.from_env()
    assert store.clock().isoformat() == "2026-10-25T09:00:00+08:00"
    monkeypatch.delenv("CASEWORK_NOW")
    assert Store.from_env() is not store
