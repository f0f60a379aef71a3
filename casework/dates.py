"""Dates and times as the register takes them (日期与时间): the formats an advocate types, the range
the engines accept (1990–2100), and every time made aware in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime

from .clock import to_shanghai
from .errors import InvalidInput
from .kinds import FIELD_ZH

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y年%m月%d日 %H:%M",
)


#: Every date the engines use lies in this range. Online shopping in China begins in the 1990s, and
#: a date past 2100 is a typo; outside it, deadline arithmetic would overflow ``date`` (9999-12-31
#: plus 15 days) and the timeline would stretch over centuries.
FIRST_DATE = date(1990, 1, 1)
LAST_DATE = date(2100, 12, 31)


def check_date_range(day: date, *, field: str = "date") -> date:
    """``day`` if it lies within 1990–2100, else :class:`InvalidInput` naming the field."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise InvalidInput(
            f"{FIELD_ZH.get(field, field)}超出范围: {day.isoformat()}（应在 1990-01-01 至 2100-12-31 之间）",
            f"{field} is out of range: {day.isoformat()} (must be between 1990-01-01 and 2100-12-31)",
            field=field,
        )
    return day


def parse_date(value: object, *, field: str = "date") -> date:
    """A calendar date from ``2026-03-01``, ``2026/3/1``, ``2026年3月1日`` or a date object,
    within 1990–2100."""
    if isinstance(value, datetime):
        return check_date_range(_aware(value, field).date(), field=field)
    if isinstance(value, date):
        return check_date_range(value, field=field)
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return check_date_range(datetime.strptime(text, fmt).date(), field=field)
        except ValueError:
            continue
    raise InvalidInput(
        f"{FIELD_ZH.get(field, field)}不是有效日期: {text!r}（格式 2026-03-01）",
        f"{field} is not a valid date: {text!r} (use 2026-03-01)",
        field=field,
    )


def _aware(value: datetime, field: str) -> datetime:
    """``to_shanghai`` that cannot overflow: 9999-12-31 23:00 UTC is past the last Shanghai day."""
    if not FIRST_DATE <= value.date() <= LAST_DATE:
        check_date_range(value.date(), field=field)
    return to_shanghai(value)


def parse_datetime(value: object, *, field: str = "at") -> datetime:
    """An aware Asia/Shanghai datetime within 1990–2100; a bare date means midnight; naive times
    are Shanghai time. A second of 60 (a leap second) is refused: no bill or platform records one.
    """
    if isinstance(value, datetime):
        return _checked(_aware(value, field), field)
    if isinstance(value, date):
        return _checked(to_shanghai(datetime(value.year, value.month, value.day)), field)
    text = str(value).strip()
    for fmt in _DATETIME_FORMATS:
        try:
            return _checked(_aware(datetime.strptime(text, fmt), field), field)
        except ValueError:
            continue
    try:
        return _checked(_aware(datetime.fromisoformat(text), field), field)
    except ValueError:
        pass
    d = parse_date(text, field=field)
    return to_shanghai(datetime(d.year, d.month, d.day))


def _checked(value: datetime, field: str) -> datetime:
    check_date_range(value.date(), field=field)
    return value
