"""Counting days the way Chinese law counts them (期间计算).

* 民法典 Art. 201: a period counted in days starts the day *after* the starting day.
* 民法典 Art. 202: a period in months or years ends on the corresponding day of the last month
  (the month's last day when there is none).
* 民法典 Art. 203: a period whose last day is a statutory rest day (法定休假日) ends on the first
  day after it — "rolled over" here.
* Working days (工作日) follow the State Council's yearly holiday schedule (放假安排), including the
  调休 make-up working days on weekends. The ``chinese-calendar`` package hard-codes each year and
  is released after the schedule is published; a year it does not cover is estimated as Monday–
  Friday less the holidays whose dates are fixed by the State Council's rules (1 January, 1–3 May,
  1–3 October; the lunar holidays and 调休 cannot be known), and the result carries a warning and
  ``estimated=True`` — never a silent guess.
"""

from __future__ import annotations

import calendar as _cal
import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.metadata import PackageNotFoundError, version

import chinese_calendar

from ..errors import CaseworkError
from .text import Text


class CalendarGap(CaseworkError):
    """A date in a year the holiday calendar does not cover (节假日数据未覆盖的年份)."""


# The holiday tables are constants of the installed package, so their answers are cached: the
# portfolio recomputes every case's clocks in one go (``casework clocks rebuild``), and
# chinese-calendar scans its whole table on every lookup.
@functools.cache
def covered_years() -> tuple[int, int]:
    """The first and last year the installed chinese-calendar knows holidays for."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


@functools.cache
def _package_version() -> str:
    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # installed under its other distribution name
        try:
            return version("chinese_calendar")
        except PackageNotFoundError:
            return "?"


def gap_warning(year: int) -> Text:
    lo, hi = covered_years()
    ver = _package_version()
    return Text(
        f"{year} 年的节假日与调休安排不在 chinese-calendar {ver} 的数据中（仅 {lo}–{hi} 年），"
        f"该年按周一至周五估算（元旦、5月1–3日、10月1–3日按假日计），"
        f"请以国务院办公厅公布的{year}年放假安排核对",
        f"{year} is not covered by chinese-calendar {ver} (only {lo}-{hi}); that year is "
        "estimated as Monday-Friday working days less 1 Jan, 1-3 May and 1-3 Oct — check the "
        f"State Council's {year} holiday schedule",
    )


def is_covered(day: date) -> bool:
    lo, hi = covered_years()
    return lo <= day.year <= hi


def is_working_day(day: date) -> bool:
    """True on a working day (incl. a 调休 weekend); raises :class:`CalendarGap` if unknown."""
    if not is_covered(day):
        w = gap_warning(day.year)
        raise CalendarGap(w.zh, w.en, where=day.isoformat())
    return _is_workday(day)


@functools.lru_cache(maxsize=8192)
def _is_workday(day: date) -> bool:
    return bool(chinese_calendar.is_workday(day))


@dataclass
class DayCount:
    """The last day of a period and how sure we are of it."""

    due: date
    #: The last day before a holiday roll-over (民法典 203), when one happened.
    unrolled: date | None = None
    estimated: bool = False
    warnings: list[Text] = field(default_factory=list)

    @property
    def rolled(self) -> bool:
        return self.unrolled is not None and self.unrolled != self.due


#: Holidays on fixed solar dates (全国年节及纪念日放假办法 Art. 2: 元旦, 劳动节, 国庆节): rest days
#: in every year, so an estimate for an uncovered year never counts them as working days.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (5, 3), (10, 1), (10, 2), (10, 3)})


def estimated_working(day: date) -> bool:
    """The estimate for a year the calendar does not cover: Monday–Friday, not a fixed holiday."""
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


class _Checker:
    """Answers "working day?" and remembers which uncovered years it had to estimate."""

    def __init__(self) -> None:
        self.gaps: set[int] = set()

    def working(self, day: date) -> bool:
        if is_covered(day):
            return _is_workday(day)
        self.gaps.add(day.year)
        return estimated_working(day)

    def result(self, due: date, unrolled: date | None = None) -> DayCount:
        return DayCount(due, unrolled, bool(self.gaps), [gap_warning(y) for y in sorted(self.gaps)])


def add_working_days(start: date, n: int) -> DayCount:
    """The n-th working day after ``start`` (the start day itself never counts, 民法典 201)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    check = _Checker()
    day, left = start, n
    while left:
        day += timedelta(days=1)
        if check.working(day):
            left -= 1
    return check.result(day)


def roll_over(day: date) -> DayCount:
    """``day`` or, if it is a rest day, the next working day (民法典 203)."""
    check = _Checker()
    rolled = day
    while not check.working(rolled):
        rolled += timedelta(days=1)
    return check.result(rolled, day)


def add_days(start: date, n: int, *, roll: bool = False) -> DayCount:
    """Start + n calendar days (start excluded, 民法典 201); rolled over a rest day if ``roll``."""
    due = start + timedelta(days=n)
    return roll_over(due) if roll else DayCount(due)


def add_months(start: date, months: int, *, roll: bool = False) -> DayCount:
    """The corresponding day ``months`` later, or that month's last day (民法典 202)."""
    total = start.year * 12 + (start.month - 1) + months
    year, month = divmod(total, 12)
    last = _cal.monthrange(year, month + 1)[1]
    due = date(year, month + 1, min(start.day, last))
    return roll_over(due) if roll else DayCount(due)


def count(start: date, length: int, unit: str, *, roll: bool = False) -> DayCount:
    """One entry point for the units the rule files use: days, working_days, months, years."""
    # The holiday tables are constants, so a count is too: a rebuild counts the same starts and
    # lengths over and over. Each caller gets its own copy to keep.
    c = _count(start, length, unit, roll)
    return DayCount(c.due, c.unrolled, c.estimated, list(c.warnings))


@functools.lru_cache(maxsize=65536)
def _count(start: date, length: int, unit: str, roll: bool) -> DayCount:
    if unit == "working_days":
        return add_working_days(start, length)
    if unit == "days":
        return add_days(start, length, roll=roll)
    if unit == "months":
        return add_months(start, length, roll=roll)
    if unit == "years":
        return add_months(start, 12 * length, roll=roll)
    raise ValueError(f"unknown unit {unit!r}")
