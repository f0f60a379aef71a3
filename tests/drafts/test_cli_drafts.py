"""``casework draft``: list, check, write (PDF / text), log as sent; errors are one line, exit 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casework.cli import cli
from casework.demo import build_demo
from casework.store import Store

Run = Callable[..., Result]


@pytest.fixture
def run(home: Path, db_url: str | None, store: Store) -> Run:
    build_demo(store)
    runner = CliRunner()
    base = ["--home", str(home)] + (["--db", db_url] if db_url else [])

    def _run(*args: str, code: int = 0) -> Result:
        result = runner.invoke(cli, [*base, *args], catch_exceptions=False)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return _run


def test_list_names_kind_clock_and_recipient(run: Run) -> None:
    rows = json.loads(run("draft", "2026-0001", "--list", "--json").stdout)
    assert rows[0]["kind"] == "urge_regulator"
    assert rows[0]["clock"] == "regulator_acceptance@2026-10-20"
    assert rows[0]["recipient"] == "杭州市余杭区市场监督管理局"
    plain = run("draft", "2026-0001", "--list").stdout
    assert "督促履职申请书 → 杭州市余杭区市场监督管理局" in plain


def test_write_pdf_and_text(run: Run, tmp_path: Path) -> None:
    pdf, txt = tmp_path / "u.pdf", tmp_path / "u.txt"
    refused = run(
        "draft", "2026-0001", "--kind", "urge_regulator", "--to", "pdf", "-o", str(pdf), code=2
    )
    assert refused.stderr.count("\n") == 1 and "--accept-warnings" in refused.stderr
    assert not pdf.exists()
    run("draft", "2026-0001", "--kind", "urge_regulator", "-o", str(pdf), "--accept-warnings")
    assert pdf.read_bytes().startswith(b"%PDF")
    run(
        "draft",
        "2026-0001",
        "--kind",
        "urge_regulator",
        "--to",
        "text",
        "-o",
        str(txt),
        "--accept-warnings",
    )
    assert "1233010020261020000123" in txt.read_text(encoding="utf-8")
    sheet = run("draft", "2026-0001", "--kind", "urge_regulator", "--check").stdout
    assert "送出前核对" in sheet


def test_sent_then_deadlines_show_its_clock(run: Run) -> None:
    run("draft", "2026-0001", "--kind", "urge_regulator", "--sent", "XA987654321CN")
    clocks = json.loads(run("deadlines", "2026-0001", "--json").stdout)
    mine = [c for c in clocks if c.get("draft_kind") == "urge_regulator"]
    assert len(mine) == 1 and mine[0]["ref"] == "XA987654321CN" and mine[0]["status"] == "open"


@pytest.mark.parametrize(
    "args",
    [
        ("--kind", "seller_demand", "--to", "text"),
        ("--kind", "no_such_kind", "--to", "text"),
        ("--kind", "urge_regulator"),  # a PDF needs -o
    ],
)
def test_errors_are_one_bilingual_line(run: Run, args: tuple[str, ...]) -> None:
    result = run("draft", "2026-0001", *args, code=2)
    assert result.stderr.startswith("错误 error:") and result.stderr.count("\n") == 1
    assert " / " in result.stderr
