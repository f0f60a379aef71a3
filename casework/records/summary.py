"""The file's own summary (共N笔记录, 收入：N笔 X元 …) as it states it, and the period read."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .cells import PAD

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
