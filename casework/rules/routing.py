"""The routing planner (维权路径): where to go first and where to go next, and when.

For the case's category the ladder runs seller → platform → 12315 / market regulator *or* consumer
association (alternatives: one dispute is not handled twice) → court (the seed's table of which
department handles which problem). Citations are dated: the 12315 step cites the text in force when
the complaint was received (暂行办法 before 2026-04-15, the 2026 办法 after), and a platform's own
rules are cited for that platform only. Each step says
what it needs, the clock that runs there and the trigger for moving on ("no answer by 2026-10-29 →
…"). An overdue clock of someone else's duty produces :attr:`RoutePlan.suggestion` — escalate, and
why. A report (举报) runs as a separate track (暂行办法 Art. 7, 办法 Art. 9); the respondent is "to be
identified" until the platform says it cannot give the seller's details, and only then is the
platform the respondent (消保法 Art. 44); a self-operated (自营) platform is the seller itself.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..cases import Actor, Case, Communication, Event, EventKind
from .citations import Citation, cite_all, on, typed
from .deadline import Deadline
from .deadlines import compute
from .drafts import answering
from .escalation import suggest
from .places import county_of, court_hint, fill, measures_article, regulator_hint
from .route_plan import RoutePlan, RouteStep
from .schema import ReachedBy, RouteStepData, RoutingFile, RoutingRule
from .text import Text

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "RoutePlan",
    "RouteStep",
    "county_of",
    "for_platform",
    "measures_article",
    "plan_route",
    "route",
]


# -- building the plan --------------------------------------------------------------------------


_NAMED_EVENT_KINDS = ("contacted_seller", "complaint_filed", "reply_received")


def _reached(spec: ReachedBy, events: list[Event], comms: list[Communication]) -> bool:
    for want in spec.events:
        kind, actor = (want, None) if isinstance(want, EventKind) else (want.kind, want.actor)
        if any(e.kind == kind and (actor is None or e.actor == actor) for e in events):
            return True
    if any(c.counterpart_kind in spec.comms for c in comms):
        return True
    if any(c.channel.value in spec.channels for c in comms):
        return True
    # Stops with no actor of their own (the postal bureau, 12378, a brand's service centre) are
    # known by name: in whom a contact was with, or what a contact / complaint event says.
    said = [c.counterpart for c in comms]
    said += [e.text for e in events if e.kind.value in _NAMED_EVENT_KINDS]
    return any(n in text for n in spec.names for text in said)


def for_platform(cits: list[Citation], platform: str | None) -> list[Citation]:
    """A platform's own rules (平台规则) bind that platform only: a JD case never cites the
    Taobao rules, and a case with no known platform cites none."""
    return [c for c in cits if c.applies(platform, None)]


def _complaint_day(events: list[Event], today: date) -> date:
    """The day the 12315 complaint was received (its text governs the step), else today."""
    filed = [
        e
        for e in events
        if e.kind == EventKind.COMPLAINT_FILED
        and e.actor in (Actor.REGULATOR, Actor.CONSUMER, Actor.ADVOCATE)
        and "邮政管理" not in e.text
    ]
    return filed[0].at.date() if filed else today


def _step(
    data: RouteStepData,
    order: int,
    case: Case,
    day: date,
    track: str = "complaint",
) -> RouteStep:
    cits = for_platform(
        on(cite_all(data.citations, where=f"routing.json:{data.id}"), day), case.platform
    )
    laws_now = {c.law for c in cits}
    return RouteStep(
        id=data.id,
        order=order,
        name_zh=data.name_zh,
        name_en=data.name_en,
        actor=data.actor.value,
        needs_zh=list(data.needs_zh),
        needs_en=list(data.needs_en),
        trigger=Text(fill(data.trigger_zh, day, "zh"), fill(data.trigger_en, day, "en")),
        on_overdue=Text(fill(data.on_overdue_zh, day, "zh"), fill(data.on_overdue_en, day, "en")),
        citations=cits,
        track=track,
        alternatives=list(data.alternative_to),
        notes=[Text(n.zh, n.en) for n in data.dated_notes if n.law in laws_now],
    )


def _attach_deadline(
    step: RouteStep, clocks: list[Deadline], nxt: RouteStep | None, then: Text | None = None
) -> None:
    """The step's earliest running duty clock, and the trigger for moving on (to ``nxt``, or
    to the action ``then`` for a step with no next stop)."""
    mine = [
        d
        for d in clocks
        if d.kind == "duty"
        and d.due
        and d.status in ("open", "overdue")
        and d.closed_on is None
        and (d.step == step.id or (d.source == "communication" and d.party == step.actor))
    ]
    if mine:
        first = min(mine, key=lambda d: d.due or date.max)
        step.deadline, step.deadline_status = first.due, first.status
        step.deadline_name, step.deadline_name_en = first.name_zh, first.name_en
    target_zh = f"「{nxt.name_zh}」" if nxt else then.zh if then else "下一步"
    target_en = nxt.name_en if nxt else then.en if then else "the next step"
    base = step.trigger
    if step.deadline:
        step.trigger = Text(
            f"至 {step.deadline} 仍无结果，或{base.zh} → {target_zh}",
            f"nothing by {step.deadline}, or {base.en} → {target_en}",
        )
    elif nxt:
        step.trigger = Text(f"{base.zh} → {target_zh}", f"{base.en} → {target_en}")


def _rule(rule_id: str) -> RoutingRule:
    data: RoutingFile = typed("routing.json")
    return next(r for r in data.rules if r.id == rule_id)


def _rule_text(
    rule_id: str, day: date | None = None, case: Case | None = None
) -> tuple[Text, list[Citation]]:
    """A routing rule's text and citations as of ``day`` (the wording of the text in force)."""
    rule = _rule(rule_id)
    cits = cite_all(rule.citations, where=f"routing.json:{rule_id}")
    if day is not None:
        cits = on(cits, day) or cits
    if case is not None:
        cits = for_platform(cits, case.platform)
    laws_now = {c.law for c in cits}
    dated = next((t for t in rule.texts if t.law in laws_now), None)
    text = Text(dated.zh, dated.en) if dated else Text(rule.text_zh, rule.text_en)
    return text, cits


def _applies(rule_id: str, case: Case) -> bool:
    cats = _rule(rule_id).categories
    return cats == "*" or case.category in cats


def _said(case: Case, events: list[Event], comms: list[Communication], words: list[str]) -> bool:
    texts = [case.shop_name or "", case.respondent_name or ""]
    texts += [c.summary for c in comms if c.counterpart_kind == Actor.PLATFORM]
    texts += [e.text for e in events if e.actor == Actor.PLATFORM]
    return any(w in t for w in words for t in texts)


def _respondent(
    plan: RoutePlan, case: Case, events: list[Event], comms: list[Communication], day: date
) -> None:
    """Who the complaint is against. A named seller is the respondent; a self-operated (自营)
    platform is the seller (网络消费纠纷规定（一）Art. 4); otherwise the seller is "to be
    identified" — ask the platform for its details — and the platform answers for it only once
    it says it cannot give them (消保法 Art. 44)."""
    who = case.platform or "平台"
    own = _rule("self_operated")
    if _said(case, [], [], own.signals) and case.platform:
        text, cits = _rule_text("self_operated", day, case)
        plan.respondent_status = "self_operated"
        name = case.respondent_name or f"{who}经营者"
        plan.respondent = Text(
            f"{name}（平台自营，平台为销售者）：{text.zh}",
            f"{name} (self-operated: the platform is the seller): {text.en}",
        )
        plan.citations += cits
        return
    if case.respondent_name:
        plan.respondent = Text(case.respondent_name)
        return
    rule = _rule("platform_as_respondent")
    text, cits = _rule_text("platform_as_respondent", day, case)
    if _said(case, events, comms, rule.signals):
        plan.platform_as_respondent = True
        plan.respondent_status = "platform"
        plan.respondent = Text(
            f"被投诉人：{who}（平台不能提供商家的真实名称、地址和联系方式）：{text.zh}",
            f"respondent: {who} (the platform cannot give the seller's real name, address and "
            f"contact): {text.en}",
        )
        plan.citations += cits
        return
    plan.respondent_status = "to_be_identified"
    pending = Text(
        rule.pending_zh.replace("{platform}", who),
        rule.pending_en.replace("{platform}", case.platform or "the platform"),
    )
    plan.respondent = pending
    plan.notes.insert(0, pending)


def _ladder(
    data: RoutingFile, case: Case, events: list[Event], comms: list[Communication], today: date
) -> list[RouteStep]:
    """The category's stops in order, each cited as of the day that picks its text, with
    whether it was reached and whether an alternative already taken excludes it."""
    received = _complaint_day(events, today)

    def day_of(step: RouteStepData) -> date:
        return received if step.decided_by == "complaint_received" else today

    ids = data.ladders[case.category]
    ladder = [
        _step(data.steps[sid], i + 1, case, day_of(data.steps[sid])) for i, sid in enumerate(ids)
    ]
    for step in ladder:
        step.reached = _reached(data.steps[step.id].reached_by, events, comms)
    # Alternatives: once one of them is tried, the other is not a further rung (a dispute the
    # regulator accepted is not handled by the association too, 办法 Art. 16 ¶1 item 2).
    tried = {s.id for s in ladder if s.reached}
    for step in ladder:
        step.excluded = not step.reached and any(a in tried for a in step.alternatives)
    return ladder


def _clocks_and_places(
    plan: RoutePlan, ladder: list[RouteStep], clocks: list[Deadline], case: Case, received: date
) -> None:
    """Each stop's running clock and trigger for moving on, and where the regulator or the
    court sits."""
    for i, step in enumerate(ladder):
        after = [s for s in ladder[i + 1 :] if not s.excluded and s.id not in step.alternatives]
        _attach_deadline(step, clocks, after[0] if after else None)
        if step.id == "regulator_12315":
            step.jurisdiction = regulator_hint(
                case, plan.respondent_status in ("platform", "to_be_identified"), received
            )
        elif step.id in ("court", "arbitration"):
            step.jurisdiction = court_hint(case)


def _position(plan: RoutePlan, ladder: list[RouteStep]) -> None:
    """The stop the case is at (the last one reached) and the next one."""
    reached = [s for s in ladder if s.reached]
    if not reached:
        plan.next = ladder[0].id
        return
    last = reached[-1]
    last.current = True
    plan.current = last.id
    later = [
        s
        for s in ladder
        if s.order > last.order and not s.excluded and s.id not in last.alternatives
    ]
    plan.next = later[0].id if later else None


def _stop_notes(
    plan: RoutePlan, ladder: list[RouteStep], case: Case, received: date, today: date
) -> None:
    """The advice and basis of the stops in play, and which stops are alternatives."""
    live = {s.id for s in ladder if s.reached} | {plan.next}
    on_ladder = {s.id for s in ladder}
    # Advice of the stops in play (Order 121 Art. 17 living-consumption factors, Arts. 11–12
    # agents and group complaints) for the advocate; the submission does not print route notes.
    for step in ladder:
        if step.id in live and not step.excluded:
            plan.notes.extend(step.notes)
    # (rule, stop, the date that picks its text, whether it is basis or advice only)
    venues = (
        ("regulator_jurisdiction", "regulator_12315", received, True),
        ("non_acceptance", "regulator_12315", received, False),
        ("court_venue", "court", today, True),
        ("court_venue_payment", "court", today, True),
    )
    for rid, step_id, day, basis in venues:
        if step_id not in on_ladder or not _applies(rid, case):
            continue  # a payment dispute does not go to the market regulator
        text, cits = _rule_text(rid, day, case)
        plan.notes.append(text)
        if basis and step_id in live:  # the basis counts once the case is at (or going to) it
            plan.citations += cits
    _alternatives_note(plan, ladder)


def _alternatives_note(plan: RoutePlan, ladder: list[RouteStep]) -> None:
    paired: set[str] = set()
    for s in ladder:
        other = next((x for x in ladder if x.id in s.alternatives), None)
        if other is not None and s.id not in paired:
            paired |= {s.id, other.id}
            plan.notes.append(
                Text(
                    f"「{s.name_zh}」与「{other.name_zh}」择一即可：同一争议已被一方受理或处理的，另一方不予受理",
                    f"'{s.name_en}' and '{other.name_en}' are alternatives: a dispute one of them "
                    "has accepted or handled is not taken by the other",
                )
            )


def report_next_action(track: RouteStep) -> Text:
    """What to do next on the report track: file it, wait for the check, or chase it up."""
    if not track.reached:
        return Text("提交举报", "file the report")
    if track.deadline_status == "overdue":
        return track.on_overdue
    if track.deadline_status == "met":
        return Text("已核查处理，无需催办", "handled; nothing to chase")
    due = track.deadline.isoformat() if track.deadline else ""
    late = track.on_overdue
    return Text(
        f"等待核查处理{f'（{due} 前）' if due else ''}；逾期则{late.zh}",
        f"wait for the check{f' (due {due})' if due else ''}; if it is late, {late.en}",
    )


def _report_track(
    plan: RoutePlan,
    data: RoutingFile,
    case: Case,
    events: list[Event],
    clocks: list[Deadline],
    today: date,
) -> None:
    """A report (举报) runs apart from the complaint (暂行办法 Art. 7, 办法 Art. 9): its own stop,
    its own clock, where to file it and its next action."""
    report_filed = any(e.kind == EventKind.REPORT_FILED for e in events)
    if not (case.is_report or report_filed or case.category in data.report_categories):
        return
    reported = next((e.at.date() for e in events if e.kind == EventKind.REPORT_FILED), today)
    track = _step(data.steps["report_12315"], 0, case, reported, track="report")
    track.reached = report_filed
    _attach_deadline(track, clocks, None, then=track.on_overdue)
    where_zh = measures_article("report_jurisdiction", reported)
    where_en = measures_article("report_jurisdiction", reported, "en")
    track.jurisdiction = Text(
        f"违法行为发生地县级以上市场监督管理部门；平台内经营者为其实际经营地（{where_zh}）",
        "the market regulator where the violation happened; for an in-platform seller, "
        f"where it actually operates ({where_en})",
    )
    track.next_action = report_next_action(track)
    plan.report_track = track
    text, cits = _rule_text("complaint_and_report", reported, case)
    if not case.is_report and not report_filed:
        text = Text(
            "本类问题通常也涉及违法行为，可另行举报。" + text.zh,
            "This kind of problem usually involves a violation too; consider a "
            "separate report. " + text.en,
        )
    plan.notes.insert(0, text)
    plan.citations += cits


def _lapsed(plan: RoutePlan, clocks: list[Deadline]) -> None:
    """The consumer's own windows that have run out, said plainly."""
    for d in clocks:
        if d.kind == "window" and d.status == "overdue" and d.party == "consumer":
            plan.notes.append(
                Text(
                    f"注意：「{d.name_zh}」已于 {d.due} 届满",
                    f"note: '{d.name_en}' lapsed on {d.due}",
                )
            )


def plan_route(
    case: Case,
    events: list[Event],
    comms: list[Communication],
    today: date,
    clocks: list[Deadline] | None = None,
) -> RoutePlan:
    """The pure planner for these facts."""
    data: RoutingFile = typed("routing.json")
    clocks = clocks if clocks is not None else compute(case, events, comms, today)
    received = _complaint_day(events, today)
    ladder = _ladder(data, case, events, comms, today)
    plan = RoutePlan(case.id, case.category.value, today, ladder)
    _respondent(plan, case, events, comms, received)
    _clocks_and_places(plan, ladder, clocks, case, received)
    _position(plan, ladder)
    _stop_notes(plan, ladder, case, received, today)
    _report_track(plan, data, case, events, clocks, today)
    _lapsed(plan, clocks)
    suggest(plan, clocks, ladder)
    _name_drafts(plan, clocks)
    return plan


def _name_drafts(plan: RoutePlan, clocks: list[Deadline]) -> None:
    """Each stop names the documents that answer its clocks (督促履职申请 for the regulator's
    overdue acceptance …; ``casework draft ID --kind KIND`` writes one)."""
    stops = {s.id: s for s in [*plan.steps, plan.report_track] if s is not None}
    for d in clocks:
        for k in answering(d):
            step = stops.get(k.route_step) or stops.get(d.step)
            if step is not None and k.id not in step.drafts:
                step.drafts.append(k.id)


def route(store: Store, case_id: str, today: date | None = None) -> RoutePlan:
    """The route for a case as of ``today`` (default: the register's clock)."""
    case = store.get_case(case_id)
    today = today or store.clock().date()
    events, comms = store.list_events(case_id), store.list_communications(case_id)
    return plan_route(case, events, comms, today)
