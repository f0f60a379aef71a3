"""Which events start and close a clock (期限的起止事件), and whose text in force decides it.

A rule of deadlines.json names the events that start it (签收 = signed for delivery, a complaint
filed …) and those that close it (the regulator's acceptance, a refund …); a restart (民法典 195)
moves the start. The purchase date entered at intake stands in for a purchase nobody logged.
"""

from __future__ import annotations

from datetime import date, datetime, time

from ..cases import Actor, Case, Communication, Event, EventKind
from ..clock import SHANGHAI
from .schema import CloseSpec, DeadlineRule, StartSpec
from .text import Text


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


def starts(rule: DeadlineRule, events: list[Event]) -> list[Event]:
    spec = rule.start
    kinds = spec.events
    # The kind first, inline: most events are of another kind, and a call per event and rule
    # was most of a rebuild's matching (casework clocks rebuild runs every rule for every case).
    found = [e for e in events if e.kind in kinds and _matches(e, spec, kinds)]
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


def closing(rule: DeadlineRule, events: list[Event], start: Event) -> Event | None:
    spec = rule.close
    return next(
        (
            e
            for e in events
            if e.kind in spec.events
            and e.at >= start.at
            and e.id != start.id
            and _matches(e, spec, spec.events)
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


#: ``Event.source`` of the purchase stood in for by the intake's purchase date.
INTAKE = "intake:purchase_date"


#: What to log for a clock that has not started (签收 = signed for: a time on the waybill).
_MISSING = {"delivered": ("签收时间", "the delivery (签收) event")}


def missing_start(kinds: list[EventKind]) -> Text:
    """Which event a clock waits for, so the advocate knows what to log (never a guessed date)."""
    says = [
        _MISSING.get(k.value, (f"「{k.zh}」事件", f"the {k.value.replace('_', ' ')} event"))
        for k in kinds
    ]
    return Text("需记录" + "或".join(z for z, _ in says), "log " + " or ".join(e for _, e in says))


def with_intake_purchase(case: Case, events: list[Event]) -> list[Event]:
    """The purchase date entered at intake stands for a purchase event nobody logged, so the
    clocks that run from the sale (三包, payment records) still run. Only the purchase: a 签收
    date is never guessed from it."""
    if case.purchase_date is None or any(e.kind == EventKind.PURCHASE for e in events):
        return events
    at = datetime.combine(case.purchase_date, time(0, 0), tzinfo=SHANGHAI)
    stand_in = Event(id=-1, case_id=case.id, at=at, kind=EventKind.PURCHASE, source=INTAKE)
    return sorted([stand_in, *events], key=lambda e: (e.at, e.id or 0))


def answered(c: Communication, comms: list[Communication], events: list[Event]) -> datetime | None:
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
