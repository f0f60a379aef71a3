"""A route (维权路径) as the planner returns it: the stops of the ladder (:class:`RouteStep`) and
the plan (:class:`RoutePlan`) with the respondent, the report track and the suggestion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .citations import Citation
from .deadline import Deadline
from .text import Text


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
    #: What to do next on this track (the report's: file it, wait for the check, chase it up).
    next_action: Text | None = None

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
            "next_action": self.next_action.to_dict() if self.next_action else None,
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
