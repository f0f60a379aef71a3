"""Working days and period counting against the State Council's published holiday schedules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casework.rules import calendar as cal

# The official notices (国务院办公厅关于…部分节假日安排的通知), typed in from their text, so the
# installed chinese-calendar data is checked against the source rather than against itself.
OFFICIAL = {
    # 2025 国庆节、中秋节: 10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    "2025 National Day": (
        date(2025, 10, 1),
        date(2025, 10, 8),
        [date(2025, 9, 28), date(2025, 10, 11)],
    ),
    # 2026 春节: 2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    "2026 Spring Festival": (
        date(2026, 2, 15),
        date(2026, 2, 23),
        [date(2026, 2, 14), date(2026, 2, 28)],
    ),
    # 2026 国庆节: 10月1日至7日放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
    "2026 National Day": (
        date(2026, 10, 1),
        date(2026, 10, 7),
        [date(2026, 9, 20), date(2026, 10, 10)],
    ),
}


@pytest.mark.parametrize("name", list(OFFICIAL))
def test_calendar_matches_the_official_notice(name: str) -> None:
    first, last, makeup = OFFICIAL[name]
    day = first
    while day <= last:
        assert not cal.is_working_day(day), f"{day} is a holiday in the {name} notice"
        day += timedelta(days=1)
    for d in makeup:
        assert d.weekday() >= 5 and cal.is_working_day(d), f"{d} is a 调休 working day"


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Complaint received Tue 2026-10-20: 7 working days → Thu 2026-10-29 (the demo case).
        (date(2026, 10, 20), 7, date(2026, 10, 29)),
        # Across the 2026 Spring Festival: Fri 13, Sat 14 (调休), holiday 15–23, 24–27, Sat 28 (调休).
        (date(2026, 2, 12), 7, date(2026, 2, 28)),
        # Received on the first day of the holiday: counting starts after it.
        (date(2026, 2, 15), 1, date(2026, 2, 24)),
        # Across National Day 2026, with the 调休 Saturday 10-10 counted as a working day.
        (date(2026, 9, 25), 7, date(2026, 10, 12)),
        # Across National Day 2025: Sun 9-28 works; 10-1..10-8 rest; 10-9, 10-10.
        (date(2025, 9, 26), 5, date(2025, 10, 10)),
    ],
)
def test_working_days(start: date, n: int, due: date) -> None:
    result = cal.add_working_days(start, n)
    assert result.due == due
    assert not result.estimated and not result.warnings


@pytest.mark.parametrize(
    ("start", "n", "roll", "due", "unrolled"),
    [
        # 签收 2025-09-30 + 7 days = 10-07, inside National Day; rolled over → 10-09 (10-08 is off too).
        (date(2025, 9, 30), 7, False, date(2025, 10, 7), None),
        (date(2025, 9, 30), 7, True, date(2025, 10, 9), date(2025, 10, 7)),
        # A plain weekday needs no roll-over.
        (date(2026, 3, 2), 7, True, date(2026, 3, 9), date(2026, 3, 9)),
        # A Sunday due date rolls to Monday.
        (date(2026, 3, 1), 7, True, date(2026, 3, 9), date(2026, 3, 8)),
    ],
)
def test_calendar_days_and_roll_over(
    start: date, n: int, roll: bool, due: date, unrolled: date | None
) -> None:
    result = cal.add_days(start, n, roll=roll)
    assert result.due == due
    assert result.unrolled == unrolled


def test_months_use_the_corresponding_day_or_month_end() -> None:
    assert cal.add_months(date(2026, 8, 31), 6).due == date(2027, 2, 28)
    assert cal.add_months(date(2026, 9, 30), 6).due == date(2027, 3, 30)
    assert cal.count(date(2024, 2, 29), 3, "years").due == date(2027, 2, 28)


def test_uncovered_year_warns_and_never_guesses_silently() -> None:
    lo, hi = cal.covered_years()
    outside = date(hi + 1, 1, 5)
    with pytest.raises(cal.CalendarGap) as err:
        cal.is_working_day(outside)
    assert str(hi + 1) in err.value.zh and str(hi + 1) in err.value.en
    result = cal.add_working_days(date(hi, 12, 28), 7)
    assert result.estimated
    assert len(result.warnings) == 1
    assert str(hi + 1) in result.warnings[0].zh and "State Council" in result.warnings[0].en
    assert lo <= 2025 <= hi
