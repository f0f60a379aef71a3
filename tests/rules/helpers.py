"""Small builders for rule tests: a case with a category and a list of (at, kind, actor) events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casework.cases import Case, Event
from casework.clock import SHANGHAI


def make_case(category: str = "quality", **fields: Any) -> Case:
    now = datetime(2026, 1, 1, tzinfo=SHANGHAI)
    return Case.build(
        id="T-1", title="测试案件", category=category, created_at=now, updated_at=now, **fields
    )


def make_events(*rows: tuple[str, str] | tuple[str, str, str]) -> list[Event]:
    out = []
    for i, row in enumerate(rows, 1):
        at, kind = row[0], row[1]
        actor = row[2] if len(row) > 2 else "consumer"
        out.append(Event.build(id=i, at=at, kind=kind, actor=actor))
    return out
