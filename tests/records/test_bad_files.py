"""Files that are not bills are named for what they are; bad rows are listed, never dropped."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from casework.cli import cli
from casework.records import RecordsError, inspect
from casework.records.demo import bill_bytes

from .synth import wechat_csv

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BAD = {
    "screenshot.png": (PNG, "PNG"),
    "photo.jpg": (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG"),
    "page.html": ("<!DOCTYPE html><html><body>支付宝</body></html>".encode(), "HTML"),
    "bill.pdf": (b"%PDF-1.7\n...", "PDF"),
    "empty.csv": (b"", "empty"),
    "blank.csv": (b"\n\n  \n", "empty"),
    "cashbook_record.csv": (
        "记账本导出\n记录时间,分类,金额\n2026-01-01,餐饮,12.00\n".encode("gb18030"),
        "记账本",
    ),
    "bill.zip": (None, "zip"),
    "broken.xlsx": (b"PK\x03\x04" + b"\x00" * 40, "damaged"),
    "binary.csv": (b"\x00\x01\x02\x03" * 100, "binary"),
    "notes.txt": ("这只是一段笔记\n没有表头\n".encode(), "unknown"),
}


def _bytes(name: str) -> bytes:
    data, _ = BAD[name]
    if data is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("支付宝交易明细.csv", bill_bytes())
        return buf.getvalue()
    return data


@pytest.mark.parametrize("name", sorted(BAD))
def test_not_a_bill(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(_bytes(name))
    with pytest.raises(RecordsError) as err:
        inspect(path)
    msg = err.value.message()
    assert name in msg and BAD[name][1].lower() in msg.lower()
    assert "\n" not in msg


@pytest.mark.parametrize("name", ["screenshot.png", "page.html", "empty.csv", "bill.zip"])
def test_cli_exit_2_with_one_line(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(_bytes(name))
    res = CliRunner().invoke(cli, ["records", "inspect", str(path), "--json"])
    assert res.exit_code == 2
    assert res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and name in res.stderr


def test_cli_missing_file_exit_2(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["records", "inspect", str(tmp_path / "nope.csv")])
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1


def data_lines(data: bytes, first: int) -> list[int]:
    """Non-blank line numbers from ``first`` on (the data rows of a bill without a footer)."""
    text = data.decode("gb18030", errors="replace")
    return [i for i, ln in enumerate(text.split("\n"), 1) if i >= first and ln.strip(" \t\r,")]


def test_truncated_file_accounts_for_every_line(tmp_path: Path) -> None:
    full = bill_bytes()
    header = (
        full.decode("gb18030")
        .split("\n")
        .index(next(ln for ln in full.decode("gb18030").split("\n") if ln.startswith("交易时间")))
    )
    start = len("\n".join(full.decode("gb18030").split("\n")[: header + 1]).encode("gb18030"))
    for cut in range(start + 5, len(full), 89):
        data = full[:cut]
        path = tmp_path / "cut.csv"
        path.write_bytes(data)
        result = inspect(path)
        seen = sorted([*result.frame["line"].tolist(), *(r.line for r in result.rejected)])
        assert seen == data_lines(data, header + 2), cut


def test_bad_rows_are_rejected_with_line_and_reason(tmp_path: Path) -> None:
    text = bill_bytes().decode("gb18030").split("\n")
    i = next(k for k, ln in enumerate(text) if ln.startswith("2026-10-15"))
    text[i] = text[i].replace("46.30", "四十六")
    text[i + 1] = text[i + 1].replace("2026-10-12", "2026-13-45")
    path = tmp_path / "edited.csv"
    path.write_bytes("\n".join(text).encode("gb18030"))
    result = inspect(path)
    reasons = {r.line: r.reason for r in result.rejected}
    assert set(reasons) == {i + 1, i + 2}
    assert "amount" in reasons[i + 1] and "四十六" in reasons[i + 1]
    assert "time" in reasons[i + 2]
    assert result.rows + len(result.rejected) == 12
    assert any("rejected" in w for w in result.warnings)


def test_excel_resaved_ids_and_times_warn(tmp_path: Path) -> None:
    text = bill_bytes().decode("gb18030").split("\n")
    i = next(k for k, ln in enumerate(text) if ln.startswith("2026-10-15"))
    cells = text[i].split(",")
    cells[0] = "2026/10/15 9:02"
    cells[9] = "2.02610152E+27"
    text[i] = ",".join(cells)
    path = tmp_path / "resaved.csv"
    path.write_bytes("\n".join(text).encode("gb18030"))
    warnings = " ".join(inspect(path).warnings)
    assert "scientific notation" in warnings and "seconds" in warnings


def test_unquoted_comma_in_wechat_counterparty_is_repaired(tmp_path: Path) -> None:
    synth = wechat_csv(5)
    path = tmp_path / synth.name
    path.write_bytes(synth.data)
    frame = inspect(path).frame
    assert frame["counterparty"].str.endswith("CO.,LIMITED").any()


def test_a_cut_last_line_says_the_file_ends_there(tmp_path: Path) -> None:
    full = bill_bytes()
    # Cut inside the two-byte GBK character 声 of the shop's last row: the line is incomplete
    # and the file ends in the middle of a character.
    cut = full.rindex("声悦数码".encode("gb18030")) + 1
    path = tmp_path / "cut.csv"
    path.write_bytes(full[:cut])
    result = inspect(path)
    last = full[:cut].count(b"\n") + 1
    (reason,) = [r.reason for r in result.rejected if r.line == last]
    assert "incomplete download" in reason and "下载不完整" in reason
    # A whole file keeps its reasons plain (nothing is said about an end it does not have).
    path.write_bytes(full)
    assert not any("incomplete" in r.reason for r in inspect(path).rejected)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_damaged_bytes_reject_their_line_only(tmp_path: Path, encoding: str) -> None:
    text = bill_bytes().decode("gb18030").split("\n")
    i = next(k for k, ln in enumerate(text) if ln.startswith("2026-10-15"))
    data = [ln.encode(encoding) for ln in text]
    # Bytes that decode in neither encoding, inside the item text of one row.
    data[i] = data[i].replace("水费".encode(encoding), b"\xff\xfe")
    path = tmp_path / "damaged.csv"
    path.write_bytes(b"\n".join(data))
    result = inspect(path)
    assert [r.line for r in result.rejected] == [i + 1]
    assert "damaged bytes" in result.rejected[0].reason
    assert result.rows + len(result.rejected) == 12


def test_mostly_undecodable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.csv"
    path.write_bytes(b"\n".join(bytes([0xFF, 0x80 + k % 60, 0x41]) * 20 for k in range(40)))
    with pytest.raises(RecordsError):
        inspect(path)
