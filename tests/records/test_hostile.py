"""Hostile bills (#18): read exactly or reject with the reason, and read within a budget.

Each test is one repro from the attack on the importers, as its input: before the fix it was
misread, crashed with a traceback, or ran the machine out of time and memory.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from casework.cli import cli
from casework.records import ColumnMapping, RecordsError, inspect
from casework.records.errors import BudgetError
from casework.records.synthetic import alipay_text, random_rows

from .golden import SAMPLES

WECHAT_XLSX = SAMPLES / "deg_wechat__example-wechat-records__2025-xlsx-format__at-d93c79d~1.xlsx"
CCB_XLS = SAMPLES / "deg_ccb__交易明细_xxxx_2025xxxx_2025xxxx.xls"


def _alipay_lines(n: int = 4) -> tuple[list[str], int]:
    text = alipay_text(
        random_rows(n, seed=3),
        start=datetime(2026, 1, 1),
        end=datetime(2026, 3, 1),
        exported=datetime(2026, 3, 2),
    )
    lines = text.split("\n")
    return lines, next(i for i, ln in enumerate(lines) if ln.startswith("交易时间"))


def _set(lines: list[str], i: int, column: int, value: str) -> None:
    cells = lines[i].split(",")
    cells[column] = value
    lines[i] = ",".join(cells)


def _read(lines: list[str]):  # type: ignore[no-untyped-def]
    data = "\n".join(lines).encode("gb18030")
    return inspect("bill.csv", data=data, name="bill.csv")


def test_unquoted_thousands_separator_is_rejected_not_shifted() -> None:
    """``1,234.56`` unquoted in 金额 was read as ¥1.00, 收/付款方式 = ``234.56``, 交易订单号 =
    ``交易成功``: a row with one field too many is now rejected and names its width."""
    lines, h = _alipay_lines()
    before = _read(lines)
    _set(lines, h + 1, 6, "1,234.56")
    after = _read(lines)
    assert [r.line for r in after.rejected] == [h + 2]
    assert "14" in after.rejected[0].reason and "fields" in after.rejected[0].reason
    assert after.rows == before.rows - 1
    # Every other row is exactly as before.
    cols = [c for c in before.frame.columns if c != "file_sha256"]
    assert after.frame[cols].equals(before.frame[cols].iloc[1:].reset_index(drop=True))


def test_a_lost_comma_is_rejected_too() -> None:
    lines, h = _alipay_lines()
    lines[h + 1] = lines[h + 1].replace(",", "", 1)  # 交易时间 and 交易分类 merged
    out = _read(lines)
    assert [r.line for r in out.rejected] == [h + 2]


@pytest.mark.parametrize(
    "cell",
    [
        "2026-12-31 23:59:60",  # became 2027-01-01 00:00
        "9999-12-31 23:59:60",  # a traceback
        "now",  # became the moment of import
        "today",
        "2026-02-30 10:00:00",
        "2026-01-01 24:00:00",
        "9999-12-31 23:59:59",  # a real time, but no bill row is dated then
        "1900-01-01 00:00:00",
    ],
)
def test_times_are_validated(cell: str) -> None:
    lines, h = _alipay_lines()
    _set(lines, h + 1, 0, cell)
    out = _read(lines)
    assert [r.line for r in out.rejected] == [h + 2]
    assert repr(cell) in out.rejected[0].reason


def test_header_as_the_last_line_without_newline() -> None:
    """Was ``ValueError: subsection not found``: now a bill of no rows that says so."""
    lines, h = _alipay_lines()
    out = _read(lines[: h + 1])
    assert out.rows == 0 and out.rejected == []
    assert any("没有交易行" in w for w in out.warnings)


def test_cli_header_only_file_is_clean(tmp_path: Path) -> None:
    lines, h = _alipay_lines()
    path = tmp_path / "header.csv"
    path.write_bytes("\n".join(lines[: h + 1]).encode("gb18030"))
    res = CliRunner().invoke(cli, ["records", "inspect", "--json", str(path)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["rows"] == 0


def _far_cell_xlsx(base: Path | None = None) -> bytes:
    wb = openpyxl.load_workbook(base) if base else openpyxl.Workbook()
    ws = wb["Sheet1"] if base else wb.active
    ws["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("base", [None, WECHAT_XLSX], ids=["tiny", "wechat"])
def test_one_cell_at_xfd1048576_is_refused_at_once(base: Path | None) -> None:
    """A 1.4 KB xlsx with one cell at XFD1048576 ran 113 s and past 10 GiB."""
    data = _far_cell_xlsx(base)
    t0 = time.perf_counter()
    with pytest.raises(BudgetError) as err:
        inspect("far.xlsx", data=data, name="far.xlsx")
    assert time.perf_counter() - t0 < 10
    assert "far.xlsx" in err.value.message() and "limit" in err.value.message()


def test_two_million_rows_are_refused_by_the_declared_dimension() -> None:
    from casework.records.sheets import MAX_SHEET_ROWS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "交易时间"
    ws.cell(row=MAX_SHEET_ROWS + 5, column=1, value="2026-01-01 00:00:00")
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(BudgetError):
        inspect("tall.xlsx", data=buf.getvalue(), name="tall.xlsx")


def test_special_files_are_refused_by_type(tmp_path: Path) -> None:
    """``records inspect /dev/zero`` grew without bound; a FIFO hung for ever."""
    fifo = tmp_path / "bill.csv"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        with pytest.raises(RecordsError) as err:
            inspect(path)
        assert "regular file" in err.value.message()
        res = CliRunner().invoke(cli, ["records", "inspect", path])
        assert res.exit_code == 2 and "Traceback" not in res.output


def test_a_bill_beyond_the_size_budget_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.records import base

    monkeypatch.setattr(base, "MAX_BILL_BYTES", 1000)
    monkeypatch.setattr(base.read_bounded, "__defaults__", (1000,))
    monkeypatch.setattr(base.check_size, "__defaults__", (1000,))
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(BudgetError) as err:
        inspect(path)
    assert "big.csv" in err.value.message()


def test_xlrd_warnings_never_reach_stdout(tmp_path: Path) -> None:
    """A damaged .xls made xlrd print ``WARNING ***`` on stdout, so ``--json`` was not JSON."""
    path = tmp_path / "damaged.xls"
    path.write_bytes(CCB_XLS.read_bytes() + b"\x00" * 100)  # not 512 + a multiple of sectors
    res = CliRunner().invoke(cli, ["records", "inspect", "--json", str(path)])
    assert "WARNING" not in res.stdout
    if res.exit_code == 0:
        json.loads(res.stdout)
    else:
        assert res.exit_code == 2


def test_mapping_with_labels_as_a_string_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(
        json.dumps(
            {
                "header": "日期",
                "time": "日期",
                "amount": "金额",
                "direction": "方向",
                "labels": "支出=out",
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(RecordsError) as err:
        ColumnMapping.load(path)
    assert "labels" in err.value.message() and "\n" not in err.value.message()
    res = CliRunner().invoke(cli, ["records", "inspect", "--mapping", str(path), str(path)])
    assert res.exit_code == 2 and "Traceback" not in res.output


_BOUNDED = r"""
import resource, sys, time
from casework.errors import CaseworkError
from casework.records import inspect
t0 = time.perf_counter()
try:
    inspect(sys.argv[1])
except CaseworkError:
    pass
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_a_one_million_field_line_stays_small(tmp_path: Path) -> None:
    """A 1 MB CSV with one 1M-field line: read in bounded time and memory, and the line is
    rejected (it was kept as a JD row, its million empty fields unseen)."""
    jd = SAMPLES / "deg_jd__example-jd-records.csv"
    lines = jd.read_bytes().decode("utf-8-sig").split("\n")
    h = next(i for i, ln in enumerate(lines) if ln.startswith("交易时间"))
    lines.insert(h + 2, lines[h + 1].rstrip("\r") + "," * 1_000_000)
    path = tmp_path / "wide.csv"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    res = subprocess.run(
        [sys.executable, "-c", _BOUNDED, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert res.returncode == 0, res.stderr
    seconds, mb = res.stdout.split()
    assert float(seconds) < 30 and int(mb) < 700, res.stdout
    out = inspect(path)
    assert [r.line for r in out.rejected] == [h + 3]
    assert out.rows == inspect(jd).rows
