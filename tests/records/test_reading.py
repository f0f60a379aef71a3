"""Cell parsing: amounts exact to the fen whatever the text, times in Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.records import inspect
from casework.records.cells import TIME_FORMATS, fen, times
from casework.records.encodings import decode
from casework.records.synthetic import alipay_text, random_rows
from casework.records.tables import _field_counts


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.decimals(
            min_value=Decimal("-9999999999.99"),
            max_value=Decimal("9999999999.99"),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["{}", "¥{}", "￥{:,}", " {} ", "{}元", "CNY {}"]),
)
def test_amounts_are_exact(values: list[Decimal], shape: str) -> None:
    cells = pd.Series([shape.format(v) for v in values], dtype=str)
    got, ok = fen(cells)
    assert ok.all()
    assert got.tolist() == [int(v * 100) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=20))
def test_any_text_gives_fen_or_not_ok(cells: list[str]) -> None:
    got, ok = fen(pd.Series(cells, dtype=str))
    assert len(got) == len(cells) and got.dtype == "int64"
    for text, value, good in zip(cells, got, ok, strict=True):
        if good:
            assert Decimal(value) / 100 == Decimal(
                text.replace("¥", "")
                .replace("￥", "")
                .replace(",", "")
                .replace("，", "")
                .replace("元", "")
                .replace("CNY", "")
                .replace("RMB", "")
                .strip()
                or "x"
            )


def test_amount_shapes() -> None:
    got, ok = fen(
        pd.Series(["1299.00", "１.00", "+10", "-3.90", "0.5", "1.234", "", "¥1,020.00"], dtype=str)
    )
    assert ok.tolist() == [True, False, True, True, True, False, False, True]
    assert got[ok].tolist() == [129900, 1000, -390, 50, 102000]


def test_times_are_shanghai_and_resaved_formats_counted() -> None:
    when, ok, resaved = times(
        pd.Series(["2026-09-28 20:16:27", "2026/9/28 20:16", "bad", ""], dtype=str)
    )
    assert ok.tolist() == [True, True, False, False]
    assert str(when.dt.tz) == "Asia/Shanghai" and resaved == 1
    assert when[0].isoformat() == "2026-09-28T20:16:27+08:00"


def test_decode_bom_gbk_and_cut_character() -> None:
    assert decode("\ufeff交易".encode(), "x") == ("交易", "utf-8-sig")
    assert decode("交易".encode("gb18030"), "x")[1] == "gb18030"
    assert decode("交易".encode("gb18030")[:-1], "x")[0] == "交"


_DIGIT_OR_NOT = st.sampled_from("0123456789") | st.sampled_from("0123456789 :-T/x９")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)).map(
            lambda d: d.strftime("%Y-%m-%d %H:%M:%S")
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 18),
    _DIGIT_OR_NOT,
    st.booleans(),
)
def test_fixed_width_times_agree_with_pandas(
    cells: list[str], at: int, char: str, mutate: bool
) -> None:
    """The numpy fast path for ``YYYY-MM-DD HH:MM:SS`` says what pandas' own parser says, for
    well-formed columns and for columns with one character changed (month 13, a fullwidth
    digit, a T …), which it must leave to the slow path."""
    if mutate:
        cells = [*cells[:-1], cells[-1][:at] + char + cells[-1][at + 1 :]]
    s = pd.Series(cells, dtype=str)
    fast, fast_ok, fast_resaved = times(s)
    # A first format that no cell has sends every cell through the general path.
    slow, slow_ok, slow_resaved = times(s, ("%Y年", *TIME_FORMATS))
    assert fast_ok.tolist() == slow_ok.tolist()
    assert fast[fast_ok].tolist() == slow[slow_ok].tolist()
    assert fast_resaved == slow_resaved


def _reference_widths(body: bytes) -> tuple[list[int], bool]:
    """Fields per physical line, one byte at a time (a comma after an odd number of quotes is
    inside a field, the parity carries over newlines), and whether a space starts or ends a cell
    of a line split at its commas."""
    widths, inside, n = [], False, 1
    for b in body:
        if b == ord('"'):
            inside = not inside
        elif b == ord(","):
            n += 0 if inside else 1
        elif b == ord("\n"):
            widths.append(n)
            n = 1
    if body and not body.endswith(b"\n"):
        widths.append(n)
    lines = body.decode().split("\n")[: len(widths)]
    spaced = any(c[:1] == " " or c[-1:] == " " for ln in lines for c in ln.split(","))
    return widths, spaced


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet='ab, "\n', max_size=80),
    st.integers(0, 10),
    st.sampled_from([1, 2, 3, 7, 1 << 20]),
)
def test_field_counts_by_blocks_match_a_byte_by_byte_count(
    text: str, offset: int, block: int
) -> None:
    """The block scan counts every line's fields as one pass over all the bytes would, quotes
    straddling blocks included, and sees padding wherever a cell has it."""
    body = text.encode()
    start = min(offset, len(body))
    want, spaced = _reference_widths(body[start:])
    got, found_spaced = _field_counts(body, start, len(want), block=block)
    assert got is not None and got.tolist() == want
    if b'"' not in body[start:]:
        assert found_spaced == spaced
    if want:  # a row count that does not match the lines is refused
        assert _field_counts(body, start, len(want) + 1, block=block)[0] is None


def test_one_padded_cell_in_a_million_style_bill_is_still_stripped() -> None:
    """The fast path skips stripping only when no cell anywhere is padded."""
    rows = random_rows(30, seed=5)
    rows[17].item = " 有空格的商品 "
    rows[23].txn_id = rows[23].txn_id + " "
    text = alipay_text(
        rows, start=datetime(2026, 1, 1), end=datetime(2026, 3, 1), exported=datetime(2026, 3, 2)
    )
    got = inspect("bill.csv", data=text.encode("gb18030"))
    assert got.rows == 30 and not got.rejected
    assert got.frame["item"].iloc[17] == "有空格的商品"
    assert got.frame["txn_id"].iloc[23] == rows[23].txn_id.strip()
    clean = alipay_text(
        random_rows(30, seed=5),
        start=datetime(2026, 1, 1),
        end=datetime(2026, 3, 1),
        exported=datetime(2026, 3, 2),
    )
    plain = inspect("bill.csv", data=clean.encode("gb18030"))
    assert plain.frame.drop(columns="file_sha256").equals(
        got.frame.drop(columns="file_sha256").assign(
            item=plain.frame["item"], txn_id=plain.frame["txn_id"]
        )
    )
