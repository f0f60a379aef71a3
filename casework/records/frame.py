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


def build(n: int, values: dict[str, Any]) -> pd.DataFrame:
    """A canonical frame of ``n`` rows; missing text columns are "" and missing flags False."""
    data: dict[str, Any] = {}
    for col, kind in COLUMNS.items():
        v = values.get(col)
        if v is None:
            v = {"bool": False, "int": 0, "fen": 0}.get(kind, "")
        if isinstance(v, pd.Series):
            v = v.to_numpy() if kind != "time" else v.reset_index(drop=True)
        if np.isscalar(v) or isinstance(v, str):
            v = [v] * n if kind != "time" else pd.Series([v] * n)
        data[col] = v
    frame = pd.DataFrame(data)
    for col, kind in COLUMNS.items():
        if kind in ("text", "direction"):
            frame[col] = frame[col].astype(str)
        elif kind == "fen" or kind == "int":
            frame[col] = frame[col].astype(np.int64)
        elif kind == "bool":
            frame[col] = frame[col].astype(bool)
    return frame


def empty() -> pd.DataFrame:
    return build(0, {"time": pd.Series([], dtype="datetime64[us, Asia/Shanghai]")})


@dataclass
class Failure:
    column: str
    check: str
    rows: list[int]


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
            bad = s.isna()
            if kind == "direction":
                bad |= ~s.isin(DIRECTIONS)
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
