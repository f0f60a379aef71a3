"""One clock of one case (期限): the :class:`Deadline` the engine returns and every face shows.

Status (:class:`casework.vocabulary.ClockState`): ``met`` — closed on or before the due date;
``open`` — not closed, due date not passed; ``overdue`` — passed with no closing event, or closed
late (``closed_on`` says when); ``not_applicable`` — its start event has not happened or the rule
does not fit the case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .citations import Citation, join
from .text import Text

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
