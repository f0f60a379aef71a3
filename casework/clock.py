"""Time in casework is Asia/Shanghai (北京时间). One place to ask for "now", so tests can fix it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

Clock = Callable[[], datetime]


def now() -> datetime:
    """The current time, aware, in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


def today(clock: Clock = now) -> date:
    return clock().date()


def to_shanghai(value: datetime) -> datetime:
    """An aware datetime in Asia/Shanghai; a naive one is taken to be Shanghai wall time already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


def fixed(at: datetime) -> Clock:
    """A clock that always answers ``at`` (for tests and reproducible demos)."""
    at = to_shanghai(at)
    return lambda: at
