"""The advocate's calendar (#19): open clocks as an iCalendar file that a calendar reads back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from casework.calendar_ics import CalendarItem, calendar_bytes, items_from_deadlines
from casework.clock import SHANGHAI
from casework.demo import build_demo
from casework.rules import deadlines_for
from casework.store import Store

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=SHANGHAI)


def _events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def _demo_calendar(store: Store, today: date) -> tuple[bytes, list]:
    case = build_demo(store)
    clocks = deadlines_for(store, case.id, today=today)
    items = items_from_deadlines(case.id, case.title, clocks)
    return calendar_bytes(items, name="casework", now=NOW), clocks


def test_demo_calendar_round_trip(sqlite_store: Store) -> None:
    data, clocks = _demo_calendar(sqlite_store, date(2026, 11, 29))
    events = _events(data)
    wanted = [
        d for d in clocks if d.due and d.status in ("open", "overdue") and d.closed_on is None
    ]
    assert wanted, "the demo case has open clocks"
    assert len(events) == len({(d.rule_id, d.start, d.ref) for d in wanted})
    by_title = {str(e["summary"]): e for e in events}
    for d in wanted:
        title = next(t for t in by_title if d.name_zh in t)
        ev = by_title[title]
        assert ev.decoded("dtstart") == d.due  # an all-day event on the due date
        assert ev.decoded("dtend") == d.due + timedelta(days=1)
        desc = str(ev["description"])
        assert d.citation in desc and "2026-" in desc  # the case id and the citation
        alarms = list(ev.walk("VALARM"))
        assert len(alarms) == 1
        assert alarms[0].decoded("trigger") == timedelta(hours=-15)  # 09:00 the day before
        if d.status == "overdue":
            assert title.startswith("【已逾期】")


def test_uids_are_stable_when_due_dates_move(sqlite_store: Store) -> None:
    """Re-importing a later export updates the same events: the UID names the clock, not its date."""
    first, _ = _demo_calendar(sqlite_store, date(2026, 10, 25))
    case = sqlite_store.list_cases()[0]
    later = calendar_bytes(
        items_from_deadlines(case.id, case.title, deadlines_for(sqlite_store, case.id)),
        name="casework",
        now=NOW + timedelta(days=3),
    )
    a = {str(e["uid"]) for e in _events(first)}
    b = {str(e["uid"]) for e in _events(later)}
    assert a & b, "clocks open in both exports keep their UID"
    moved = CalendarItem("2026-0001|rule|2026-10-01|", "2026-0001", "x", date(2026, 11, 1))
    assert moved.uid == CalendarItem(moved.identity, "2026-0001", "x", date(2026, 12, 9)).uid


def test_a_clock_listed_twice_is_one_event() -> None:
    item = CalendarItem("2026-0001|r|2026-10-01|", "2026-0001", "退款期限", date(2026, 12, 3))
    data = calendar_bytes([item, item], name="casework", now=NOW)
    assert len(_events(data)) == 1
    text = data.decode("utf-8")
    assert "BEGIN:VCALENDAR" in text and "VERSION:2.0" in text and "PRODID:" in text
    assert "DTSTART;VALUE=DATE:20261203" in text


def test_cli_writes_case_and_portfolio_calendars(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from casework.cli import cli

    home = str(tmp_path / "home")
    run = CliRunner().invoke
    store = Store.open(home)
    case_id = build_demo(store).id
    store.close()
    one = tmp_path / "case.ics"
    res = run(
        cli, ["--home", home, "deadlines", case_id, "--today", "2026-11-29", "--ics", str(one)]
    )
    assert res.exit_code == 0, res.output
    assert _events(one.read_bytes()) and "calendar events" in res.output
    every = tmp_path / "due.ics"
    args = ["--home", home, "portfolio", "due", "--today", "2026-11-29", "--days", "60"]
    res = run(cli, [*args, "--ics", str(every)])
    assert res.exit_code == 0, res.output
    first = {str(e["uid"]) for e in _events(every.read_bytes())}
    assert first
    res = run(cli, [*args, "--ics", str(every)])
    assert {str(e["uid"]) for e in _events(every.read_bytes())} == first  # stable across exports
    res = run(cli, ["--home", home, "portfolio", "status", "--ics", str(every)])
    assert res.exit_code == 2 and "due" in res.output
