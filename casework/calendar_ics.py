"""Deadlines into the advocate's calendar: an iCalendar file (RFC 5545) of open clocks.

An advocate with forty cases works from the calendar on her phone, so every open clock and
follow-up becomes an all-day event on its due date (期限届满日), with an alarm at 09:00 the day
before. Each event's UID is derived from what the clock *is* (case, rule, the event that started
it), never from its due date, so importing a newer file updates the event instead of adding a
second one when a due date moves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Alarm, Calendar, Event

from .atomic import write_atomic
from .clock import SHANGHAI

#: The UID's domain part: fixed, so that two exports name the same clock the same way.
UID_DOMAIN = "casework.local"
#: Alarm at 09:00 the day before an all-day event (which starts at 00:00 on its date).
ALARM_BEFORE = timedelta(hours=-15)


@dataclass(frozen=True)
class CalendarItem:
    """One dated thing to do: a legal clock or a follow-up of one case."""

    identity: str  # what the clock is (stable across exports): case id, rule, start, reference
    case_id: str
    title: str  # 期限 name, in Chinese
    due: date
    case_title: str = ""
    citation: str = ""
    status: str = ""
    counterpart: str = ""
    ref: str = ""

    @property
    def uid(self) -> str:
        digest = hashlib.sha256(self.identity.encode("utf-8")).hexdigest()[:24]
        return f"{digest}@{UID_DOMAIN}"

    def description(self) -> str:
        lines = [f"案件 {self.case_id}" + (f"：{self.case_title}" if self.case_title else "")]
        if self.citation:
            lines.append(f"依据：{self.citation}")
        if self.counterpart:
            lines.append(f"对象：{self.counterpart}")
        if self.ref:
            lines.append(f"编号：{self.ref}")
        return "\n".join(lines)


def items_from_deadlines(
    case_id: str, case_title: str, clocks: Iterable[Any]
) -> list[CalendarItem]:
    """The open clocks of one case (``rules.deadlines_for``), those with a due date."""
    items = []
    for d in clocks:
        if d.due is None or d.status not in ("open", "overdue") or d.closed_on is not None:
            continue
        start = d.start.isoformat() if d.start else ""
        items.append(
            CalendarItem(
                identity=f"{case_id}|{d.rule_id}|{start}|{d.ref}",
                case_id=case_id,
                case_title=case_title,
                title=d.name_zh,
                due=d.due,
                citation=d.citation,
                status=d.status,
                ref=d.ref,
            )
        )
    return items


def items_from_due(frame: Any) -> list[CalendarItem]:
    """Rows of ``portfolio.due`` (legal clocks and follow-ups across open cases)."""
    items = []
    for row in frame.to_dict("records"):
        # A legal clock is named by what it is (its ref is the citation, which a rule-data
        # change may reword); a follow-up by its counterpart and reference number.
        counterpart = str(row.get("counterpart") or "")
        key = f"{row['what']}|{counterpart}|{row['ref'] if counterpart else ''}"
        items.append(
            CalendarItem(
                identity=f"{row['case_id']}|{key}",
                case_id=str(row["case_id"]),
                case_title=str(row.get("title") or ""),
                title=str(row["what_zh"]),
                due=row["due"],
                citation=str(row.get("ref") or "") if not row.get("counterpart") else "",
                status=str(row.get("status") or ""),
                counterpart=str(row.get("counterpart") or ""),
                ref=str(row.get("ref") or "") if row.get("counterpart") else "",
            )
        )
    return items


def calendar_bytes(items: Iterable[CalendarItem], *, name: str, now: datetime) -> bytes:
    """The iCalendar file for ``items``: one all-day VEVENT each, with a VALARM the day before.

    Two items with the same identity (a clock listed twice) become one event.
    """
    cal = Calendar()
    cal.add("prodid", "-//casework//网购投诉案件工作簿//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(SHANGHAI))
    seen: set[str] = set()
    for item in sorted(items, key=lambda i: (i.due, i.case_id, i.title)):
        if item.uid in seen:
            continue
        seen.add(item.uid)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        prefix = "【已逾期】" if item.status == "overdue" else ""
        event.add("summary", f"{prefix}{item.title}（{item.case_id}）")
        event.add("description", item.description())
        event.add("categories", ["casework", item.case_id])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"明日到期：{item.title}（{item.case_id}）")
        alarm.add("trigger", ALARM_BEFORE)
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def write_calendar(path: str | Path, items: Iterable[CalendarItem], now: datetime) -> int:
    """Write the calendar of ``items`` to ``path`` (all or nothing); the number of events."""
    items = list(items)
    data = calendar_bytes(items, name="casework 期限", now=now)
    write_atomic(Path(path), data)
    return len({i.uid for i in items})
