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

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..cases import Actor, Case, Category, Communication, Event, EventKind
from .citations import Citation, cite_all, in_force, law_texts, on, typed
from .deadlines import Deadline, compute, escalating
from .drafts import answering
from .schema import ReachedBy, RouteStepData, RoutingFile, RoutingRule
from .text import Text

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class RouteStep:
    """One stop on the ladder."""

    id: str
    order: int
    name_zh: str
    name_en: str
    actor: str
    needs_zh: list[str]
    needs_en: list[str]
    trigger: Text
    on_overdue: Text
    citations: list[Citation]
    deadline: date | None = None
    deadline_name: str = ""
    deadline_name_en: str = ""
    deadline_status: str = ""
    reached: bool = False
    current: bool = False
    jurisdiction: Text | None = None
    track: str = "complaint"  # complaint | report
    #: Stops that exclude this one (12315 or 消协: one dispute, one handler).
    alternatives: list[str] = field(default_factory=list)
    #: An alternative was already taken, so this stop is not advised.
    excluded: bool = False
    notes: list[Text] = field(default_factory=list)
    #: The next-step documents (drafts.json kinds) that answer this stop's late clocks (#19).
    drafts: list[str] = field(default_factory=list)

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "order": self.order,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "actor": self.actor,
            "needs_zh": self.needs_zh,
            "needs_en": self.needs_en,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_name": self.deadline_name,
            "deadline_name_en": self.deadline_name_en,
            "deadline_status": self.deadline_status,
            "trigger": self.trigger.to_dict(),
            "on_overdue": self.on_overdue.to_dict(),
            "reached": self.reached,
            "current": self.current,
            "track": self.track,
            "alternatives": self.alternatives,
            "excluded": self.excluded,
            "notes": [n.to_dict() for n in self.notes],
            "drafts": self.drafts,
            "jurisdiction": self.jurisdiction.to_dict() if self.jurisdiction else None,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class RoutePlan:
    """The first stop, the ladder and, when a clock is overdue, the suggestion to escalate."""

    case_id: str
    category: str
    today: date
    steps: list[RouteStep]
    report_track: RouteStep | None = None
    current: str | None = None
    next: str | None = None
    respondent: Text | None = None
    platform_as_respondent: bool = False
    #: named | to_be_identified | platform | self_operated
    respondent_status: str = "named"
    suggestion: Text | None = None
    overdue: list[Deadline] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    @property
    def first_stop(self) -> RouteStep:
        return self.steps[0]

    def step(self, step_id: str) -> RouteStep:
        return next(s for s in [*self.steps, self.report_track] if s and s.id == step_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "category": self.category,
            "today": self.today.isoformat(),
            "first_stop": self.first_stop.id,
            "current": self.current,
            "next": self.next,
            "steps": [s.to_dict() for s in self.steps],
            "report_track": self.report_track.to_dict() if self.report_track else None,
            "respondent": self.respondent.to_dict() if self.respondent else None,
            "platform_as_respondent": self.platform_as_respondent,
            "respondent_status": self.respondent_status,
            "suggestion": self.suggestion.to_dict() if self.suggestion else None,
            "overdue": [d.to_dict() for d in self.overdue],
            "notes": [n.to_dict() for n in self.notes],
            "citations": [c.to_dict() for c in self.citations],
        }


# -- places -------------------------------------------------------------------------------------

_COUNTY = re.compile(r"^([^路街道镇乡号巷弄村]{2,20}?(?:区|县|旗))")
_CITY = re.compile(r"^([^路街道镇乡号巷弄村]{2,20}?市)")


def county_of(address: str) -> str:
    """The county-level place an address starts with: "浙江省杭州市余杭区…" → "浙江省杭州市余杭区"."""
    text = address.replace(" ", "")
    m = _COUNTY.match(text) or _CITY.match(text)
    return m.group(1) if m else ""


def measures_article(topic: str, day: date, lang: str = "zh") -> str:
    """ "暂行办法第12条" / "办法第13条": the complaint measures in force on ``day``, by topic."""
    law = law_texts()[in_force("complaint_measures", day)]
    art = law.articles[topic]
    if lang == "en":
        return f"{law.short_en} Art{'s' if '、' in art else ''}. {art.replace('、', ', ')}"
    return f"{law.short_zh}第{art}条"


_PLACEHOLDER = re.compile(r"\{complaint_measures:(\w+)\}")


def _fill(text: str, day: date, lang: str) -> str:
    return _PLACEHOLDER.sub(lambda m: measures_article(m.group(1), day, lang), text)


def _regulator_hint(case: Case, platform_only: bool, day: date) -> Text:
    county = "" if platform_only else county_of(case.respondent_address)
    platform = case.platform or "平台"
    zh_art, en_art = (
        measures_article("jurisdiction", day),
        measures_article("jurisdiction", day, "en"),
    )
    if county:
        return Text(
            f"{county}市场监督管理局（被投诉人所在地，{zh_art}）；"
            f"或{platform}经营者住所地县级市场监督管理部门",
            f"the market regulation bureau of {county} (where the respondent is, {en_art}), or "
            f"the county regulator where {platform}'s operator is domiciled",
        )
    return Text(
        f"{platform}经营者住所地县级市场监督管理部门（见平台首页公示的营业执照信息，电子商务法第15条）",
        f"the county market regulator where {platform}'s operator is domiciled (see the "
        "licence shown on the platform's home page, E-commerce Law Art. 15)",
    )


def _court_hint(case: Case) -> Text:
    county = county_of(case.complainant_address)
    if case.category == Category.PAYMENT:
        # A payment-service dispute is a contract dispute (民诉法 24), not an online sale.
        return Text(
            "被告（支付机构）住所地或合同履行地的基层人民法院（民事诉讼法第24条）",
            "the basic people's court where the defendant (the payment provider) is domiciled or "
            "where the contract is performed (Civil Procedure Law Art. 24)",
        )
    if county:
        return Text(
            f"收货地 {county} 的基层人民法院（民诉法解释第20条），或被告住所地法院；请核对实际收货地址",
            f"the basic people's court of {county}, the place of receipt (Civil Procedure "
            "Interpretation Art. 20), or the defendant's domicile; check the delivery address",
        )
    return Text(
        "收货地或被告住所地的基层人民法院（民诉法解释第20条）",
        "the basic people's court where the goods were received or where the defendant "
        "is domiciled (Civil Procedure Interpretation Art. 20)",
    )


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
    name = (platform or "").strip().lower()
    out = []
    for c in cits:
        bound = law_texts()[c.law].platforms
        if not bound or (name and any(p.lower() in name for p in bound)):
            out.append(c)
    return out


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
        trigger=Text(_fill(data.trigger_zh, day, "zh"), _fill(data.trigger_en, day, "en")),
        on_overdue=Text(_fill(data.on_overdue_zh, day, "zh"), _fill(data.on_overdue_en, day, "en")),
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


def _first_cite(clock: Deadline, lang: str) -> str:
    return clock.citations[0].label(lang) if clock.citations else clock.ref


def _overdue_text(clock: Deadline, today: date) -> Text:
    # The citation leads, so its own （2022-03-24 文本） is not nested inside another bracket.
    return Text(
        f"依据{_first_cite(clock, 'zh')}，「{clock.name_zh}」应在{clock.length_text.zh}内完成，"
        f"已于 {clock.due} 到期，截至 {today} 仍无结果",
        f"under {_first_cite(clock, 'en')}, '{clock.name_en}' ({clock.length_text.en}) was due "
        f"on {clock.due} and nothing has come by {today}",
    )


def _onward(steps: list[RouteStep], lang: str) -> str:
    """The stops still ahead, in order; alternatives (12315 or 消协) joined by "or", not "→"."""
    parts: list[str] = []
    prev: RouteStep | None = None
    for s in steps:
        name = s.name(lang)
        if prev is not None and prev.id in s.alternatives:
            parts[-1] += (" 或 " if lang == "zh" else " or ") + name
        else:
            parts.append(name)
        prev = s
    return " → ".join(parts)


def _suggestion(plan: RoutePlan, clocks: list[Deadline], ladder: list[RouteStep]) -> None:
    overdue = escalating(clocks)
    plan.overdue = overdue
    if not overdue:
        return
    # A report (举报) runs on its own track (办法 Art. 9): its overdue clock is chased up
    # the regulator's hierarchy, never down the complaint ladder back to the seller.
    track = plan.report_track
    on_report = [d for d in overdue if track is not None and d.step == track.id]
    on_ladder = [d for d in overdue if d not in on_report]
    parts_zh, parts_en = [], []
    if on_ladder:
        ids = [s.id for s in ladder]

        def stage(d: Deadline) -> int:
            step = d.step or next((s.id for s in ladder if s.actor == d.party), "")
            return ids.index(step) if step in ids else -1

        clock = max(on_ladder, key=lambda d: (stage(d), d.due or date.min))
        at = stage(clock)
        here = ladder[at] if at >= 0 else None
        later = ladder[at + 1 :] if at >= 0 else ladder
        # A stop already tried (the association took the complaint) is not advice any more,
        # nor is the alternative of a stop tried (12315 taken: not 消协 as well).
        later = [s for s in later if not s.reached and not s.excluded] or later
        onward_zh = _onward(later, "zh") or "人民法院起诉"
        onward_en = _onward(later, "en") or "a lawsuit"
        act = here.on_overdue if here else Text("升级处理", "escalate")
        why = _overdue_text(clock, plan.today)
        parts_zh.append(f"{why.zh}。请{act.zh}；仍无进展的，下一步：{onward_zh}。")
        parts_en.append(f"{why.en}. Next: {act.en}; if that fails: {onward_en}.")
    if on_report and track is not None:
        clock = min(on_report, key=lambda d: d.due or date.min)
        why = _overdue_text(clock, plan.today)
        sep_zh = measures_article("separate_handling", plan.today)
        sep_en = measures_article("separate_handling", plan.today, "en")
        parts_zh.append(
            f"举报：{why.zh}。请{track.on_overdue.zh}（举报与投诉分别处理，{sep_zh}）。"
        )
        parts_en.append(
            f"Report: {why.en}. Next: {track.on_overdue.en} (a report is handled apart from "
            f"the complaint, {sep_en})."
        )
    plan.suggestion = Text("建议升级：" + "".join(parts_zh), "Escalate: " + " ".join(parts_en))


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
    ids = data.ladders[case.category]

    def day_of(step: RouteStepData) -> date:
        return received if step.decided_by == "complaint_received" else today

    ladder = [
        _step(data.steps[sid], i + 1, case, day_of(data.steps[sid])) for i, sid in enumerate(ids)
    ]
    plan = RoutePlan(case.id, case.category.value, today, ladder)
    _respondent(plan, case, events, comms, received)

    for step in ladder:
        step.reached = _reached(data.steps[step.id].reached_by, events, comms)
    # Alternatives: once one of them is tried, the other is not a further rung (a dispute the
    # regulator accepted is not handled by the association too, 办法 Art. 16 ¶1 item 2).
    tried = {s.id for s in ladder if s.reached}
    for step in ladder:
        step.excluded = not step.reached and any(a in tried for a in step.alternatives)
    for i, step in enumerate(ladder):
        after = [s for s in ladder[i + 1 :] if not s.excluded and s.id not in step.alternatives]
        _attach_deadline(step, clocks, after[0] if after else None)
        if step.id == "regulator_12315":
            step.jurisdiction = _regulator_hint(
                case, plan.respondent_status in ("platform", "to_be_identified"), received
            )
        elif step.id in ("court", "arbitration"):
            step.jurisdiction = _court_hint(case)
    reached = [s for s in ladder if s.reached]
    if reached:
        reached[-1].current = True
        plan.current = reached[-1].id
        later = [
            s
            for s in ladder
            if s.order > reached[-1].order
            and not s.excluded
            and s.id not in reached[-1].alternatives
        ]
        plan.next = later[0].id if later else None
    else:
        plan.next = ladder[0].id
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

    report_filed = any(e.kind == EventKind.REPORT_FILED for e in events)
    if case.is_report or report_filed or case.category in data.report_categories:
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

    lapsed = [
        d for d in clocks if d.kind == "window" and d.status == "overdue" and d.party == "consumer"
    ]
    for d in lapsed:
        plan.notes.append(
            Text(
                f"注意：「{d.name_zh}」已于 {d.due} 届满", f"note: '{d.name_en}' lapsed on {d.due}"
            )
        )
    _suggestion(plan, clocks, ladder)
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
