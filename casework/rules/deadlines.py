"""The deadline engine (期限计算): every clock a case's events start, with due date and status.

A clock starts at an event (签收 = signed for delivery, complaint filed, goods returned …), runs
for the length its rule gives (calendar days, working days with 调休, months or years; the start
day excluded, 民法典 201), and is closed by a later event (the regulator's acceptance, a refund …).

Status: ``met`` — closed on or before the due date; ``open`` — not closed, due date not passed;
``overdue`` — passed with no closing event, or closed late (``closed_on`` says when);
``not_applicable`` — its start event has not happened or the rule does not fit the case.
Communications with an answer-by date (答复期限) become clocks too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..cases import Case, Communication, Event, EventKind
from ..clock import SHANGHAI
from . import calendar as cal
from .citations import Citation, RuleDataError, cite_all, join, load
from .text import Text

if TYPE_CHECKING:
    from ..store import Store

STATUSES = ("met", "open", "overdue", "not_applicable")
UNITS = ("days", "working_days", "months", "years")
UNIT_TEXT = {
    "days": ("日", "days"),
    "working_days": ("个工作日", "working days"),
    "months": ("个月", "months"),
    "years": ("年", "years"),
}


@dataclass
class Deadline:
    """One clock of one case."""

    rule_id: str
    name_zh: str
    name_en: str
    kind: str  # duty | window | retention
    party: str  # who must act (an Actor value)
    start: date | None
    due: date | None
    days: int | None  # the length, in ``unit``
    unit: str
    status: str
    citations: list[Citation] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    closed_on: date | None = None
    closed_by: str = ""
    #: For roll-over "uncertain" rules: the due date if 民法典 203 does extend it.
    due_if_rolled: date | None = None
    #: The base due date before an allowed extension (e.g. +15 working days for reports).
    extended_due: date | None = None
    estimated: bool = False
    unverified: bool = False
    step: str = ""
    conflict_group: str = ""
    prevails: bool | None = None
    source: str = "rule"  # rule | communication
    ref: str = ""

    @property
    def day_kind(self) -> str:
        return "working" if self.unit == "working_days" else "calendar"

    @property
    def citation(self) -> str:
        # An answer-by date from the log has no article behind it: say where it comes from.
        return join(self.citations) if self.citations else f"沟通记录 {self.ref}".strip()

    @property
    def citation_en(self) -> str:
        return join(self.citations, "en") if self.citations else f"communications log {self.ref}"

    @property
    def length_text(self) -> Text:
        if self.days is None:
            return Text("及时（无固定期限）", "promptly (no fixed period)")
        zh, en = UNIT_TEXT[self.unit]
        return Text(f"{self.days}{zh}", f"{self.days} {en}")

    @property
    def escalates(self) -> bool:
        """An overdue duty of someone else, still unanswered: a reason to move up the ladder."""
        return (
            self.status == "overdue"
            and self.kind == "duty"
            and self.closed_on is None
            and self.party != "consumer"
        )

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "kind": self.kind,
            "party": self.party,
            "start": _iso(self.start),
            "due": _iso(self.due),
            "days": self.days,
            "unit": self.unit,
            "day_kind": self.day_kind,
            "status": self.status,
            "citation": self.citation,
            "citation_en": self.citation_en,
            "citations": [c.to_dict() for c in self.citations],
            "notes": [n.to_dict() for n in self.notes],
            "warnings": [w.to_dict() for w in self.warnings],
            "closed_on": _iso(self.closed_on),
            "closed_by": self.closed_by,
            "due_if_rolled": _iso(self.due_if_rolled),
            "extended_due": _iso(self.extended_due),
            "estimated": self.estimated,
            "unverified": self.unverified,
            "step": self.step,
            "conflict_group": self.conflict_group,
            "prevails": self.prevails,
            "source": self.source,
            "ref": self.ref,
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def rules() -> list[dict[str, Any]]:
    data = load("deadlines.json")["rules"]
    for r in data:
        if r.get("unit") not in UNITS or not r.get("citations"):
            raise RuleDataError(
                "期限规则缺少单位或引用",
                "deadline rule lacks unit or citation",
                where=f"deadlines.json:{r.get('id')}",
            )
    return data  # type: ignore[no-any-return]


# -- matching events ----------------------------------------------------------------------------


def _matches(ev: Event, spec: dict[str, Any], kinds: list[str]) -> bool:
    if ev.kind.value not in kinds:
        return False
    if "actors" in spec and ev.actor.value not in spec["actors"]:
        return False
    return ev.actor.value not in spec.get("actors_exclude", [])


def _starts(rule: dict[str, Any], events: list[Event]) -> list[Event]:
    spec = rule["start"]
    kinds = spec["events"]
    found = [e for e in events if _matches(e, spec, kinds)]
    if not found:
        return []
    which = spec.get("which", "first")
    if which == "each":
        return found
    if which == "first_kind":  # the first kind in the list that happened (a fallback chain)
        for kind in kinds:
            of_kind = [e for e in found if e.kind.value == kind]
            if of_kind:
                found = of_kind
                break
    first = found[0]
    restart = [e for e in events if e.kind.value in spec.get("restart", []) and e.at >= first.at]
    return [restart[-1] if restart else first]


def _closing(rule: dict[str, Any], events: list[Event], start: Event) -> Event | None:
    spec = rule["close"]
    return next(
        (
            e
            for e in events
            if e.at >= start.at and e.id != start.id and _matches(e, spec, spec["events"])
        ),
        None,
    )


# -- status -------------------------------------------------------------------------------------


def _status(
    due: date | None, grace: date | None, closed: date | None, today: date, warnings: list[Text]
) -> str:
    if due is None:
        return "met" if closed else "open"
    last = grace or due
    if closed is not None:
        if closed <= due:
            return "met"
        if closed <= last:
            warnings.append(
                Text(
                    f"仅在节假日顺延（民法典第203条）适用时才算按期（{last}）",
                    f"met only if the holiday roll-over (Civil Code Art. 203) applies ({last})",
                )
            )
            return "met"
        return "overdue"
    if today <= due:
        return "open"
    if today <= last:
        warnings.append(
            Text(
                f"已过 {due}；若节假日顺延适用则至 {last}",
                f"past {due}; runs to {last} if the holiday roll-over applies",
            )
        )
        return "open"
    return "overdue"


def _clock(
    rule: dict[str, Any], case: Case, start_ev: Event | None, events: list[Event], today: date
) -> Deadline:
    rid = rule["id"]
    cits = cite_all(rule["citations"], where=f"deadlines.json:{rid}")
    conflict = rule.get("conflict", {})
    d = Deadline(
        rule_id=rid,
        name_zh=rule["name_zh"],
        name_en=rule["name_en"],
        kind=rule["kind"],
        party=rule["party"],
        start=None,
        due=None,
        days=rule.get("length"),
        unit=rule["unit"],
        status="not_applicable",
        citations=cits,
        notes=[
            Text(z, e)
            for z, e in zip(rule.get("notes_zh", []), rule.get("notes_en", []), strict=True)
        ],
        unverified=bool(rule.get("unverified")) or any(c.unverified for c in cits),
        step=rule.get("step", ""),
        conflict_group=conflict.get("group", ""),
        prevails=conflict.get("prevails"),
    )
    if d.unverified:
        d.warnings.append(
            Text(
                "依据的数字未核实，使用前请核对原文",
                "the figures rest on unverified sources; check the text first",
            )
        )
    cats = rule.get("categories", "*")
    if cats != "*" and case.category.value not in cats:
        return d
    if start_ev is None:
        d.notes.append(_missing_start(rule["start"]["events"]))
        return d
    d.start = start_ev.at.date()
    d.ref = start_ev.text
    if start_ev.source == INTAKE:
        d.notes.append(
            Text("起算日取自登记的购买日期", "starts from the purchase date entered at intake")
        )
    closing = _closing(rule, events, start_ev)
    if closing is not None:
        d.closed_on, d.closed_by = closing.at.date(), closing.kind.value
    grace: date | None = None
    counted_gaps: list[Text] = []
    if d.days is not None:
        roll = rule.get("roll_over", "no")
        counted = cal.count(d.start, d.days, d.unit, roll=roll == "yes")
        d.due, d.estimated = counted.due, counted.estimated
        d.warnings.extend(counted.warnings)
        counted_gaps.extend(counted.warnings)
        if counted.rolled:
            d.notes.append(
                Text(
                    f"期满日 {counted.unrolled} 为休息日，顺延至 {counted.due}（民法典第203条）",
                    f"the last day {counted.unrolled} is a rest day; rolled to "
                    f"{counted.due} (Civil Code Art. 203)",
                )
            )
        if roll == "uncertain":
            rolled = cal.roll_over(counted.due)
            d.warnings.extend(w for w in rolled.warnings if w not in d.warnings)
            if rolled.rolled:
                d.due_if_rolled = grace = rolled.due
                d.warnings.append(
                    Text(
                        f"期满日 {counted.due} 为休息日；是否依民法典第203条顺延至 {rolled.due} 不确定，"
                        f"稳妥起见按 {counted.due} 办理",
                        f"the last day {counted.due} is a rest day; whether Civil Code Art. 203 "
                        f"extends it to {rolled.due} is uncertain — act by {counted.due} to be safe",
                    )
                )
        if "extension" in rule:
            ext = rule["extension"]
            longer = cal.count(d.start, d.days + ext["length"], ext["unit"])
            d.extended_due = grace = longer.due
            d.notes.append(Text(f"可延长至 {longer.due}", f"may be extended to {longer.due}"))
    d.status = _status(d.due, grace, d.closed_on, today, d.warnings)
    if d.status == "met" and d.closed_on and d.estimated and cal.is_covered(d.closed_on):
        # Closed in a year the calendar knows, before the unknown year began: the estimate of
        # the due date cannot change the result, so its warning would only be noise.
        d.warnings = [w for w in d.warnings if w not in counted_gaps]
    return d


#: ``Event.source`` of the purchase stood in for by the intake's purchase date.
INTAKE = "intake:purchase_date"

#: What to log for a clock that has not started (签收 = signed for: a time on the waybill).
_MISSING = {"delivered": ("签收时间", "the delivery (签收) event")}


def _missing_start(kinds: list[str]) -> Text:
    """Which event a clock waits for, so the advocate knows what to log (never a guessed date)."""
    says = [
        _MISSING.get(k, (f"「{EventKind(k).zh}」事件", f"the {k.replace('_', ' ')} event"))
        for k in kinds
    ]
    return Text("需记录" + "或".join(z for z, _ in says), "log " + " or ".join(e for _, e in says))


def _with_intake_purchase(case: Case, events: list[Event]) -> list[Event]:
    """The purchase date entered at intake stands for a purchase event nobody logged, so the
    clocks that run from the sale (三包, payment records) still run. Only the purchase: a 签收
    date is never guessed from it."""
    if case.purchase_date is None or any(e.kind == EventKind.PURCHASE for e in events):
        return events
    at = datetime.combine(case.purchase_date, time(0, 0), tzinfo=SHANGHAI)
    stand_in = Event(id=-1, case_id=case.id, at=at, kind=EventKind.PURCHASE, source=INTAKE)
    return sorted([stand_in, *events], key=lambda e: (e.at, e.id or 0))


def _comm_clocks(comms: list[Communication], events: list[Event], today: date) -> list[Deadline]:
    """Answer-by dates (答复期限) from the communications log, closed by a later answer."""
    out = []
    for c in comms:
        if c.response_due is None or c.direction != "out":
            continue
        answer = next(
            (
                a
                for a in comms
                if a.at > c.at
                and a.direction == "in"
                and (a.counterpart == c.counterpart or (c.ref and a.ref == c.ref))
            ),
            None,
        )
        ev = next(
            (
                e
                for e in events
                if e.at > c.at
                and e.actor == c.counterpart_kind
                and e.kind.value
                in (
                    "reply_received",
                    "seller_replied",
                    "complaint_accepted",
                    "complaint_rejected",
                    "refund_received",
                )
            ),
            None,
        )
        closed = min((x.at for x in (answer, ev) if x is not None), default=None)
        d = Deadline(
            rule_id=f"comm:{c.id}",
            name_zh=f"{c.counterpart} 答复期限",
            name_en=f"Answer due from {c.counterpart}",
            kind="duty",
            party=c.counterpart_kind.value,
            start=c.at.date(),
            due=c.response_due,
            days=(c.response_due - c.at.date()).days,
            unit="days",
            status="open",
            closed_on=closed.date() if closed else None,
            closed_by="communication" if closed else "",
            source="communication",
            ref=c.ref or c.summary,
            notes=[Text(f"沟通记录：{c.summary}", f"communications log: {c.summary}")],
        )
        d.status = _status(d.due, None, d.closed_on, today, d.warnings)
        out.append(d)
    return out


def compute(
    case: Case, events: list[Event], comms: list[Communication], today: date
) -> list[Deadline]:
    """The pure engine: every clock for these facts, as of ``today``."""
    events = sorted(events, key=lambda e: (e.at, e.id or 0))
    clock_events = _with_intake_purchase(case, events)
    out: list[Deadline] = []
    for rule in rules():
        starts: list[Event | None] = [*_starts(rule, clock_events)] or [None]
        out.extend(_clock(rule, case, s, clock_events, today) for s in starts)
    for cd in _comm_clocks(comms, events, today):
        # The same due date for the same party as a legal clock: keep the legal one, note the ref.
        twin = next(
            (d for d in out if d.party == cd.party and d.due == cd.due and d.source == "rule"), None
        )
        if twin is not None:
            twin.notes.append(
                Text(
                    f"沟通记录也记载此期限（{cd.ref}）",
                    f"the communications log has the same date ({cd.ref})",
                )
            )
        else:
            out.append(cd)
    return out


def escalating(clocks: list[Deadline]) -> list[Deadline]:
    """The overdue duties that call for escalation, by due date. Of two conflicting clocks for
    the same duty (the 45 working days of the 暂行办法 vs the 60 days of the 实施条例) only the
    one that prevails by rank speaks — a submission cites the higher rule, and says it once."""
    overdue = [d for d in clocks if d.escalates]
    winners = {d.conflict_group for d in overdue if d.conflict_group and d.prevails}
    kept = [d for d in overdue if not (d.conflict_group in winners and not d.prevails)]
    return sorted(kept, key=lambda d: d.due or date.min)


def deadlines_for(store: Store, case_id: str, today: date | None = None) -> list[Deadline]:
    """Every clock of a case; ``today`` defaults to the register's clock (Asia/Shanghai)."""
    case = store.get_case(case_id)
    today = today or store.clock().date()
    return compute(case, store.list_events(case_id), store.list_communications(case_id), today)


FRAME_COLUMNS = [
    "rule_id",
    "name_zh",
    "name_en",
    "kind",
    "party",
    "start",
    "due",
    "days",
    "unit",
    "day_kind",
    "status",
    "closed_on",
    "citation",
    "estimated",
    "unverified",
    "source",
]


def deadlines_frame(store: Store, case_id: str, today: date | None = None) -> pd.DataFrame:
    """The clocks as a DataFrame (one row per clock), applicable ones first, by due date."""
    rows = [d.to_dict() for d in deadlines_for(store, case_id, today)]
    frame = pd.DataFrame(rows, columns=[*FRAME_COLUMNS, "warnings", "notes"])
    if frame.empty:
        return frame
    frame["na"] = frame["status"] == "not_applicable"
    frame = frame.sort_values(["na", "due"], na_position="last").drop(columns="na")
    return frame.reset_index(drop=True)
