"""The committed notebooks are clean templates (no outputs, no widget state: they could leak a
consumer's data) and case.ipynb keeps the contract the report export relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casework.report import SECTIONS
from tests.conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))

#: The contract's section names, in order (the report helper renders them).
REPORT_SECTIONS = list(SECTIONS)


def dirt(path: Path) -> list[str]:
    """What makes a notebook unclean, one line per problem (empty when clean)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    if "widgets" in nb.get("metadata", {}):
        problems.append("notebook metadata holds widget state (metadata.widgets)")
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {n} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {n} has an execution count")
        if {"execution", "papermill"} & set(cell.get("metadata", {})):
            problems.append(f"cell {n} has execution metadata")
    if "papermill" in nb.get("metadata", {}):
        problems.append("notebook metadata holds a papermill run")
    return problems


def test_notebooks_exist() -> None:
    assert {p.name for p in NOTEBOOKS} >= {"case.ipynb", "portfolio.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_clean(path: Path) -> None:
    assert dirt(path) == [], f"{path.name}: clear outputs and widget state before committing"


def test_dirt_catches_outputs_and_widget_state(tmp_path: Path) -> None:
    nb = json.loads((REPO / "notebooks" / "case.ipynb").read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["李华 13800138000"]}]
    code["execution_count"] = 3
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    dirty = tmp_path / "dirty.ipynb"
    dirty.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    found = dirt(dirty)
    assert any("outputs" in p for p in found)
    assert any("execution count" in p for p in found)
    assert any("widget state" in p for p in found)


def _cells(name: str) -> list[dict]:
    return json.loads((REPO / "notebooks" / name).read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def test_case_notebook_contract() -> None:
    """First code cell: the parameters; then ui cells; the report cells in the contract's order."""
    cells = _cells("case.ipynb")
    code = [c for c in cells if c["cell_type"] == "code"]
    params = code[0]
    assert params["metadata"]["tags"] == ["parameters"]
    namespace: dict[str, object] = {}
    exec(_source(params), namespace)
    assert {k: namespace[k] for k in ("case_id", "report_mode", "profile", "lang")} == {
        "case_id": "",
        "report_mode": False,
        "profile": "public",
        "lang": "zh",
    }
    report = [c for c in cells if "report" in c["metadata"].get("tags", [])]
    assert [_source(c) for c in report] == [
        f'casework.ui.preview("{name}", case_id, report_mode=report_mode, profile=profile, lang=lang)'
        for name in REPORT_SECTIONS
    ]
    heading = next(i for i, c in enumerate(cells) if _source(c).startswith("## 提交材料预览"))
    assert "ui" in cells[heading]["metadata"]["tags"]
    assert cells.index(report[0]) > heading
    assert all(cells.index(c) > heading for c in report)


def test_case_notebook_ui_cells_are_single_calls() -> None:
    """No logic in the notebook: each ui code cell is one call into casework.ui."""
    cells = _cells("case.ipynb")
    ui = [c for c in cells if c["cell_type"] == "code" and "ui" in c["metadata"].get("tags", [])]
    assert len(ui) == 10  # picker, the eight sections, and the narrative in section 4
    for cell in ui:
        src = _source(cell)
        assert src.startswith("casework.ui.") and "\n" not in src.strip(), src
    every = [c for c in cells if c["cell_type"] == "code"]
    assert all(c["metadata"].get("tags") for c in every), "every code cell says what it is"
