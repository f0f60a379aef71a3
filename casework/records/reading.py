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

from .base import Bill, RecordsError, Rejected

TZ = "Asia/Shanghai"

#: Characters that pad or wrap cells in these exports: spaces, TABs (Excel text marker), the
#: ideographic space, and the BOM.
PAD = " \t\u3000\ufeff\r"


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Bytes → text. UTF-8 (with or without BOM) first, then GB18030 (the superset of GBK).

    A file cut in the middle of its last character (a truncated download) still decodes: the
    broken tail is dropped, and its line is then rejected like any other incomplete row.
    """
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason.startswith(
                ("unexpected end", "incomplete")
            ):
                return data[: exc.start].decode(enc), enc
            continue
    raise RecordsError(
        "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本，可能已损坏",
        "the file is neither UTF-8 nor GBK/GB18030 text; it may be corrupt",
        where=where,
    )


def head_lines(data: bytes, n: int) -> list[str]:
    """The first ``n`` decoded lines, for ``identify`` (a cut multi-byte char is tolerated)."""
    chunk = data[: 64 * 1024]
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = chunk.decode(enc)
            break
        except UnicodeDecodeError as exc:
            # The chunk may end in the middle of a character: accept an error in the last bytes.
            if exc.start >= len(chunk) - 4:
                text = chunk[: exc.start].decode(enc)
                break
    else:
        return []
    return text.split("\n")[:n]


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
    rejected: list[Rejected] = field(default_factory=list)


def find_header(lines: list[str], test: Callable[[list[str]], bool]) -> int | None:
    """Index of the first line whose cells pass ``test`` (cells stripped of padding)."""
    for i, line in enumerate(lines):
        if not line.strip(PAD + ","):
            continue
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
) -> Table:
    """Cut the bill at its header (found by content) and its footer, and parse the rows.

    ``footer`` is a regex matched at the start of a line after the header; the footer and
    everything after it are the file's own notes, not data. Every remaining non-blank line is a
    data row and keeps its 1-based line number.
    """
    text = bill.text
    head = text[:200_000].split("\n", max_header_line)[:max_header_line]
    h = find_header(head, header_test)
    if h is None:
        raise RecordsError("找不到表头行", "cannot find the header row", where=bill.where)
    columns = [c.strip(PAD + '"') for c in _split_line(head[h])]
    while columns and not columns[-1]:
        columns.pop()  # the trailing comma of Alipay headers
    start = sum(len(line) + 1 for line in head[: h + 1])
    end = len(text)
    if footer is not None:
        m = re.compile(footer, re.M).search(text, start)
        if m is not None:
            end = m.start()
    body = text[start:end]
    footer_lines = text[end:].split("\n") if end < len(text) else []
    frame, extra, lines = _parse_body(body, columns, first_line=h + 2)
    return Table(
        columns=columns,
        frame=frame,
        lines=lines,
        preamble=head[:h],
        footer=footer_lines,
        extra=extra,
    )


#: Fields beyond the header that the fast parser keeps, so that overflow can be seen and repaired.
_SPARE = 6


def _parse_body(
    body: str, columns: list[str], first_line: int
) -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    names = [*columns, *(f"_x{i}" for i in range(_SPARE))]
    n_lines = body.count("\n") + (1 if body and not body.endswith("\n") else 0)
    frame: pd.DataFrame | None = None
    if body.strip():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(
                    io.StringIO(body),
                    header=None,
                    names=names,
                    dtype=str,
                    keep_default_na=False,
                    na_values=[],
                    skip_blank_lines=False,
                    index_col=False,
                    engine="c",
                )
        except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
            frame = None
        if frame is not None and len(frame) != n_lines:
            frame = None  # a quote spanning lines: parse line by line so numbers stay true
        if frame is None:
            frame = _parse_lines(body, names)
    else:
        frame = pd.DataFrame({n: pd.Series([], dtype=str) for n in names})
    lines = np.arange(first_line, first_line + len(frame))
    spare = [n for n in names if n.startswith("_x")]
    extra = (
        frame[spare].astype(str).agg("\x1f".join, axis=1).str.strip("\x1f" + PAD)
        if len(frame)
        else pd.Series([], dtype=str)
    )
    frame = frame[columns] if len(columns) == len(set(columns)) else frame.iloc[:, : len(columns)]
    blank = frame.apply(lambda s: s.str.strip(PAD + ",") == "").all(axis=1) & (extra == "")
    keep = ~blank.to_numpy()
    return (
        frame.loc[keep].reset_index(drop=True),
        extra.loc[keep].reset_index(drop=True),
        lines[keep],
    )


def _parse_lines(body: str, names: list[str]) -> pd.DataFrame:
    """Slow, exact path: every physical line is one row, whatever its quotes."""
    rows = []
    width = len(names)
    for line in body.split("\n")[: body.count("\n") + (0 if body.endswith("\n") else 1)]:
        cells = _split_line(line.rstrip("\r")) if line.strip() else []
        if len(cells) > width:
            cells = [*cells[: width - 1], ",".join(cells[width - 1 :])]
        rows.append(cells + [""] * (width - len(cells)))
    return pd.DataFrame(rows, columns=names, dtype=str)


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


def read_sheets(bill: Bill) -> dict[str, pd.DataFrame]:
    """Every sheet as raw cells (``header=None, dtype=object``); row i is spreadsheet row i+1."""
    engine = "xlrd" if bill.data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" else "openpyxl"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheets = pd.read_excel(
                io.BytesIO(bill.data), sheet_name=None, header=None, dtype=object, engine=engine
            )
    except Exception as exc:
        raise RecordsError(
            f"表格文件无法打开（已损坏或不是 Excel 文件）: {exc.__class__.__name__}",
            f"the spreadsheet cannot be opened (damaged or not Excel): {exc}",
            where=bill.where,
        ) from exc
    return {str(k): v for k, v in sheets.items()}


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
    return s.astype(str).str.strip(PAD)


def clean_id(s: pd.Series, empty: tuple[str, ...] = ("/",)) -> pd.Series:
    """IDs as text: TABs and padding gone, the file's "empty" markers (``/``) turned into ""."""
    out = clean(s)
    if empty:
        out = out.where(~out.isin(empty), "")
    return out


_SCI = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def scientific_ids(*cols: pd.Series) -> int:
    """How many IDs look like ``4.2E+27`` (an Excel re-save destroyed them)."""
    return int(sum(int(c.str.match(_SCI.pattern).sum()) for c in cols))


_AMOUNT = r"^(?P<sign>[+-]?)(?P<yuan>\d{1,13})(?:\.(?P<cents>\d{0,2}))?$"
_AMOUNT_JUNK = r"[¥￥,，\s元]|CNY|RMB"


def fen(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Amount text → (integer fen, ok mask). Exact: no float is ever involved.

    The common shape ``123.45`` takes a fast path (drop the dot, read an integer); everything else
    (``¥1,234.5``, ``+10``, ``-3.90``) goes through one regex.
    """
    s = s.astype(str)
    out = pd.Series(np.zeros(len(s), dtype=np.int64), index=s.index)
    ok = pd.Series(np.zeros(len(s), dtype=bool), index=s.index)
    if not len(s):
        return out, ok
    fast = s.str.fullmatch(r"\d{1,13}\.\d\d")
    if fast.any():
        out[fast] = pd.to_numeric(s[fast].str.replace(".", "", regex=False)).astype(np.int64)
        ok[fast] = True
    rest = ~fast
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
    return out, ok


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
    "%Y%m%d",
)
#: Formats an Excel re-save produces (seconds lost): parsed, with a warning.
RESAVED = {"%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S"}


def times(
    s: pd.Series, formats: tuple[str, ...] = TIME_FORMATS
) -> tuple[pd.Series, pd.Series, int]:
    """Text → aware Asia/Shanghai times, trying each format on what is still unparsed.

    Returns (times, ok mask, number of rows in a format an Excel re-save produces).
    """
    s = s.astype(str).str.strip(PAD).str.replace(r"\s+", " ", regex=True)
    result = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    resaved = 0
    todo = pd.Series(True, index=s.index)
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(s[todo], format=fmt, errors="coerce")
        hit = parsed.notna()
        if hit.any():
            result[hit[hit].index] = parsed[hit]
            if fmt in RESAVED:
                resaved += int(hit.sum())
            todo[hit[hit].index] = False
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
    """``交通银行信用卡(7449)`` → ``7449`` (the key for joining with bank statements)."""
    return method.str.extract(r"\((\d{4})\)", expand=False).fillna("")


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
