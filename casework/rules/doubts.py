"""What the rules are not sure of (存疑事项), as data for the advocate's review sheet.

The submission states the article and the date of its text; the doubt belongs to the advocate:

* ``transition`` — a complaint received under one text and handled after the text that replaced
  it took effect (Order 20 → Order 121 on 2026-04-15, which has no transition rule): the clock is
  shown under both texts (:attr:`Deadline.doubtful`);
* ``one_source`` — an article whose wording rests on a single copy of the text
  (shared/notes/law-2026-update.md §6);
* ``unverified`` — a citation whose text was not read (三包 1995 …);
* ``estimated`` — a due date in a year the holiday calendar does not cover.

``casework.report.review`` reads :func:`doubts` to list them; nothing here reaches a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from .citations import Citation
from .deadline import Deadline
from .deadlines import deadlines_for
from .routing import RoutePlan, plan_route
from .text import Text

if TYPE_CHECKING:
    from ..store import Store

DoubtKind = Literal["transition", "one_source", "unverified", "estimated"]


@dataclass(frozen=True)
class Doubt:
    kind: DoubtKind
    #: The clock's rule id, or the citation's law key for a citation doubt.
    subject: str
    text: Text
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "text": self.text.to_dict(),
            "citations": [c.to_dict() for c in self.citations],
        }


def _cite_doubt(c: Citation) -> Doubt | None:
    if c.one_source:
        return Doubt(
            "one_source",
            c.law,
            Text(
                f"{c.title('zh')}的文字只见于一份资料，请以官方文本核对",
                f"the wording of {c.title('en')} rests on one source; check the official text",
            ),
            [c],
        )
    if c.unverified:
        return Doubt(
            "unverified",
            c.law,
            Text(
                f"{c.title('zh')}未经核实" + (f"：{c.caveat_zh}" if c.caveat_zh else ""),
                f"{c.title('en')} is not verified" + (f": {c.caveat_en}" if c.caveat_en else ""),
            ),
            [c],
        )
    return None


def doubts_of(clocks: list[Deadline], plan: RoutePlan | None = None) -> list[Doubt]:
    """Every doubt of these clocks and this route, each once."""
    out: list[Doubt] = []
    seen: set[tuple[str, str, str]] = set()

    def add(d: Doubt) -> None:
        key = (d.kind, d.subject, d.text.zh)
        if key not in seen:
            seen.add(key)
            out.append(d)

    cites: list[Citation] = []
    for d in clocks:
        if d.status == "not_applicable":
            continue
        if d.doubtful and d.doubt is not None:
            add(Doubt("transition", d.rule_id, d.doubt, list(d.citations)))
        if d.estimated:
            for w in d.warnings:
                if "chinese-calendar" in w.zh:
                    add(Doubt("estimated", d.rule_id, w))
        cites += d.citations
    if plan is not None:
        cites += plan.citations
        for step in [*plan.steps, plan.report_track]:
            if step is not None and (step.reached or step.id == plan.next):
                cites += step.citations
    for c in cites:
        found = _cite_doubt(c)
        if found is not None:
            add(found)
    return out


def doubts(store: Store, case_id: str, today: date | None = None) -> list[Doubt]:
    """The doubts of a case's clocks and route as of ``today``, for the review sheet."""
    case = store.get_case(case_id)
    today = today or store.clock().date()
    clocks = deadlines_for(store, case_id, today=today)
    plan = plan_route(
        case, store.list_events(case_id), store.list_communications(case_id), today, clocks
    )
    return doubts_of(clocks, plan)
