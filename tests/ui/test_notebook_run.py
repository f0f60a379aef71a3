"""Both notebooks executed headless (papermill) against a casework home holding the demo case:
no error cell, no error inside any panel, and the report preview cells all render."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest

from casework.demo import build_demo
from casework.store import Store
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str | None) -> tuple[Path, str]:
    home = tmp_path / "home"
    store = Store.open(home, url)
    case_id = build_demo(store).id
    store.close()
    # The kernel papermill starts inherits this environment: the notebook opens this register.
    monkeypatch.setenv("CASEWORK_HOME", str(home))
    if url:
        monkeypatch.setenv("CASEWORK_DB_URL", url)
    else:
        monkeypatch.delenv("CASEWORK_DB_URL", raising=False)
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    return home, case_id


@pytest.fixture
def demo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """The demo case in a SQLite register under a fresh casework home."""
    return _demo(tmp_path, monkeypatch, None)


@pytest.fixture
def demo_any_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str | None
) -> tuple[Path, str]:
    """The same on SQLite and, when available, on a team's PostgreSQL register."""
    return _demo(tmp_path, monkeypatch, db_url)


def run(name: str, out: Path, **parameters: Any) -> nbformat.NotebookNode:
    import papermill as pm

    pm.execute_notebook(
        str(REPO / "notebooks" / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(out.parent),
    )
    return nbformat.read(str(out), as_version=4)


def error_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def widget_values(nb: nbformat.NotebookNode, css_class: str) -> list[str]:
    """The values of the HTML widgets whose DOM classes include ``css_class``."""
    state = (
        nb.metadata.get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    return [
        str(m["state"].get("value", ""))
        for m in state.values()
        if m.get("model_name") == "HTMLModel" and css_class in m["state"].get("_dom_classes", [])
    ]


def panel_messages(nb: nbformat.NotebookNode, css: str = "cw-error") -> list[str]:
    """The values of HTML widgets carrying ``css``, from the widget state the run saved."""
    state = (
        nb.metadata.get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    return [
        m["state"]["value"]
        for m in state.values()
        if m.get("model_name") == "HTMLModel" and css in str(m["state"].get("value", ""))
    ]


def test_case_notebook_on_the_demo_case(demo_any_db: tuple[Path, str], tmp_path: Path) -> None:
    _home, case_id = demo_any_db
    nb = run("case.ipynb", tmp_path / "case.out.ipynb", case_id=case_id)
    assert error_cells(nb) == []
    assert panel_messages(nb) == []
    report = [c for c in nb.cells if "report" in c.metadata.get("tags", [])]
    from casework.report import SECTIONS

    assert len(report) == len(SECTIONS)
    # In the workbook each preview is a widget following the open case; in report mode (the
    # export) the same cell is the report's static HTML (tests/report run that path).
    previews = widget_values(nb, "cw-preview")
    assert len(previews) == len(report)
    assert all(v.strip() and "请先选择" not in v for v in previews)
    assert panel_messages(nb, case_id)  # the panels show the case (header, picker status)


def test_case_notebook_without_a_case_offers_the_picker(
    demo_home: tuple[Path, str], tmp_path: Path
) -> None:
    nb = run("case.ipynb", tmp_path / "picker.out.ipynb")
    assert error_cells(nb) == []
    assert panel_messages(nb) == []
    assert panel_messages(nb, "新案件")  # the intake form waits for a new case


def test_portfolio_notebook(demo_home: tuple[Path, str], tmp_path: Path) -> None:
    _home, case_id = demo_home
    nb = run("portfolio.ipynb", tmp_path / "portfolio.out.ipynb")
    assert error_cells(nb) == []
    assert panel_messages(nb) == []
    tables = panel_messages(nb, "cw-table")
    assert any(case_id in t and "等待答复" in t for t in tables)


def test_case_notebook_in_english(demo_home: tuple[Path, str], tmp_path: Path) -> None:
    _home, case_id = demo_home
    nb = run(
        "case.ipynb", tmp_path / "en.out.ipynb", case_id=case_id, lang="en", profile="authority"
    )
    assert error_cells(nb) == []
    assert panel_messages(nb) == []
    assert panel_messages(nb, "Escalate") or panel_messages(nb, "Paid <b>")
