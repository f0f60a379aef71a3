"""The text output of ``records inspect`` and ``records trail`` reads for an advocate: Chinese
labels, amounts in one right-aligned column, plain times, the file line behind each figure."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from click.testing import CliRunner

from casework.cli import cli
from casework.demo import build_demo
from casework.store import Store

from .golden import SAMPLES

ALIPAY = SAMPLES / "deg_alipay__2023-format__example-alipay-records.csv"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _amount_ends(lines: list[str]) -> set[int]:
    """Display column where each line's trailing amount ends."""
    return {_width(ln.rstrip()) for ln in lines}


def test_inspect_text() -> None:
    res = CliRunner().invoke(cli, ["records", "inspect", str(ALIPAY)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "支付宝 alipay" in out and "10 笔" in out and "退款 refunds 2 笔" in out
    money = [ln for ln in out.splitlines() if ln.lstrip().startswith(("支出", "收入", "不计收支"))]
    assert [ln.split()[-1] for ln in money] == ["¥211.64", "¥222,228.50", "¥247.37"]
    assert len(_amount_ends(money)) == 1  # one right-aligned column
    assert "2023-01-09 18:21:50 至 2023-07-10 13:20:16" in out and "T18" not in out
    assert "共 66 笔；支出 63 笔 16.54 元" in out and "{" not in out


def test_trail_text(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    store = Store.open(home)
    build_demo(store)
    store.close()
    res = CliRunner().invoke(cli, ["--home", home, "records", "trail", "2026-0001"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    figures = [ln for ln in lines if ln.lstrip().startswith(("已付", "已退", "未退"))]
    assert [ln.split()[-1] for ln in figures] == ["¥1,299.00", "¥200.00", "¥1,099.00"]
    assert len(_amount_ends(figures)) == 1
    assert any("付款 payment" in ln and "alipay_demo.csv 第 32 行" in ln for ln in lines)
    assert any(
        "退款 refund" in ln and "第 27 行" in ln and "2026-10-12 16:45" in ln for ln in lines
    )
    assert "部分退款" in res.stdout and "按订单号" in res.stdout
