"""The routing planner (维权路径): where to go first and where to go next, and when.

For the case's category the ladder runs seller → platform → 12315 / market regulator / consumer
association → court (the seed's table of which department handles which problem). Each step says
what it needs, the clock that runs there and the trigger for moving on ("no answer by 2026-10-29 →
…"). An overdue clock of someone else's duty produces :attr:`RoutePlan.suggestion` — escalate, and
why. A report (举报) runs as a separate track (暂行办法 Art. 7); the platform stands in as
respondent when the seller cannot be identified (消保法 Art. 44).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..cases import Case, Communication, Event
from .citations import Citation, cite_all, load
from .deadlines import Deadline, compute, escalating
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


def _regulator_hint(case: Case, platform_only: bool) -> Text:
    county = "" if platform_only else county_of(case.respondent_address)
    platform = case.platform or "平台"
    if county:
        return Text(
            f"{county}市场监督管理局（被投诉人所在地，暂行办法第12条）；"
            f"或{platform}经营者住所地县级市场监督管理部门",
            f"the market regulation bureau of {county} (where the respondent is, Interim "
            f"Measures Art. 12), or the county regulator where {platform}'s operator is "
            "domiciled",
        )
    return Text(
        f"{platform}经营者住所地县级市场监督管理部门（见平台首页公示的营业执照信息，电子商务法第15条）",
        f"the county market regulator where {platform}'s operator is domiciled (see the "
        "licence shown on the platform's home page, E-commerce Law Art. 15)",
    )


def _court_hint(case: Case) -> Text:
    county = county_of(case.complainant_address)
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


def _reached(spec: dict[str, Any], events: list[Event], comms: list[Communication]) -> bool:
    for want in spec.get("events", []):
        kind, actor = (want, None) if isinstance(want, str) else (want["kind"], want.get("actor"))
        if any(e.kind.value == kind and (actor is None or e.actor.value == actor) for e in events):
            return True
    if any(c.counterpart_kind.value in spec.get("comms", []) for c in comms):
        return True
    if any(c.channel.value in spec.get("channels", []) for c in comms):
        return True
    # Stops with no actor of their own (the postal bureau, 12363, a brand's service centre) are
    # known by name: in whom a contact was with, or what a contact / complaint event says.
    names = spec.get("names", [])
    said = [c.counterpart for c in comms]
    said += [e.text for e in events if e.kind.value in _NAMED_EVENT_KINDS]
    return any(n in text for n in names for text in said)


def _step(data: dict[str, Any], order: int, track: str = "complaint") -> RouteStep:
    return RouteStep(
        id=data["id"],
        order=order,
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        actor=data["actor"],
        needs_zh=data["needs_zh"],
        needs_en=data["needs_en"],
        trigger=Text(data["trigger_zh"], data["trigger_en"]),
        on_overdue=Text(data["on_overdue_zh"], data["on_overdue_en"]),
        citations=cite_all(data["citations"], where=f"routing.json:{data['id']}"),
        track=track,
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


def _rule_text(rule_id: str) -> tuple[Text, list[Citation]]:
    rule = next(r for r in load("routing.json")["rules"] if r["id"] == rule_id)
    return Text(rule["text_zh"], rule["text_en"]), cite_all(rule["citations"], where=rule_id)


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


def _suggestion(plan: RoutePlan, clocks: list[Deadline], ladder: list[RouteStep]) -> None:
    overdue = escalating(clocks)
    plan.overdue = overdue
    if not overdue:
        return
    # A report (举报) runs on its own track (暂行办法 Art. 7): its overdue clock is chased up
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
        # A stop already tried (the association took the complaint) is not advice any more.
        later = [s for s in later if not s.reached] or later
        onward_zh = " → ".join(s.name_zh for s in later) or "人民法院起诉"
        onward_en = " → ".join(s.name_en for s in later) or "a lawsuit"
        act = here.on_overdue if here else Text("升级处理", "escalate")
        why = _overdue_text(clock, plan.today)
        parts_zh.append(f"{why.zh}。请{act.zh}；仍无进展的，下一步：{onward_zh}。")
        parts_en.append(f"{why.en}. Next: {act.en}; if that fails: {onward_en}.")
    if on_report and track is not None:
        clock = min(on_report, key=lambda d: d.due or date.min)
        why = _overdue_text(clock, plan.today)
        parts_zh.append(
            f"举报：{why.zh}。请{track.on_overdue.zh}（举报与投诉分别处理，暂行办法第7条）。"
        )
        parts_en.append(
            f"Report: {why.en}. Next: {track.on_overdue.en} (a report is handled apart from "
            "the complaint, Interim Measures Art. 7)."
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
    data = load("routing.json")
    clocks = clocks if clocks is not None else compute(case, events, comms, today)
    ids = data["ladders"][case.category.value]
    ladder = [_step(data["steps"][sid], i + 1) for i, sid in enumerate(ids)]
    plan = RoutePlan(case.id, case.category.value, today, ladder)

    plan.platform_as_respondent = not case.respondent_name
    if plan.platform_as_respondent:
        text, cits = _rule_text("platform_as_respondent")
        who = case.platform or "平台"
        plan.respondent = Text(
            f"被投诉人暂定为{who}（商家身份未确认）：{text.zh}",
            f"respondent for now: {who} (seller not identified): {text.en}",
        )
        plan.citations += cits
    else:
        plan.respondent = Text(case.respondent_name)

    for i, step in enumerate(ladder):
        step.reached = _reached(data["steps"][step.id]["reached_by"], events, comms)
        _attach_deadline(step, clocks, ladder[i + 1] if i + 1 < len(ladder) else None)
        if step.actor == "regulator" and step.id == "regulator_12315":
            step.jurisdiction = _regulator_hint(case, plan.platform_as_respondent)
        elif step.id in ("court", "arbitration"):
            step.jurisdiction = _court_hint(case)
    reached = [s for s in ladder if s.reached]
    if reached:
        reached[-1].current = True
        plan.current = reached[-1].id
        later = [s for s in ladder if s.order > reached[-1].order]
        plan.next = later[0].id if later else None
    else:
        plan.next = ladder[0].id
    live = {s.id for s in ladder if s.reached} | {plan.next}
    on_ladder = {s.id for s in ladder}
    for rid, step_id in (("regulator_jurisdiction", "regulator_12315"), ("court_venue", "court")):
        if step_id not in on_ladder:
            continue  # a payment dispute does not go to the market regulator
        text, cits = _rule_text(rid)
        plan.notes.append(text)
        if step_id in live:  # the basis counts once the case is at (or going to) that stop
            plan.citations += cits

    report_filed = any(e.kind.value == "report_filed" for e in events)
    if case.is_report or report_filed or case.category.value in data["report_categories"]:
        track = _step(data["steps"]["report_12315"], 0, track="report")
        track.reached = report_filed
        _attach_deadline(track, clocks, None, then=track.on_overdue)
        track.jurisdiction = Text(
            "违法行为发生地县级以上市场监督管理部门；平台内经营者为其实际经营地（暂行办法第25、27条）",
            "the market regulator where the violation happened; for an "
            "in-platform seller, where it actually operates (Interim "
            "Measures Arts. 25, 27)",
        )
        plan.report_track = track
        text, cits = _rule_text("complaint_and_report")
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
    return plan


def route(store: Store, case_id: str, today: date | None = None) -> RoutePlan:
    """The route for a case as of ``today`` (default: the register's clock)."""
    case = store.get_case(case_id)
    today = today or store.clock().date()
    events, comms = store.list_events(case_id), store.list_communications(case_id)
    return plan_route(case, events, comms, today)
