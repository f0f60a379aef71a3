"""Cells → values, whole columns at once: text without padding, ids, exact money in integer fen
(分) and times in Asia/Shanghai.

Everything here works on whole columns (numpy over the joined bytes, pandas string methods),
because a bill can have a million rows; Decimal appears only at the edges (totals).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

TZ = "Asia/Shanghai"


#: Characters that pad or wrap cells in these exports: spaces, TABs (Excel text marker), the
#: ideographic space, and the BOM.
PAD = " \t\u3000\ufeff\r"


def cell_text(value: Any) -> str:
    """A spreadsheet cell as stripped text ("" for empty)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    return str(value).strip(PAD)


def clean(s: pd.Series) -> pd.Series:
    """Text cells with padding and the Excel TAB marker removed."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return from_categories(s, strip=True)
    return s.astype(str).str.strip(PAD)


def clean_id(s: pd.Series, empty: tuple[str, ...] = ("/",)) -> pd.Series:
    """IDs as text, the file's "empty" markers (``/``) turned into "" (padding already gone)."""
    return s.where(~s.isin(empty), "") if empty else s


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
        # (Excel counts days from 1899-12-30; to the whole second, as the cell displays it)
        stamps = pd.to_datetime((serial[good] * 86400).round(), unit="s", origin="1899-12-30")
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
