"""The submission's cells and outputs are chosen by nbconvert preprocessors on the exporter
(:class:`SubmissionCells`, :class:`SubmissionOutputs`), configurable like nbconvert's own. No
register, no kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
from traitlets.config import Config

from casework.report.export import report_notebook
from casework.report.exporters import (
    CaseworkHTMLExporter,
    SubmissionCells,
    SubmissionOutputs,
    clean_report,
)


def _cell(text: str, *tags: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(f"print({text!r})", metadata={"tags": list(tags)})
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": f"<p>{text}</p>"})]
    return cell


def _nb(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def _texts(nb: nbformat.NotebookNode) -> list[str]:
    return [str(o["data"]["text/html"]) for c in nb.cells for o in c.outputs]


def test_the_exporter_registers_both_preprocessors_enabled() -> None:
    exporter = CaseworkHTMLExporter()
    mine = [
        p for p in exporter._preprocessors if isinstance(p, SubmissionCells | SubmissionOutputs)
    ]
    assert [type(p) for p in mine] == [SubmissionCells, SubmissionOutputs]
    assert all(p.enabled for p in mine)


def test_report_cells_only_once_there_are_any() -> None:
    nb = _nb(_cell("report", "report"), _cell("scratch"), _cell("widget", "ui"))
    assert _texts(clean_report(nb)) == ["<p>report</p>"]
    # Without report cells: every cell not tagged for the workbook.
    nb = _nb(_cell("scratch"), _cell("widget", "ui"), _cell("params", "parameters"))
    assert _texts(clean_report(nb)) == ["<p>scratch</p>"]


def test_the_tags_are_configurable_the_nbconvert_way() -> None:
    nb = _nb(_cell("report", "report"), _cell("scratch"), _cell("draft", "draft"))
    config = Config({"SubmissionCells": {"keep_only_tags": set(), "remove_cell_tags": {"draft"}}})
    html, _ = CaseworkHTMLExporter(config=config).from_notebook_node(nb)
    assert "<p>report</p>" in html and "<p>scratch</p>" in html and "<p>draft</p>" not in html
    html, _ = CaseworkHTMLExporter().from_notebook_node(nb)
    assert "<p>report</p>" in html and "<p>scratch</p>" not in html


def test_outputs_lose_stderr_and_widget_views() -> None:
    cell = _cell("report", "report")
    cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text="noise"))
    cell.outputs[0]["data"]["application/vnd.jupyter.widget-view+json"] = {"model_id": "x"}
    nb = _nb(cell)
    nb.metadata["widgets"] = {"state": {}}
    out = clean_report(nb)
    assert [o["output_type"] for o in out.cells[0].outputs] == ["display_data"]
    assert list(out.cells[0].outputs[0]["data"]) == ["text/html"]
    assert "widgets" not in out.metadata
    assert "widgets" in nb.metadata  # the caller's notebook is left as it was


def test_the_notebook_runs_without_its_ui_cells() -> None:
    root = Path(__file__).resolve().parents[2]
    nb = report_notebook(root / "notebooks" / "case.ipynb")
    tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
    assert tags and not any("ui" in t for t in tags)
    assert {"parameters"} in tags and {"report"} in tags
