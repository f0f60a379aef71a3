"""Reading bills: encodings, finding the header by content, and vectorised cell parsing.

Everything here works on whole columns at once (pandas string methods), because a bill can have a
million rows; Decimal appears only at the edges (totals), amounts are integer fen (分) inside.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .base import Bill, BudgetError, RecordsError, Rejected

TZ = "Asia/Shanghai"

#: Characters that pad or wrap cells in these exports: spaces, TABs (Excel text marker), the
#: ideographic space, and the BOM.
PAD = " \t\u3000\ufeff\r"


#: A damaged text file (a few bytes that decode in no encoding: a bad sector, a botched copy) is
#: still read when its first lines are clean and few of its lines are hit; each hit line is then
#: rejected (U+FFFD marks it). More damage than that, and it is not text in that encoding.
_CLEAN_LINES = 10
_DAMAGED_SHARE = 0.02
DAMAGED = "\ufffd"


def _damaged_text(data: bytes, enc: str, first_error: int) -> str | None:
    if data.count(b"\n", 0, first_error) < _CLEAN_LINES:
        return None  # broken near the top: the wrong encoding, or not text at all
    text = data.decode(enc, errors="replace")
    lines = text.split("\n")
    hit = sum(1 for line in lines if DAMAGED in line)
    return text if hit <= max(2, _DAMAGED_SHARE * len(lines)) else None


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Bytes → text. UTF-8 (with or without BOM) first, then GB18030 (the superset of GBK).

    A file cut in the middle of its last character (a truncated download) still decodes: the
    broken tail is dropped, and its line is then rejected like any other incomplete row. A few
    damaged bytes further down become U+FFFD, and their lines are rejected.
    """
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason.startswith(
                ("unexpected end", "incomplete")
            ):
                return data[: exc.start].decode(enc), enc
            text = _damaged_text(data, enc, exc.start)
            if text is not None:
                return text, enc
    raise RecordsError(
        "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本，可能已损坏",
        "the file is neither UTF-8 nor GBK/GB18030 text; it may be corrupt",
        where=where,
    )


# -- tables -------------------------------------------------------------------------------------


@dataclass
class Table:
    """The data rows of a bill as strings (or raw cells for spreadsheets), one row per line."""

    columns: list[str]
    frame: pd.DataFrame  # columns named as in the file (stripped), plus "_extra" for overflow
    lines: np.ndarray  # 1-based line (CSV) or row (spreadsheet) number of each row
    preamble: list[str]
    footer: list[str]
    extra: pd.Series | None = None  # text of fields beyond the header, "" when none
    #: True: strip every text cell; None: only the columns that have padding; False: no cell
    #: has any (found from the bytes by _field_counts).
    padded: bool | None = True
    scientific: bool = True  # ids may be in scientific notation (check them)
    rejected: list[Rejected] = field(default_factory=list)
    damaged: pd.Series | None = None  # rows holding bytes that did not decode (U+FFFD)
    #: Fields of each row as written (quote-aware), and the header's own field count (its
    #: trailing comma included): a row of another width is rejected, never shifted.
    widths: np.ndarray | None = None
    header_width: int = 0


#: The longest line taken as a header candidate, and the longest data line read.
MAX_HEADER_CHARS = 4096
MAX_LINE_CHARS = 64 * 1024


def find_header(lines: list[str], test: Callable[[list[str]], bool]) -> int | None:
    """Index of the first line whose cells pass ``test`` (cells stripped of padding)."""
    for i, line in enumerate(lines):
        if len(line) > MAX_HEADER_CHARS or not line.strip(PAD + ","):
            continue  # (a header is a few hundred characters; a giant line is never split)
        cells = [c.strip(PAD + '"') for c in _split_line(line)]
        if test(cells):
            return i
    return None


def _split_line(line: str) -> list[str]:
    line = line.lstrip("\ufeff").replace("\r", "")
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # a NUL byte or similar: split plainly, the row will be judged on its cells
        return line.replace("\x00", "").split(",")


def read_text_table(
    bill: Bill,
    header_test: Callable[[list[str]], bool],
    *,
    footer: str | None = None,
    max_header_line: int = 200,
    categorical: tuple[str, ...] = (),
) -> Table:
    """Cut the bill at its header (found by content) and its footer, and parse the rows.

    ``footer`` is a regex matched at the start of a line after the header; the footer and
    everything after it are the file's own notes, not data. Every remaining non-blank line is a
    data row and keeps its 1-based line number.

    Bills without a footer take a fast path: the bytes after the header go straight to the C
    parser (TABs, the Excel text marker, removed first: they are never content), so a
    million-row bill is read about as fast as ``pandas.read_csv`` alone. ``categorical`` names
    columns with few distinct values (收/支, 交易状态 …): they are read as categories, so that
    stripping and mapping them costs one operation per distinct value.
    """
    head, enc = head_text(bill.data, max_header_line)
    h = find_header(head, header_test)
    if h is None:
        raise RecordsError("找不到表头行", "cannot find the header row", where=bill.where)
    header = [c.strip(PAD + '"') for c in _split_line(head[h])]
    columns = list(header)
    while columns and not columns[-1]:
        columns.pop()  # the trailing comma of Alipay headers
    table = None
    if footer is None and enc:
        table = _bytes_table(bill, columns, h, enc, categorical)
    if table is None:
        table = _text_table(bill, columns, h, footer, max_header_line, categorical)
    table.preamble = head[:h]
    table.header_width = len(header)
    return table


def _bytes_table(
    bill: Bill, columns: list[str], h: int, enc: str, categorical: tuple[str, ...]
) -> Table | None:
    """The fast path: the C parser reads the bytes after header line ``h`` in place; None when
    damaged bytes further down send the bill to the exact text path (which reports them per
    line).

    CRLF is fine for the C parser; a stray CR splits a row and sends the file to the line-by-line
    path (the row count no longer matches the lines). TABs go from the whole file (none is ever a
    newline, so line h stays line h) and the parser starts at an offset: no copy of the body is
    made besides the one the replace makes."""
    data = bill.data.replace(b"\t", b"")
    start = _after_line(data, h)
    try:
        body = _parse_body(data, columns, h + 2, enc, categorical, start)
    except UnicodeDecodeError:
        return None
    bill.encoding = enc  # every byte of the body decoded in it
    return Table(
        columns=columns,
        frame=body.frame,
        lines=body.lines,
        preamble=[],
        footer=[],
        extra=body.extra,
        widths=body.widths,
        padded=body.padded,
        # "+" is rare and found by memchr; the two-byte search runs only when it is there.
        scientific=data.find(b"+", start) >= 0 and data.find(b"E+", start) >= 0,
    )


def _text_table(
    bill: Bill,
    columns: list[str],
    h: int,
    footer: str | None,
    max_header_line: int,
    categorical: tuple[str, ...],
) -> Table:
    """The exact path: the decoded text, cut at the footer; damaged lines are marked."""
    text = bill.text
    head = text[:200_000].split("\n", max_header_line)[:max_header_line]
    start = sum(len(line) + 1 for line in head[: h + 1])
    end = len(text)
    if footer is not None:
        m = re.compile(footer, re.M).search(text, start)
        if m is not None:
            end = m.start()
    body_text = text[start:end].replace("\t", "")
    body = _parse_body(body_text, columns, h + 2, None, categorical)
    return Table(
        columns=columns,
        frame=body.frame,
        lines=body.lines,
        preamble=[],
        footer=text[end:].split("\n") if end < len(text) else [],
        extra=body.extra,
        widths=body.widths,
        padded=True,
        scientific=True,
        damaged=_damaged_rows(body) if DAMAGED in body_text else None,
    )


def _damaged_rows(body: _Body) -> pd.Series:
    """Rows with a cell holding U+FFFD (bytes that did not decode)."""
    frame = body.frame
    # By position: a damaged header may repeat a column name.
    cells = [
        frame.iloc[:, i].astype(str).str.contains(DAMAGED, regex=False)
        for i in range(frame.shape[1])
    ]
    if body.extra is not None:
        cells.append(body.extra.str.contains(DAMAGED, regex=False))
    return pd.concat(cells, axis=1).any(axis=1).reset_index(drop=True)


def head_text(data: bytes, n: int) -> tuple[list[str], str]:
    """The first ``n`` lines and the encoding they decode with ("" when neither works)."""
    chunk = data[: 256 * 1024]
    for enc in ("utf-8", "gb18030"):
        try:
            text = chunk.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start >= len(chunk) - 4:
                text = chunk[: exc.start].decode(enc)  # the chunk ends inside a character
            else:
                damaged = _damaged_text(chunk, enc, exc.start)
                if damaged is None:
                    continue
                text = damaged
        return text.lstrip("\ufeff").replace("\r", "").split("\n")[:n], enc
    return [], ""


def _after_line(data: bytes, h: int) -> int:
    """Byte offset just after line ``h`` (0-based)."""
    pos = 0
    for _ in range(h + 1):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return len(data)  # the header is the file's last line, without a newline
        pos = nl + 1
    return pos


def has_padding(s: pd.Series) -> bool:
    """Whether any cell of a text column starts or ends with a space (one C scan of the column
    joined, instead of stripping every cell). Used on the fast path, where TABs are already gone
    and an ideographic space inside Chinese text is content, not padding."""
    cells = s.to_numpy(dtype=object)
    try:
        joined = "\x1f".join(cells)
    except TypeError:
        return True
    # A column without a single space (ids, most item texts) is settled by one memchr.
    return " " in joined and (
        joined.startswith(" ") or joined.endswith(" ") or " \x1f" in joined or "\x1f " in joined
    )


def tidy(s: pd.Series) -> pd.Series:
    """A text column with padding stripped — only if it has any."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return from_categories(s, strip=True)
    s = s if pd.api.types.is_string_dtype(s) else s.astype(str)
    return clean(s) if has_padding(s) else s


def as_text(s: pd.Series) -> pd.Series:
    """A text column of a bill known to have no padding: categories spread as text, nothing
    stripped (a category is still stripped: it costs one operation per distinct value)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return from_categories(s, strip=True)
    return s if pd.api.types.is_string_dtype(s) else s.astype(str)


def from_categories(
    s: pd.Series, *, strip: bool, mapping: dict[str, str] | None = None
) -> pd.Series:
    """A categorical column as text: each distinct value stripped (and mapped) once, then spread
    by code. A value missing from ``mapping`` comes out as NaN."""
    cats = pd.Series(s.cat.categories.astype(str), dtype=str)
    if strip:
        cats = cats.str.strip(PAD)
    values = cats.to_numpy(dtype=object)
    if mapping is not None:
        values = np.array([mapping.get(v, np.nan) for v in values], dtype=object)
    values = np.append(values, "" if mapping is None else mapping.get("", np.nan))
    return pd.Series(values[s.cat.codes.to_numpy()], index=s.index, dtype=str)


def _non_empty(s: pd.Series) -> bool:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return bool((s.cat.categories.astype(str) != "").any())
    cells = s.to_numpy(dtype=object)
    try:
        return bool("".join(cells))
    except TypeError:
        return True


#: Fields beyond the header that the fast parser keeps, so that overflow can be seen and repaired.
_SPARE = 2


@dataclass
class _Body:
    """The data rows of a body as :func:`_parse_body` found them."""

    frame: pd.DataFrame  # the header's columns
    extra: pd.Series | None  # text of the fields beyond the header; None when no row has any
    lines: np.ndarray  # 1-based line of each row
    widths: np.ndarray  # fields of each row as written; -1 when unknown (never taken for wrong)
    padded: bool | None = None  # False: no cell starts or ends with a space (see Table.padded)


def _parse_body(
    body: str | bytes,
    columns: list[str],
    first_line: int,
    enc: str | None,
    categorical: tuple[str, ...] = (),
    start: int = 0,
) -> _Body:
    """Parse the data rows: ``body[start:]`` (an offset, so that a big bill is never copied).

    Returns the rows, the text of fields beyond the header, the line numbers and the number of
    fields each row has as written."""
    names = [*columns, *(f"_x{i}" for i in range(_SPARE))]
    if body[start : start + 65536].strip() or body[start:].strip():
        frame, widths, padded = _parse_rows(body, names, columns, enc, categorical, start)
    else:
        frame = pd.DataFrame({n: pd.Series([], dtype=str) for n in names})
        widths, padded = np.zeros(0, dtype=np.int64), None
    lines = np.arange(first_line, first_line + len(frame))
    extra, has_extra = _overflow(frame[names[len(columns) :]])
    frame = frame[columns] if len(columns) == len(set(columns)) else frame.iloc[:, : len(columns)]
    keep = ~_blank_rows(frame, has_extra)
    if widths is None or len(widths) != len(frame):
        widths = np.full(len(frame), -1, dtype=np.int64)  # unknown: never taken for wrong
    if keep.all():
        return _Body(frame, extra, lines, widths, padded)
    if extra is not None:
        extra = extra.loc[keep].reset_index(drop=True)
    return _Body(frame.loc[keep].reset_index(drop=True), extra, lines[keep], widths[keep], padded)


def _parse_rows(
    body: str | bytes,
    names: list[str],
    columns: list[str],
    enc: str | None,
    categorical: tuple[str, ...],
    start: int,
) -> tuple[pd.DataFrame, np.ndarray | None, bool | None]:
    """The C parser on ``body[start:]``, or the exact line-by-line path when it cannot keep one
    row per line; returns the rows, each row's field count, and False when no cell is padded."""
    dtype: dict[str, Any] = {n: str for n in names}
    if len(set(columns)) == len(columns):
        dtype.update({n: "category" for n in names if n in categorical or n.startswith("_x")})
    nl: Any = "\n" if isinstance(body, str) else b"\n"
    # Without quotes, CRs or NULs every line is one row for the C parser; otherwise count the
    # lines and compare (a quote spanning lines, a stray CR).
    simple = isinstance(body, bytes) and all(body.find(c, start) < 0 for c in (b'"', b"\r", b"\0"))
    ends_open = len(body) > start and not body.endswith(nl)
    n_lines = 0 if simple else body.count(nl, start) + (1 if ends_open else 0)
    frame = _read_csv(body, names, dtype, enc, start)
    if frame is not None and not simple and len(frame) != n_lines:
        frame = None  # a quote spanning lines: parse line by line so numbers stay true
    if frame is None:
        text = body[start:] if isinstance(body, str) else body[start:].decode(enc or "utf-8")
        frame, widths = _parse_lines(text, names)
        return frame, widths, None
    if isinstance(body, bytes):
        counted, spaced = _field_counts(body, start, len(frame))
        return frame, counted, False if simple and not spaced else None
    widths = np.array(
        [len(_split_line(ln)) if ln.strip() else 0 for ln in _physical(body[start:])],
        dtype=np.int64,
    )
    return frame, widths, None


def _read_csv(
    body: str | bytes, names: list[str], dtype: dict[str, Any], enc: str | None, start: int
) -> pd.DataFrame | None:
    """pandas' C parser from offset ``start``; None when it refuses the rows (a row wider than
    the header and its spare fields, a parser warning). Undecodable bytes raise."""
    source = io.StringIO(body) if isinstance(body, str) else io.BytesIO(body)
    source.seek(start)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                source,
                header=None,
                names=names,
                dtype=dtype,
                keep_default_na=False,
                na_values=[],
                skip_blank_lines=False,
                index_col=False,
                engine="c",
                encoding=enc,
            )
    except UnicodeDecodeError:
        raise
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return None


def _overflow(spare: pd.DataFrame) -> tuple[pd.Series | None, np.ndarray]:
    """The text of the fields beyond the header ("\\x1f"-joined; None when no row has any), and
    which rows have some."""
    used = [c for c in spare.columns if _non_empty(spare[c])]
    has_extra = (spare[used] != "").to_numpy().any(axis=1) if used else np.zeros(len(spare), bool)
    if not has_extra.any():
        return None, has_extra
    extra = pd.Series(np.full(len(spare), "", dtype=object))
    extra[has_extra] = [
        "\x1f".join(r).strip("\x1f" + PAD) for r in spare[has_extra].itertuples(index=False)
    ]
    return extra.astype(str), has_extra


def _blank_rows(frame: pd.DataFrame, has_extra: np.ndarray) -> np.ndarray:
    """Blank lines (only spaces and commas) are not data rows; test the first cell, then the rest.
    (A line of spaces only is caught later: its time cannot be read and the row is blank.)"""
    first = frame.iloc[:, 0] if frame.shape[1] else pd.Series([""] * len(frame))
    maybe = (first.to_numpy(dtype=object) == "") & ~has_extra
    blank = np.zeros(len(frame), dtype=bool)
    if maybe.any():
        rest = frame[maybe].apply(lambda col: col.str.strip(PAD + ",") == "").all(axis=1)
        blank[np.flatnonzero(maybe)] = rest.to_numpy()
    return blank


def _field_counts(
    body: bytes, start: int, n_rows: int, block: int = 1 << 20
) -> tuple[np.ndarray | None, bool]:
    """Fields of each physical line of ``body[start:]`` (commas outside quotes, plus one), and
    whether a space borders a cell anywhere (padding, when the body has no quotes).

    The bytes are scanned in blocks of whole lines (``block`` bytes and the rest of the line, so
    that the masks stay in cache instead of allocating arrays the size of the file); in each block the commas before
    every newline are counted by one ``searchsorted``. Quotes are followed only when the body has
    one: a comma after an odd number of quotes is inside a field (``""`` escapes toggle twice),
    and the parity carries from block to block."""
    if start >= len(body):
        return np.zeros(0, dtype=np.int64), False
    quoted = body.find(b'"', start) >= 0
    buf = np.frombuffer(body, dtype=np.uint8, offset=start)
    counts: list[np.ndarray] = []
    inside = spaced = False
    pos, size = 0, len(buf)
    while pos < size:
        nl = body.find(b"\n", start + min(pos + block, size) - 1)
        end = size if nl < 0 else nl - start + 1
        piece = buf[pos:end]
        seps = piece == 44
        if quoted:
            toggled = np.logical_xor.accumulate(piece == 34)
            if inside:
                toggled = ~toggled
            seps &= ~toggled
            inside = bool(toggled[-1])
        elif not spaced:
            spaced = _edge_space(piece)
        before = np.searchsorted(np.flatnonzero(seps), np.flatnonzero(piece == 10))
        counts.append(np.diff(before, prepend=0))
        if piece[-1] != 10:  # a last line without its newline
            counts.append(np.array([np.count_nonzero(seps) - (before[-1] if len(before) else 0)]))
        pos = end
    found = np.concatenate(counts)
    if len(found) != n_rows:
        return None, spaced
    return found.astype(np.int64) + 1, spaced


def _edge_space(block: np.ndarray) -> bool:
    """Whether a space in a block of whole unquoted lines starts or ends a cell: it is first or
    last, or next to a comma or a newline (the one test for padding in every column at once)."""
    at = np.flatnonzero(block == 32)
    if not len(at):
        return False
    if at[0] == 0 or at[-1] == len(block) - 1:
        return True
    near = np.concatenate((block[at - 1], block[at + 1]))
    return bool(((near == 44) | (near == 10)).any())


def _physical(body: str) -> list[str]:
    """The physical lines of a body (no empty piece after a final newline)."""
    return body.split("\n")[: body.count("\n") + (0 if body.endswith("\n") else 1)]


def _parse_lines(body: str, names: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Slow, exact path: every physical line is one row, whatever its quotes."""
    rows = []
    counts = []
    width = len(names)
    for line in _physical(body):
        if len(line) > MAX_LINE_CHARS:
            # A real bill line is a few hundred characters; splitting a megabyte line into a
            # million cells is what exhausts the memory. The row is rejected by its width.
            cells, n = [line[:200]], MAX_LINE_CHARS
        else:
            cells = _split_line(line.rstrip("\r")) if line.strip() else []
            n = len(cells)
        if len(cells) > width:
            cells = [*cells[: width - 1], ",".join(cells[width - 1 :])]
        rows.append(cells + [""] * (width - len(cells)))
        counts.append(n)
    return pd.DataFrame(rows, columns=names, dtype=str), np.array(counts, dtype=np.int64)


def read_excel_table(
    bill: Bill,
    header_test: Callable[[list[str]], bool],
    *,
    footer: Callable[[str], bool] | None = None,
    prefer_sheet: str | None = None,
) -> Table:
    """The first sheet (``prefer_sheet`` first) with a header row found by content."""
    sheets = bill.sheets
    order = sorted(sheets, key=lambda s: s != prefer_sheet)
    for name in order:
        raw = sheets[name]
        cells = [[cell_text(v) for v in row] for row in raw.itertuples(index=False)]
        h = find_header([",".join(c) for c in cells[:200]], header_test)
        if h is None:
            continue
        columns = [c.strip(PAD) for c in cells[h]]
        while columns and not columns[-1]:
            columns.pop()
        body = raw.iloc[h + 1 :, : len(columns)].copy()
        body.columns = columns
        lines = np.asarray(raw.index[h + 1 :]) + 1
        first = body.iloc[:, 0].map(cell_text)
        stop = len(body)
        if footer is not None:
            hits = np.flatnonzero(first.map(footer).to_numpy(dtype=bool))
            if len(hits):
                stop = int(hits[0])
        footer_rows = [",".join(r) for r in cells[h + 1 + stop :]]
        body, lines = body.iloc[:stop], lines[:stop]
        blank = body.map(cell_text).eq("").all(axis=1).to_numpy()
        body = body.loc[~blank].reset_index(drop=True)
        return Table(
            columns=columns,
            frame=body,
            lines=lines[~blank],
            preamble=[",".join(r).strip(",") for r in cells[:h]],
            footer=footer_rows,
        )
    raise RecordsError("表格中找不到表头行", "no sheet has the header row", where=bill.where)


#: What one spreadsheet may hold: rows and columns of a sheet (declared or found), cells in all,
#: and bytes unzipped. A real WeChat year is a few thousand rows of 11 columns; a bank's, the same.
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 256
MAX_CELLS = 4_000_000
MAX_UNZIPPED = 400 * 2**20


def _budget(where: str, zh: str, en: str) -> BudgetError:
    return BudgetError(
        f"表格超出读取上限：{zh}（文件可能已损坏或被改动）",
        f"the spreadsheet is beyond the reading limits: {en} (damaged or altered?)",
        where=where,
    )


def read_sheets(bill: Bill) -> dict[str, pd.DataFrame]:
    """Every sheet as raw cells (row i is spreadsheet row i+1), read within the budgets above.

    A cell written at XFD1048576 must not make a 16,384 × 1,048,576 grid: the cells are
    streamed as they are stored and the sheet's size is checked — declared and as found —
    before anything of that size is allocated. The readers' own warnings (xlrd prints
    ``WARNING ***`` on stdout) are captured, so ``--json`` output stays JSON.
    """
    xls = bill.data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _xls_sheets(bill) if xls else _xlsx_sheets(bill)
    except BudgetError:
        raise
    except Exception as exc:
        raise RecordsError(
            f"表格文件无法打开（已损坏或不是 Excel 文件）: {exc.__class__.__name__}",
            f"the spreadsheet cannot be opened (damaged or not Excel): {exc}",
            where=bill.where,
        ) from exc


def _grid(cells: dict[tuple[int, int], Any], rows: int, cols: int) -> pd.DataFrame:
    """Sparse (row, column) → value cells (0-based) as a dense object frame; empty is NaN."""
    grid = np.full((rows, cols), np.nan, dtype=object)
    for (r, c), v in cells.items():
        grid[r, c] = v
    return pd.DataFrame(grid)


def _check_size(where: str, name: str, rows: int, cols: int) -> None:
    if rows > MAX_SHEET_ROWS:
        raise _budget(
            where,
            f"工作表「{name}」有 {rows} 行，上限 {MAX_SHEET_ROWS} 行",
            f"sheet {name!r} has {rows} rows; the limit is {MAX_SHEET_ROWS}",
        )
    if cols > MAX_SHEET_COLUMNS:
        raise _budget(
            where,
            f"工作表「{name}」有 {cols} 列，上限 {MAX_SHEET_COLUMNS} 列",
            f"sheet {name!r} has {cols} columns; the limit is {MAX_SHEET_COLUMNS}",
        )
    if rows * cols > MAX_CELLS:
        raise _budget(
            where,
            f"工作表「{name}」有 {rows}×{cols} 个单元格，上限 {MAX_CELLS} 个",
            f"sheet {name!r} spans {rows}×{cols} cells; the limit is {MAX_CELLS}",
        )


def _number(v: Any) -> Any:
    """A numeric cell as pandas gives it: an integral float is an int (1.0 → 1)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _xlsx_sheets(bill: Bill) -> dict[str, pd.DataFrame]:
    import zipfile

    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    unzipped = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bill.data)).infolist())
    if unzipped > MAX_UNZIPPED:
        raise _budget(
            bill.where,
            f"解压后 {unzipped // 2**20} MB，上限 {MAX_UNZIPPED // 2**20} MB",
            f"{unzipped // 2**20} MB unzipped; the limit is {MAX_UNZIPPED // 2**20} MB",
        )
    wb = openpyxl.load_workbook(
        io.BytesIO(bill.data), read_only=True, data_only=True, keep_links=False
    )
    out: dict[str, pd.DataFrame] = {}
    try:
        total = 0
        for ws in wb.worksheets:
            name = ws.title
            # The declared <dimension>: refused at once when it is beyond the budget.
            if getattr(ws, "_max_row", None) and getattr(ws, "_max_column", None):
                _check_size(bill.where, name, int(ws._max_row), int(ws._max_column))
            cells: dict[tuple[int, int], Any] = {}
            rows = cols = 0
            with ws._get_source() as src:
                parser = WorkSheetParser(
                    src,
                    ws._shared_strings,
                    data_only=True,
                    epoch=wb.epoch,
                    date_formats=wb._date_formats,
                    timedelta_formats=wb._timedelta_formats,
                )
                for r, row in parser.parse():
                    for cell in row:
                        v = cell["value"]
                        if v is None or v == "" or cell["data_type"] == "e":
                            continue
                        c = int(cell["column"])
                        rows, cols = max(rows, r), max(cols, c)
                        _check_size(bill.where, name, rows, cols)
                        cells[(r - 1, c - 1)] = _number(v)
                    if r > MAX_SHEET_ROWS:
                        _check_size(bill.where, name, r, cols)
            total += rows * cols
            if total > MAX_CELLS:
                _check_size(bill.where, name, total, 1)
            out[str(name)] = _grid(cells, rows, cols)
    finally:
        wb.close()
    return out


def _xls_sheets(bill: Bill) -> dict[str, pd.DataFrame]:
    """BIFF .xls through xlrd, its log (``WARNING *** …``) kept off stdout."""
    import xlrd

    log = io.StringIO()
    book = xlrd.open_workbook(file_contents=bill.data, logfile=log, on_demand=True)
    out: dict[str, pd.DataFrame] = {}
    try:
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            _check_size(bill.where, sheet.name, sheet.nrows, sheet.ncols)
            cells: dict[tuple[int, int], Any] = {}
            rows = cols = 0
            for r in range(sheet.nrows):
                types, values = sheet.row_types(r), sheet.row_values(r)
                for c, (t, v) in enumerate(zip(types, values, strict=False)):
                    if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        continue
                    if t == xlrd.XL_CELL_DATE:
                        try:
                            v = xlrd.xldate.xldate_as_datetime(v, book.datemode)
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            pass  # left a number: the time is then judged as a serial
                    elif t == xlrd.XL_CELL_NUMBER:
                        v = _number(v)
                    elif t == xlrd.XL_CELL_BOOLEAN:
                        v = bool(v)
                    elif v == "":
                        continue
                    cells[(r, c)] = v
                    rows, cols = max(rows, r + 1), max(cols, c + 1)
            out[str(sheet.name)] = _grid(cells, rows, cols)
            book.unload_sheet(i)
    finally:
        book.release_resources()
    return out


def cell_text(value: Any) -> str:
    """A spreadsheet cell as stripped text ("" for empty)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    return str(value).strip(PAD)


# -- columns ------------------------------------------------------------------------------------


def clean(s: pd.Series) -> pd.Series:
    """Text cells with padding and the Excel TAB marker removed."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return from_categories(s, strip=True)
    return s.astype(str).str.strip(PAD)


def clean_id(s: pd.Series, empty: tuple[str, ...] = ("/",)) -> pd.Series:
    """IDs as text, the file's "empty" markers (``/``) turned into "" (padding already gone)."""
    return s.where(~s.isin(empty), "") if empty else s


_SCI = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def scientific_ids(*cols: pd.Series) -> int:
    """How many IDs look like ``4.2E+27`` (an Excel re-save destroyed them)."""
    return int(sum(int(c.str.match(_SCI.pattern).sum()) for c in cols))


_AMOUNT = r"^(?P<sign>[+-]?)(?P<yuan>[0-9]{1,13})(?:\.(?P<cents>[0-9]{0,2}))?$"
_AMOUNT_JUNK = r"[¥￥,，\s元]|CNY|RMB"


_POW10 = 10 ** np.arange(19, dtype=np.int64)


def _fen_ascii(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``"1299.00"``-shaped cells → fen, in a few numpy passes over the joined bytes.

    A cell is taken only if it is 1–13 ASCII digits, a dot and two digits; anything else is
    left (ok False) for the regex path. Integer arithmetic only.
    """
    n = len(cells)
    none = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    if not n or not all(isinstance(c, str) for c in cells[:1]):
        return none
    try:
        raw = "\n".join(cells).encode("ascii")
    except (UnicodeEncodeError, TypeError):
        return none
    buf = np.frombuffer(raw, dtype=np.uint8)
    ends = np.append(np.flatnonzero(buf == 10), len(buf))
    if len(ends) != n:  # a cell held a newline: leave it all to the regex path
        return none
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts
    ok = (lengths >= 4) & (lengths <= 16)
    if not ok.any():
        return none
    # Gather column by column from the right: cents, the dot, then the yuan digits.
    last = np.where(ok, ends, 3)  # a harmless index for the cells already refused
    cents = np.zeros(n, dtype=np.int64)
    for back, weight in ((1, 1), (2, 10)):
        d = buf[last - back].astype(np.int64) - 48
        ok &= (d >= 0) & (d <= 9)
        cents += d * weight
    ok &= buf[last - 3] == 46
    yuan = np.zeros(n, dtype=np.int64)
    width = lengths - 3  # digits before the dot
    for j in range(int(width[ok].max(initial=0))):
        inside = ok & (width > j)
        d = buf[np.where(inside, last - 4 - j, 0)].astype(np.int64) - 48
        ok &= ~inside | ((d >= 0) & (d <= 9))
        yuan += np.where(inside, d, 0) * _POW10[j]
    return np.where(ok, yuan * 100 + cents, 0), ok


def fen(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Amount text → (integer fen, ok mask). Exact: no float is ever involved.

    The common shape ``123.45`` takes a numpy fast path; everything else (``¥1,234.5``,
    `` 12.00 ``, ``+10``, ``-3.90``) goes through one regex.
    """
    out, ok, _ = fen_detail(s)
    return out, ok


def fen_detail(s: pd.Series) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """:func:`fen`, plus which cells had the plain ``123.45`` shape (no sign, no separator)."""
    s = s.astype(str)
    out = pd.Series(np.zeros(len(s), dtype=np.int64), index=s.index)
    ok = pd.Series(np.zeros(len(s), dtype=bool), index=s.index)
    if not len(s):
        return out, ok, np.zeros(0, dtype=bool)
    values, good = _fen_ascii(s.to_numpy(dtype=object))
    plain = good.copy()
    out[good] = values[good]
    ok[good] = True
    rest = ~ok
    if rest.any():
        cleaned = s[rest].str.replace(_AMOUNT_JUNK, "", regex=True)
        m = cleaned.str.extract(_AMOUNT)
        good = m["yuan"].notna()
        if good.any():
            g = m[good]
            yuan = pd.to_numeric(g["yuan"]).astype(np.int64)
            cents = pd.to_numeric(g["cents"].fillna("").str.ljust(2, "0")).astype(np.int64)
            sign = np.where(g["sign"] == "-", -1, 1)
            out[g.index] = sign * (yuan * 100 + cents)
            ok[g.index] = True
    return out, ok, plain


def fen_cells(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Spreadsheet cells → fen. Numeric cells are exact to the cent by the file's own format
    (``\\¥#,##0.00``), so they are rounded to whole fen once, here, and never summed as float."""
    numeric = s.map(
        lambda v: (
            isinstance(v, int | float)
            and not isinstance(v, bool)
            and not (isinstance(v, float) and np.isnan(v))
        )
    )
    out, ok = fen(s.map(cell_text).where(~numeric, ""))
    if numeric.any():
        vals = pd.to_numeric(s[numeric], errors="coerce")
        finite = np.isfinite(vals) & (vals.abs() < 1e13)
        out[finite[finite].index] = np.round(vals[finite] * 100).astype(np.int64)
        ok[finite[finite].index] = True
    return out, ok


TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d %H:%M:%S",
    "%Y%m%d %H%M%S",
    "%Y%m%d",
)
#: Formats an Excel re-save produces (seconds lost): parsed, with a warning.
RESAVED = {"%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"}


#: Byte positions of ``YYYY-MM-DD HH:MM:SS`` that hold digits, and the separators between them.
_ISO_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
_ISO_SEPS = {4: ord("-"), 7: ord("-"), 10: ord(" "), 13: ord(":"), 16: ord(":"), 19: ord("\n")}


def _iso_seconds(cells: np.ndarray) -> np.ndarray | None:
    """``YYYY-MM-DD HH:MM:SS`` cells → ``datetime64[s]``, or None unless *every* cell has exactly
    that shape and is a real date and time (then the pandas path below judges each cell).

    The cells are joined once and checked as a fixed-width byte matrix; numpy's own ISO parser
    does the calendar (it refuses 2026-02-30 and 23:59:60, which sends the column to pandas).
    """
    n = len(cells)
    try:
        raw = ("\n".join(cells) + "\n").encode("ascii")
    except (UnicodeEncodeError, TypeError):
        return None
    if not n or len(raw) != 20 * n:
        return None
    grid = np.frombuffer(raw, dtype=np.uint8).reshape(n, 20)
    if not ((grid[:, _ISO_DIGITS] - 48) <= 9).all() or any(
        (grid[:, i] != c).any() for i, c in _ISO_SEPS.items()
    ):
        return None
    iso = grid[:, :19].copy()
    iso[:, 10] = ord("T")
    try:
        return iso.view("S19").ravel().astype("datetime64[s]")
    except ValueError:
        return None


_TIME_SHAPE = (
    r"^\d{4}(?:[-/]\d{1,2}[-/]\d{1,2}|\d{4})"
    r"(?:\s+(?P<h>\d{1,2}):?(?P<m>\d{2})(?::?(?P<s>\d{2}))?)?$"
)


def _time_shaped(s: pd.Series) -> pd.Series:
    """Cells that are a date, or a date and a time of day no later than 23:59:59 (no words, no
    leap second)."""
    m = s.str.strip(PAD).str.replace(r"\s+", " ", regex=True).str.extract(_TIME_SHAPE)
    shaped = m.notna().any(axis=1) | s.str.strip(PAD).str.fullmatch(r"\d{4}([-/]?\d{1,2}){2}")
    h, mi, sec = (pd.to_numeric(m[k], errors="coerce").fillna(0) for k in ("h", "m", "s"))
    return shaped.fillna(False).astype(bool) & (h <= 23) & (mi <= 59) & (sec <= 59)


#: The years a bill row may fall in; outside them a time is a typo or a damaged cell.
YEARS = (1990, 2100)


def times(
    s: pd.Series, formats: tuple[str, ...] = TIME_FORMATS
) -> tuple[pd.Series, pd.Series, int]:
    """Text → aware Asia/Shanghai times, trying each format on what is still unparsed.

    The first format is tried on the raw cells (the common case, no copying); what fails is
    stripped and tried against the others. Returns (times, ok mask, rows in a format an Excel
    re-save produces).
    """
    s = s.astype(str)
    fast = _iso_seconds(s.to_numpy(dtype=object)) if formats[0] == TIME_FORMATS[0] else None
    if fast is not None:  # the common case: every cell as the exports write it
        naive = pd.Series(fast.astype("datetime64[us]"), index=s.index)
        aware = naive.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
        return aware, aware.notna(), 0
    # pandas reads "now" and "today" as the moment of import whatever the format, and rolls
    # 23:59:60 into the next day: only cells shaped like a date (and time) are parsed at all.
    s = s.where(_time_shaped(s), "")
    result = pd.to_datetime(s, format=formats[0], errors="coerce").astype("datetime64[us]")
    todo = result.isna() & (s != "")
    resaved = 0
    if todo.any():
        rest = s[todo].str.strip(PAD).str.replace(r"\s+", " ", regex=True)
        for fmt in formats:
            if rest.empty:
                break
            parsed = pd.to_datetime(rest, format=fmt, errors="coerce")
            hit = parsed.notna()
            if hit.any():
                result[hit[hit].index] = parsed[hit]
                if fmt in RESAVED:
                    resaved += int(hit.sum())
                rest = rest[~hit]
    ok = result.notna()
    aware = result.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
    return aware, ok & aware.notna(), resaved


def excel_times(s: pd.Series) -> tuple[pd.Series, pd.Series, int]:
    """Spreadsheet time cells: datetime, Excel serial number (1899-12-30 origin) or text."""
    is_dt = s.map(
        lambda v: (
            isinstance(v, pd.Timestamp | np.datetime64)
            or (hasattr(v, "year") and hasattr(v, "hour"))
        )
    )
    is_num = s.map(
        lambda v: (
            isinstance(v, int | float)
            and not isinstance(v, bool)
            and not (isinstance(v, float) and np.isnan(v))
        )
    )
    text = s.map(cell_text).where(~(is_dt | is_num), "")
    out, ok, resaved = times(text)
    if is_dt.any():
        naive = pd.to_datetime(s[is_dt].map(lambda v: pd.Timestamp(v).tz_localize(None)))
        out[is_dt[is_dt].index] = naive.dt.tz_localize(TZ)
        ok[is_dt[is_dt].index] = True
    if is_num.any():
        serial = pd.to_numeric(s[is_num], errors="coerce")
        good = serial.between(1, 2958465)  # Excel's valid date range
        stamps = pd.to_datetime("1899-12-30") + pd.to_timedelta(
            (serial[good] * 86400).round(), unit="s"
        )
        out[good[good].index] = stamps.dt.tz_localize(TZ)
        ok[good[good].index] = True
    return out, ok, resaved


def card_last4(method: pd.Series) -> pd.Series:
    """``交通银行信用卡(7449)`` → ``7449`` (the key for joining with bank statements).

    A bill names few payment methods: the pattern runs once per distinct value (the categories,
    when the column was read as one).
    """
    if isinstance(method.dtype, pd.CategoricalDtype):
        codes, uniques = method.cat.codes.to_numpy(), method.cat.categories.astype(str)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(uniques), codes)
            uniques = uniques.append(pd.Index([""]))
    else:
        codes, uniques = pd.factorize(method)
    found = pd.Series(uniques, dtype=str).str.extract(r"\((\d{4})\)", expand=False).fillna("")
    picked = found.to_numpy(dtype=object)[codes] if len(found) else np.array([], dtype=object)
    return pd.Series(picked, index=method.index, dtype=str)


# -- the file's own summary ---------------------------------------------------------------------

_COUNT = re.compile(r"共[：:]?\s*(\d+)\s*笔记录")
_DIRS = {
    "收入": "in",
    "已收入": "in",
    "支出": "out",
    "已支出": "out",
    "不计收支": "neutral",
    "中性交易": "neutral",
    "其他": "neutral",
}
_LINE = re.compile(
    r"^(收入|已收入|支出|已支出|不计收支|中性交易|其他)[：:]\s*([0-9x]+)笔"
    r"(?:\(含[^)]*\))?[\s,，]*([0-9.,x]+)元"
)


def declared_summary(lines: list[str]) -> dict[str, Any]:
    """``共N笔记录``, ``收入：N笔 X元`` … as the file states them (amounts as text, exact)."""
    out: dict[str, Any] = {}
    for raw in lines:
        line = raw.strip(PAD + ",")
        m = _COUNT.search(line)
        if m and "count" not in out:
            out["count"] = int(m.group(1))
            continue
        m = _LINE.match(line)
        if m:
            key = _DIRS[m.group(1)]
            if key not in out:
                out[key] = {"count": m.group(2), "amount": m.group(3)}
    return out


def period_from(frame: pd.DataFrame) -> dict[str, str | None]:
    if frame.empty:
        return {"start": None, "end": None}
    t = frame["time"]
    return {"start": t.min().isoformat(), "end": t.max().isoformat()}
