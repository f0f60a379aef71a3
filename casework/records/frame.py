"""The canonical transaction frame (标准交易表) and its schema check.

One row per transaction in any bill. Money is integer fen (``amount_fen``, int64) — exact, never
float; :func:`with_decimal` adds a Decimal ``amount`` column for people. IDs are text. ``time`` is
aware Asia/Shanghai. ``direction`` is the file's own label mapped to out / in / neutral
(支出 / 收入 / 不计收支·中性交易·其他). ``line`` is the 1-based line (CSV) or row (spreadsheet).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CaseworkError
from ..money import from_fen

#: Column → kind, in order. "text" columns are str, never NaN.
COLUMNS: dict[str, str] = {
    "source": "text",
    "time": "time",
    "direction": "direction",
    "amount_fen": "fen",
    "counterparty": "text",
    "item": "text",
    "status": "text",
    "txn_id": "text",
    "merchant_order_id": "text",
    "method": "text",
    "card_last4": "text",
    "category": "text",
    "is_refund": "bool",
    "refund_of": "text",
    "file_sha256": "text",
    "line": "int",
}
DIRECTIONS = ("out", "in", "neutral")


class SchemaError(CaseworkError):
    """A frame that breaks the canonical schema — a bug in an importer, reported in full."""


def constant(value: Any, n: int) -> pd.Series:
    """``n`` copies of one value; text repeats one str (a take, no per-cell check)."""
    if isinstance(value, str):
        return pd.Series([value], dtype=str).take(np.zeros(n, dtype=np.intp)).reset_index(drop=True)
    return pd.Series(np.full(n, value))


def build(n: int, values: dict[str, Any]) -> pd.DataFrame:
    """A canonical frame of ``n`` rows; missing text columns are "" and missing flags False.

    Series that already have the right dtype are taken as they are (no copy of a million cells).
    """
    index = pd.RangeIndex(n)
    data: dict[str, pd.Series] = {}
    for col, kind in COLUMNS.items():
        v = values.get(col)
        if v is None:
            v = {"bool": False, "int": 0, "fen": 0}.get(kind, "")
        if isinstance(v, pd.Series):
            v = v.reset_index(drop=True) if not v.index.equals(index) else v
        elif np.isscalar(v) or isinstance(v, str):
            v = constant(v, n)
        else:
            v = pd.Series(v, index=index)
        if kind in ("text", "direction") and not (
            pd.api.types.is_string_dtype(v) and v.dtype != object
        ):
            v = v.astype(str)
        elif kind in ("fen", "int") and v.dtype != np.int64:
            v = v.astype(np.int64)
        elif kind == "bool" and v.dtype != bool:
            v = v.astype(bool)
        data[col] = v
    return pd.DataFrame(data, index=index, copy=False)


def empty() -> pd.DataFrame:
    return build(0, {"time": pd.Series([], dtype="datetime64[us, Asia/Shanghai]")})


@dataclass
class Failure:
    column: str
    check: str
    rows: list[int]


def _all_text(s: pd.Series) -> bool:
    """True when every cell is a str (one C-level join; a NaN or number makes it fail)."""
    try:
        "".join(s.to_numpy(dtype=object))
    except TypeError:
        return False
    return True


def validate(frame: pd.DataFrame) -> pd.DataFrame:
    """Check every column at once (lazy, like pandera) and raise one error listing all failures."""
    failures: list[Failure] = []
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"交易表缺少列: {missing}", f"transaction frame lacks columns: {missing}")
    for col, kind in COLUMNS.items():
        s = frame[col]
        if kind in ("text", "direction"):
            if not (pd.api.types.is_string_dtype(s) or s.dtype == object):
                failures.append(Failure(col, f"dtype {s.dtype} is not text", []))
                continue
            if kind == "direction":
                bad = ~s.isin(DIRECTIONS)
            elif pd.api.types.is_string_dtype(s) and s.dtype != object:
                # The str dtype holds only text or NaN, and NaN is the one value that is not
                # equal to itself: one numpy comparison instead of a per-cell null test.
                cells = s.to_numpy(dtype=object)
                if (cells == cells).all():
                    continue
                bad = s.isna()
            elif _all_text(s):
                continue
            else:
                bad = s.map(lambda v: not isinstance(v, str)).astype(bool)
            if bad.any():
                failures.append(
                    Failure(
                        col,
                        "text" if kind == "text" else "out/in/neutral",
                        frame.loc[bad, "line"].tolist()[:20],
                    )
                )
        elif kind == "time":
            tz = getattr(s.dtype, "tz", None)
            if tz is None or str(tz) != "Asia/Shanghai":
                failures.append(Failure(col, f"dtype {s.dtype} is not Asia/Shanghai time", []))
            elif s.isna().any():
                failures.append(
                    Failure(col, "no missing times", frame.loc[s.isna(), "line"].tolist()[:20])
                )
        elif kind in ("fen", "int"):
            if s.dtype != np.int64:
                failures.append(Failure(col, f"dtype {s.dtype} is not int64 (never float)", []))
        elif kind == "bool" and s.dtype != bool:
            failures.append(Failure(col, f"dtype {s.dtype} is not bool", []))
    if failures:
        text = "; ".join(f"{f.column}: {f.check} (lines {f.rows})" for f in failures)
        raise SchemaError(
            f"交易表不符合规范: {text}", f"transaction frame breaks the schema: {text}"
        )
    return frame


def with_decimal(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a Decimal ``amount`` (yuan) column next to ``amount_fen``."""
    out = frame.copy()
    out.insert(
        out.columns.get_loc("amount_fen"), "amount", [from_fen(int(v)) for v in out["amount_fen"]]
    )
    return out
