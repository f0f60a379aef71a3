"""Export speed as ratios against plain ``jupyter nbconvert --to html`` of the same executed
notebook, measured in the same run (so the numbers mean the same on any machine).

* conversion: ``jupyter nbconvert --to casework_html`` / ``--to casework_pdf`` of the executed
  report notebook against ``--to html`` of it (all three CLI processes, imports included), and the
  same three exporters in-process (no import cost). Target: casework_html ≤ 1.3× html.
* end to end: ``export_case(to="html" | "pdf")`` — verify the evidence, execute the notebook in a
  fresh kernel, convert, write, record the filing — against the plain CLI conversion alone.

python -m benchmarks export
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbconvert.exporters import HTMLExporter

from casework.clock import fixed
from casework.demo import build_demo
from casework.report.export import execute_report, export_case
from casework.report.exporters import CaseworkHTMLExporter, CaseworkPDFExporter
from casework.store import Store

JUPYTER = str(Path(sys.executable).parent / "jupyter")
ROUNDS = 3


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _nbconvert(to: str, source: Path) -> Callable[[], object]:
    return lambda: subprocess.run(
        [JUPYTER, "nbconvert", "--to", to, str(source)], check=True, capture_output=True
    )


def main() -> None:
    from datetime import datetime

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = Store.open(root / "home", None, clock=fixed(datetime(2026, 11, 29, 10, 0)))
        case = build_demo(store)
        nb = execute_report(store, case.id)
        source = root / "REPORT.ipynb"
        nbformat.write(nb, str(source))

        # Alternate the contenders round by round, so load on the machine hits them alike.
        runs: dict[str, list[float]] = {}
        contenders: dict[str, Callable[[], object]] = {
            "cli html": _nbconvert("html", source),
            "cli casework_html": _nbconvert("casework_html", source),
            "cli casework_pdf": _nbconvert("casework_pdf", source),
            "lib html": lambda: HTMLExporter().from_notebook_node(nb),
            "lib casework_html": lambda: CaseworkHTMLExporter().from_notebook_node(nb),
            "lib casework_pdf": lambda: CaseworkPDFExporter().from_notebook_node(nb),
            "export_case html": lambda: export_case(store, case.id, to="html"),
            "export_case pdf": lambda: export_case(store, case.id, to="pdf"),
        }
        for name, fn in contenders.items():  # warm-up: imports, font caches
            if name.startswith("lib"):
                fn()
        for _ in range(ROUNDS):
            for name, fn in contenders.items():
                runs.setdefault(name, []).append(_time(fn))
        store.close()

    med = {k: statistics.median(v) for k, v in runs.items()}
    for name, value in med.items():
        print(
            f"  {name:<20} median {value:6.2f} s  (runs: "
            + ", ".join(f"{x:.2f}" for x in runs[name])
            + ")"
        )
    base_cli, base_lib = med["cli html"], med["lib html"]
    print(
        f"conversion, CLI:        casework_html / html = {med['cli casework_html'] / base_cli:.2f}"
        f"  (target ≤ 1.3);  casework_pdf / html = {med['cli casework_pdf'] / base_cli:.2f}"
    )
    print(
        f"conversion, in-process: casework_html / html = {med['lib casework_html'] / base_lib:.2f}"
        f";  casework_pdf / html = {med['lib casework_pdf'] / base_lib:.2f}"
    )
    print(
        f"end to end (executes the notebook): export_case html / cli html = "
        f"{med['export_case html'] / base_cli:.2f};  export_case pdf / cli html = "
        f"{med['export_case pdf'] / base_cli:.2f}"
    )


if __name__ == "__main__":
    main()
