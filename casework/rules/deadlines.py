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
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..cases import Actor, Case, Communication, Event, EventKind
from ..clock import SHANGHAI
from . import calendar as cal
from .citations import Citation, cite_all, join, law_texts, on, typed
from .drafts import reply_citations, sent_kind
from .schema import CloseSpec, DeadlineRule, DeadlinesFile, RollOverPolicy, StartSpec
from .schema_drafts import DraftKind
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
    #: The date whose law text decides this clock (the complaint's receipt, the purchase …).
    decided_on: date | None = None
    #: The text of the procedure cannot be told for sure (a complaint received before and
    #: handled after 2026-04-15): this clock is one of the readings; ``doubt`` says why.
    doubtful: bool = False
    doubt: Text | None = None
    #: For the consumer's own window that rolled over a rest day: the safe date to act by.
    act_by: date | None = None
    #: A next-step document sent (drafts.json kind id): this clock is its reply period (#19).
    draft_kind: str = ""

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
            "decided_on": _iso(self.decided_on),
            "doubtful": self.doubtful,
            "doubt": self.doubt.to_dict() if self.doubt else None,
            "act_by": _iso(self.act_by),
            "draft_kind": self.draft_kind,
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def rules() -> list[DeadlineRule]:
    """The deadline rules, typed and validated at first use."""
    model: DeadlinesFile = typed("deadlines.json")
    return model.rules


def roll_policy() -> RollOverPolicy:
    """The one holiday roll-over policy every clock follows (民法典 203; 办法 45)."""
    model: DeadlinesFile = typed("deadlines.json")
    return model.roll_over


# -- matching events ----------------------------------------------------------------------------


def _matches(ev: Event, spec: StartSpec | CloseSpec, kinds: list[EventKind]) -> bool:
    if ev.kind not in kinds:
        return False
    if spec.actors is not None and ev.actor not in spec.actors:
        return False
    if ev.actor in spec.actors_exclude:
        return False
    if spec.text_contains and not any(w in ev.text for w in spec.text_contains):
        return False
    return not any(w in ev.text for w in spec.text_excludes)


def _starts(rule: DeadlineRule, events: list[Event]) -> list[Event]:
    spec = rule.start
    kinds = spec.events
    found = [e for e in events if _matches(e, spec, kinds)]
    if not found:
        return []
    if spec.which == "each":
        return found
    if spec.which == "first_kind":  # the first kind in the list that happened (a fallback chain)
        for kind in kinds:
            of_kind = [e for e in found if e.kind == kind]
            if of_kind:
                found = of_kind
                break
    first = found[0]
    # 民法典 195: only a demand on the obligor, a suit or its equivalent restarts the period.
    restart = [
        e
        for e in events
        if e.kind in spec.restart
        and e.actor not in spec.restart_actors_exclude
        and e.at >= first.at
    ]
    return [restart[-1] if restart else first]


def _closing(rule: DeadlineRule, events: list[Event], start: Event) -> Event | None:
    spec = rule.close
    return next(
        (
            e
            for e in events
            if e.at >= start.at and e.id != start.id and _matches(e, spec, spec.events)
        ),
        None,
    )


#: Complaints that reach a market regulator (市场监管部门): not the platform, courier, 消协 ….
_NOT_REGULATOR = (
    Actor.ASSOCIATION,
    Actor.PLATFORM,
    Actor.COURIER,
    Actor.COURT,
    Actor.SELLER,
    Actor.PAYMENT,
)


def _received(events: list[Event], before: Event) -> Event | None:
    """The complaint to the market regulator a procedural clock belongs to: the last one
    received at or before the clock's start."""
    filed = [
        e
        for e in events
        if e.kind == EventKind.COMPLAINT_FILED
        and e.actor not in _NOT_REGULATOR
        and "邮政管理" not in e.text
        and e.at <= before.at
    ]
    return filed[-1] if filed else None


def decided_on(
    rule: DeadlineRule, start: Event, events: list[Event], closing: Event | None, today: date
) -> date:
    """The date whose text in force decides the rule (法律适用的时间): a complaint's procedure
    follows the text in force when the regulator received it, a sale the text of the purchase."""
    if rule.decided_by == "complaint_received":
        received = _received(events, start)
        return (received or start).at.date()
    if rule.decided_by == "purchase":
        bought = [e for e in events if e.kind == EventKind.PURCHASE]
        return (bought[0] if bought else start).at.date()
    if rule.decided_by == "today":
        return closing.at.date() if closing else today
    return start.at.date()


# -- status -------------------------------------------------------------------------------------


def _status(
    due: date | None, grace: date | None, closed: date | None, today: date, warnings: list[Text]
) -> str:
    if due is None:
        return "met" if closed else "open"
    last = grace or due
    if closed is not None:
        return "met" if closed <= last else "overdue"
    return "open" if today <= last else "overdue"


def _notes(rule: DeadlineRule, cits: list[Citation]) -> list[Text]:
    laws_now = {c.law for c in cits}
    notes = [Text(z, e) for z, e in zip(rule.notes_zh, rule.notes_en, strict=True)]
    notes += [Text(n.zh, n.en) for n in rule.dated_notes if n.law in laws_now]
    return notes


def _rolled_note(unrolled: date, due: date, cits: list[Citation]) -> Text:
    policy = roll_policy()
    basis_zh, basis_en = "民法典第203条", "Civil Code Art. 203"
    counting = {c.law: c for c in cite_all(policy.counting, where="deadlines.json:roll_over")}
    if any(c.law in counting for c in cits):
        extra = next(c for c in counting.values() if c.law in {x.law for x in cits})
        basis_zh += f"；{extra.law_zh}第{extra.article}条"
        basis_en += f"; {extra.law_en}, Art. {extra.article}"
    return Text(
        f"期满日 {unrolled} 为休息日，顺延至 {due}（{basis_zh}）",
        f"the last day {unrolled} is a rest day; rolled to {due} ({basis_en})",
    )


def _clock(
    rule: DeadlineRule,
    case: Case,
    start_ev: Event | None,
    events: list[Event],
    today: date,
    facts: frozenset[str] = frozenset(),
    on_date: date | None = None,
) -> Deadline | None:
    """One clock of ``rule`` from ``start_ev``; None when no text the rule cites is in force on
    the date that decides it (the 45 working days for a complaint received in 2026-05)."""
    rid = rule.id
    every = cite_all(rule.citations, where=f"deadlines.json:{rid}")
    closing = _closing(rule, events, start_ev) if start_ev is not None else None
    decided = (
        on_date
        if on_date is not None
        else decided_on(rule, start_ev, events, closing, today)
        if start_ev is not None
        else today
    )
    cits = on(every, decided)
    if not cits:
        return None
    conflict = rule.conflict
    d = Deadline(
        rule_id=rid,
        name_zh=rule.name_zh,
        name_en=rule.name_en,
        kind=rule.kind,
        party=rule.party.value,
        start=None,
        due=None,
        days=rule.length,
        unit=rule.unit,
        status="not_applicable",
        citations=cits,
        notes=_notes(rule, cits),
        unverified=rule.unverified or any(c.unverified for c in cits),
        step=rule.step,
        conflict_group=conflict.group if conflict else "",
        prevails=conflict.prevails if conflict else None,
        decided_on=decided if start_ev is not None else None,
    )
    if d.unverified:
        d.warnings.append(
            Text(
                "依据的数字未核实，使用前请核对原文",
                "the figures rest on unverified sources; check the text first",
            )
        )
    if rule.categories != "*" and case.category not in rule.categories:
        return d
    if rule.only_if and rule.only_if not in facts:
        d.notes.append(
            Text(
                "仅在缺陷产品造成人身或其他财产损害时适用，请确认后再计",
                "applies only if the defect caused injury or other damage; confirm it first",
            )
        )
        return d
    if start_ev is None:
        d.notes.append(_missing_start(rule.start.events))
        return d
    d.start = start_ev.at.date()
    d.ref = start_ev.text
    if start_ev.source == INTAKE:
        d.notes.append(
            Text("起算日取自登记的购买日期", "starts from the purchase date entered at intake")
        )
    if closing is not None:
        d.closed_on, d.closed_by = closing.at.date(), closing.kind.value
    grace: date | None = None
    counted_gaps: list[Text] = []
    if d.days is not None:
        # One roll-over policy for every clock (deadlines.json "roll_over"): a last day on a
        # rest day rolls to the next working day; working-day counts end on a working day anyway.
        # A retention period is a minimum, not the last day to act: it does not roll.
        roll = d.unit != "working_days" and d.kind != "retention"
        counted = cal.count(d.start, d.days, d.unit, roll=roll)
        d.due, d.estimated = counted.due, counted.estimated
        d.warnings.extend(counted.warnings)
        counted_gaps.extend(counted.warnings)
        if counted.rolled and counted.unrolled is not None:
            d.due_if_rolled = counted.due
            d.notes.append(_rolled_note(counted.unrolled, counted.due, cits))
            if d.party == "consumer":
                d.act_by = counted.unrolled
                d.notes.append(
                    Text(
                        f"稳妥起见，请在 {counted.unrolled} 前办理",
                        f"to be safe, act by {counted.unrolled}",
                    )
                )
        if rule.extension is not None:
            ext = rule.extension
            longer = cal.count(d.start, d.days + ext.length, ext.unit)
            d.extended_due = grace = longer.due
            d.notes.append(Text(f"可延长至 {longer.due}", f"may be extended to {longer.due}"))
    d.status = _status(d.due, grace, d.closed_on, today, d.warnings)
    if d.status == "met" and d.closed_on and d.estimated and cal.is_covered(d.closed_on):
        # Closed in a year the calendar knows, before the unknown year began: the estimate of
        # the due date cannot change the result, so its warning would only be noise.
        d.warnings = [w for w in d.warnings if w not in counted_gaps]
    return d


def _transition(
    rule: DeadlineRule,
    case: Case,
    start_ev: Event,
    events: list[Event],
    today: date,
    first: Deadline,
    facts: frozenset[str],
) -> list[Deadline]:
    """A clock decided under a text that was replaced while the matter was still being handled
    (a complaint received before 2026-04-15, handled after): the text has no transition rule, so
    the clock is shown under both texts, each flagged doubtful, rather than guessed."""
    if first.status == "not_applicable" or first.decided_on is None:
        return []
    end = first.closed_on or max(today, first.due or today)
    replaced = [
        c
        for c in first.citations
        if c.in_force_until is not None and c.replaced_by and c.in_force_until < end
    ]
    if not replaced:
        return []
    old = replaced[0]
    until: date = old.in_force_until  # type: ignore[assignment]  # filtered above
    switch = until + timedelta(days=1)
    new_name = law_texts()[old.replaced_by].zh  # type: ignore[index]
    second = _clock(rule, case, start_ev, events, today, facts, on_date=switch)
    why = Text(
        f"投诉于 {first.decided_on} 收到，适用《{old.law_zh}》；处理持续到 {switch}《{new_name}》施行之后，"
        "新办法未规定过渡办法，两种文本下的期限均列出，请核对适用哪一个",
        f"received on {first.decided_on} under the {old.law_en}; still handled after the "
        f"{law_texts()[old.replaced_by].en} took effect on {switch}, which has no transition "  # type: ignore[index]
        "rule — the clock is shown under both texts; check which applies",
    )
    first.doubtful, first.doubt = True, why
    first.warnings.append(why)
    if second is None or second.status == "not_applicable":
        first.notes.append(
            Text(
                f"按《{new_name}》，此期限不再存在",
                f"under the {law_texts()[old.replaced_by].en}, this clock does not exist",  # type: ignore[index]
            )
        )
        return []
    second.doubtful, second.doubt = True, why
    second.warnings.append(why)
    return [second]


#: ``Event.source`` of the purchase stood in for by the intake's purchase date.
INTAKE = "intake:purchase_date"

#: What to log for a clock that has not started (签收 = signed for: a time on the waybill).
_MISSING = {"delivered": ("签收时间", "the delivery (签收) event")}


def _missing_start(kinds: list[EventKind]) -> Text:
    """Which event a clock waits for, so the advocate knows what to log (never a guessed date)."""
    says = [
        _MISSING.get(k.value, (f"「{k.zh}」事件", f"the {k.value.replace('_', ' ')} event"))
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


def _answered(c: Communication, comms: list[Communication], events: list[Event]) -> datetime | None:
    """When the log shows an answer to contact ``c``: a later incoming contact from the same
    counterpart (or on the same reference), or a later reply event of the counterpart's kind."""
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
    return min((x.at for x in (answer, ev) if x is not None), default=None)


def _draft_clock(k: DraftKind, c: Communication, closed: date | None, today: date) -> Deadline:
    """The clock a sent next-step document starts (#19, drafts.json ``reply``): counted from the
    day it was sent, the start day excluded (民法典 201), closed by the answer the log shows."""
    start, reply = c.at.date(), k.reply
    counted = cal.count(start, reply.length, reply.unit, roll=reply.unit != "working_days")
    notes = [Text(z, e) for z, e in zip(reply.notes_zh, reply.notes_en, strict=True)]
    if reply.basis == "requested":
        notes.insert(0, Text("文书中请求的期限，非法定期限", "the period the document asks for"))
    notes.append(Text(f"沟通记录：{c.summary}", f"communications log: {c.summary}"))
    d = Deadline(
        rule_id=f"comm:{c.id}",
        name_zh=f"{reply.name_zh}（{c.counterpart}）",
        name_en=f"{reply.name_en} ({c.counterpart})",
        kind="duty",
        party=k.recipient.value,
        start=start,
        due=counted.due,
        days=reply.length,
        unit=reply.unit,
        status="open",
        citations=reply_citations(k, start),
        notes=notes,
        warnings=list(counted.warnings),
        estimated=counted.estimated,
        closed_on=closed,
        closed_by="communication" if closed else "",
        step=k.route_step,
        source="communication",
        ref=c.ref or c.summary,
        decided_on=start,
        draft_kind=k.id,
    )
    grace = None
    if reply.extension is not None:
        longer = cal.count(start, reply.length + reply.extension.length, reply.extension.unit)
        d.extended_due = grace = longer.due
        d.notes.append(Text(f"可延长至 {longer.due}", f"may be extended to {longer.due}"))
    d.status = _status(d.due, grace, closed, today, d.warnings)
    return d


def _comm_clocks(comms: list[Communication], events: list[Event], today: date) -> list[Deadline]:
    """Answer-by dates (答复期限) from the communications log, closed by a later answer; a
    contact that sent a next-step document runs that document's reply period instead."""
    out = []
    for c in comms:
        sent = sent_kind(c)
        if sent is None and (c.response_due is None or c.direction != "out"):
            continue
        closed = _answered(c, comms, events)
        if sent is not None:
            out.append(_draft_clock(sent, c, closed.date() if closed else None, today))
            continue
        if c.response_due is None:
            continue
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
    case: Case,
    events: list[Event],
    comms: list[Communication],
    today: date,
    facts: frozenset[str] = frozenset(),
) -> list[Deadline]:
    """The pure engine: every clock for these facts, as of ``today``. ``facts`` are what the
    advocate confirmed (``injury``: a defect caused harm)."""
    events = sorted(events, key=lambda e: (e.at, e.id or 0))
    clock_events = _with_intake_purchase(case, events)
    out: list[Deadline] = []
    for rule in rules():
        starts: list[Event | None] = [*_starts(rule, clock_events)] or [None]
        for s in starts:
            d = _clock(rule, case, s, clock_events, today, facts)
            if d is None:
                continue
            out.append(d)
            if s is not None:
                out.extend(_transition(rule, case, s, clock_events, today, d, facts))
    # A conflict needs two sides: with the 45 working days gone (办法, 2026-04-15) the 60 days
    # stand alone and say nothing of ranks.
    groups = [d.conflict_group for d in out if d.conflict_group and d.status != "not_applicable"]
    for d in out:
        if d.conflict_group and groups.count(d.conflict_group) < 2:
            d.conflict_group, d.prevails = "", None
    for cd in _comm_clocks(comms, events, today):
        if cd.draft_kind:
            out.append(cd)  # a sent document's clock is its own, never folded into another
            continue
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


def deadlines_for(
    store: Store, case_id: str, today: date | None = None, facts: frozenset[str] = frozenset()
) -> list[Deadline]:
    """Every clock of a case; ``today`` defaults to the register's clock (Asia/Shanghai)."""
    from ..settle import apply  # the clocks an advocate marked met or dismissed (#15)

    case = store.get_case(case_id)
    today = today or store.clock().date()
    events, comms = store.list_events(case_id), store.list_communications(case_id)
    clocks = compute(case, events, comms, today, facts)
    return apply(store, case_id, clocks)  # type: ignore[no-any-return]


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
