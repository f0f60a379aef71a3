"""The clocks of deadlines.json's rules (法定期限): one per start event, counted and given a status.

A clock runs for the length its rule gives (calendar days, working days with 调休, months or years;
the start day excluded, 民法典 201) under the text in force on the date that decides it; a last day
on a rest day rolls over (民法典 203). A text replaced while the matter is handled shows the clock
under both texts, each flagged doubtful.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..cases import Case, Event
from . import calendar as cal
from .citations import Citation, cite_all, law_texts, on, typed
from .clock_events import INTAKE, closing, decided_on, missing_start
from .deadline import Deadline
from .schema import DeadlineRule, DeadlinesFile, RollOverPolicy
from .text import Text


def rules() -> list[DeadlineRule]:
    """The deadline rules, typed and validated at first use."""
    model: DeadlinesFile = typed("deadlines.json")
    return model.rules


def roll_policy() -> RollOverPolicy:
    """The one holiday roll-over policy every clock follows (民法典 203; 办法 45)."""
    model: DeadlinesFile = typed("deadlines.json")
    return model.roll_over


def clock_status(due: date | None, grace: date | None, closed: date | None, today: date) -> str:
    """``met`` / ``open`` / ``overdue`` from the due date, an allowed extension (``grace``), the
    day the clock closed and today."""
    if due is None:
        return "met" if closed else "open"
    last = grace or due
    if closed is not None:
        return "met" if closed <= last else "overdue"
    return "open" if today <= last else "overdue"


#: Each rule's citations and undated notes, worked out once per rule object: a rebuild runs
#: every rule for every case (``casework clocks rebuild``). The rule is kept beside them, so
#: its id is not reused while they are.
_CITED: dict[int, tuple[DeadlineRule, list[Citation], list[Text]]] = {}


def _cited(rule: DeadlineRule) -> tuple[list[Citation], list[Text]]:
    hit = _CITED.get(id(rule))
    if hit is None or hit[0] is not rule:
        cits = cite_all(rule.citations, where=f"deadlines.json:{rule.id}")
        notes = [Text(z, e) for z, e in zip(rule.notes_zh, rule.notes_en, strict=True)]
        hit = (rule, cits, notes)
        _CITED[id(rule)] = hit
    return hit[1], hit[2]


def _notes(rule: DeadlineRule, cits: list[Citation]) -> list[Text]:
    notes = list(_cited(rule)[1])
    if rule.dated_notes:
        laws_now = {c.law for c in cits}
        notes += [Text(n.zh, n.en) for n in rule.dated_notes if n.law in laws_now]
    return notes


def _rolled_note(unrolled: date, due: date, cits: list[Citation]) -> Text:
    policy = roll_policy()
    basis = cite_all(policy.citations, where="deadlines.json:roll_over")
    # A procedural text's own counting article, where the clock cites that text (办法第45条).
    laws = {c.law for c in cits}
    counting = cite_all(policy.counting, where="deadlines.json:roll_over")
    basis += [c for c in counting if c.law in laws][:1]
    basis_zh = "；".join(c.title("zh") for c in basis)
    basis_en = "; ".join(c.title("en") for c in basis)
    return Text(
        f"期满日 {unrolled} 为休息日，顺延至 {due}（{basis_zh}）",
        f"the last day {unrolled} is a rest day; rolled to {due} ({basis_en})",
    )


def _blank(rule: DeadlineRule, cits: list[Citation], decided: date | None) -> Deadline:
    """The clock as its rule describes it, not yet started: no start, no due date."""
    conflict = rule.conflict
    d = Deadline(
        rule_id=rule.id,
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
        decided_on=decided,
    )
    if d.unverified:
        d.warnings.append(
            Text(
                "依据的数字未核实，使用前请核对原文",
                "the figures rest on unverified sources; check the text first",
            )
        )
    return d


def _does_not_run(
    d: Deadline, rule: DeadlineRule, case: Case, start_ev: Event | None, facts: frozenset[str]
) -> bool:
    """True when the clock does not run for this case (another category, a fact unconfirmed,
    no start event yet), with a note saying what it waits for."""
    if rule.categories != "*" and case.category not in rule.categories:
        return True
    if rule.only_if and rule.only_if not in facts:
        d.notes.append(
            Text(
                "仅在缺陷产品造成人身或其他财产损害时适用，请确认后再计",
                "applies only if the defect caused injury or other damage; confirm it first",
            )
        )
        return True
    if start_ev is None:
        d.notes.append(missing_start(rule.start.events))
        return True
    return False


def _start(d: Deadline, start_ev: Event, closed_by: Event | None) -> None:
    d.start = start_ev.at.date()
    d.ref = start_ev.text
    if start_ev.source == INTAKE:
        d.notes.append(
            Text("起算日取自登记的购买日期", "starts from the purchase date entered at intake")
        )
    if closed_by is not None:
        d.closed_on, d.closed_by = closed_by.at.date(), closed_by.kind.value


@dataclass
class _Counted:
    """What counting found: an allowed extension's last day, and the calendar's gaps."""

    grace: date | None = None
    gaps: list[Text] = field(default_factory=list)


def _count(d: Deadline, rule: DeadlineRule, cits: list[Citation]) -> _Counted:
    """The due date: counted, rolled over a rest day, and the extension the rule allows."""
    out = _Counted()
    if d.days is None or d.start is None:
        return out
    # One roll-over policy for every clock (deadlines.json "roll_over"): a last day on a
    # rest day rolls to the next working day; working-day counts end on a working day anyway.
    # A retention period is a minimum, not the last day to act: it does not roll.
    roll = d.unit != "working_days" and d.kind != "retention"
    counted = cal.count(d.start, d.days, d.unit, roll=roll)
    d.due, d.estimated = counted.due, counted.estimated
    d.warnings.extend(counted.warnings)
    out.gaps.extend(counted.warnings)
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
        d.extended_due = out.grace = longer.due
        d.notes.append(Text(f"可延长至 {longer.due}", f"may be extended to {longer.due}"))
    return out


def clock(
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
    every = _cited(rule)[0]
    closed_by = closing(rule, events, start_ev) if start_ev is not None else None
    decided = (
        on_date
        if on_date is not None
        else decided_on(rule, start_ev, events, closed_by, today)
        if start_ev is not None
        else today
    )
    cits = on(every, decided)
    if not cits:
        return None
    d = _blank(rule, cits, decided if start_ev is not None else None)
    if _does_not_run(d, rule, case, start_ev, facts) or start_ev is None:
        return d
    _start(d, start_ev, closed_by)
    counted = _count(d, rule, cits)
    d.status = clock_status(d.due, counted.grace, d.closed_on, today)
    if d.status == "met" and d.closed_on and d.estimated and cal.is_covered(d.closed_on):
        # Closed in a year the calendar knows, before the unknown year began: the estimate of
        # the due date cannot change the result, so its warning would only be noise.
        d.warnings = [w for w in d.warnings if w not in counted.gaps]
    return d


def transition(
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
    second = clock(rule, case, start_ev, events, today, facts, on_date=switch)
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
