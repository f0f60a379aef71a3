"""Text bills → tables: the header found by content, the footer cut off, the rows parsed by
pandas' C parser straight from the bytes (or line by line when it cannot keep one row per line),
and every row's field count as written, so that a row of the wrong width is rejected, never read
shifted."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .cells import PAD
from .encodings import DAMAGED, head_text
from .errors import RecordsError

if TYPE_CHECKING:
    from .base import Bill, Head


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


def header_line(head: Head, test: Callable[[list[str]], bool]) -> str | None:
    """The header line of a text bill's head (the first line whose cells pass ``test``), for an
    importer's ``identify``; ``None`` for a spreadsheet or a head without such a line."""
    if head.kind != "text":
        return None
    h = find_header(head.lines, test)
    return None if h is None else head.lines[h]


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


def _after_line(data: bytes, h: int) -> int:
    """Byte offset just after line ``h`` (0-based)."""
    pos = 0
    for _ in range(h + 1):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return len(data)  # the header is the file's last line, without a newline
        pos = nl + 1
    return pos


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
