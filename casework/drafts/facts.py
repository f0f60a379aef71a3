"""What a next-step document says, read from the case record (文书要素): parties, the complaint
and its number (工单号 / 投诉编号) from the communications log, the department, its superior, the
dates, the clock and its citations, the evidence list.

Pure reading: nothing here writes. Places are inferred from names the log holds (the 12315
platform says which bureau it forwarded to); what is inferred is said so on the review sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..cases import Actor, Case, Communication, Event, EventKind
from ..rules import calendar as cal
from ..rules.citations import Citation, dedupe, join
from ..rules.deadlines import Deadline
from ..rules.drafts import citations_of, reply_citations
from ..rules.schema_drafts import DraftKind

if TYPE_CHECKING:
    from ..store import Store

#: A market-regulation bureau named in the log: the name runs back to a verb or a stop.
_DEPT = re.compile(r"([^\s，。；、：:（）()向送至由和或及经]{2,24}?(?:市场监督管理局|市场监管局))")
_CITY_COUNTY = re.compile(r"^(.*?市)(.+?(?:区|县|旗|市))$")
_PROVINCE_CITY = re.compile(r"^(.+?(?:省|自治区))(.+?市)$")
_REGULATOR_EVENTS = (EventKind.COMPLAINT_FILED, EventKind.COMPLAINT_REJECTED)


def department_in(texts: list[str]) -> str:
    """The last bureau named in these texts (the one a complaint was forwarded to)."""
    found = [m.group(1) for t in texts for m in _DEPT.finditer(t)]
    return found[-1] if found else ""


def place_of(dept: str) -> str:
    return dept.removesuffix("市场监督管理局").removesuffix("市场监管局")


def superior_of(dept: str) -> str:
    """The bureau one level up: a district or county bureau answers to its city's bureau, a city
    bureau to its province's ("" when the name does not tell)."""
    place = place_of(dept)
    m = _CITY_COUNTY.match(place) or _PROVINCE_CITY.match(place)
    return f"{m.group(1)}市场监督管理局" if m else ""


def government_of(dept: str) -> str:
    """The people's government at the bureau's own level (行政复议法 Art. 24 ¶1 item 1)."""
    place = place_of(dept)
    return f"{place}人民政府" if place else ""


def _day(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


@dataclass
class Facts:
    """Everything a template reads, already in words and dates."""

    case: Case
    kind: DraftKind
    clock: Deadline
    today: date
    department: str = ""
    superior: str = ""
    government: str = ""
    complaint_ref: str = ""
    complaint_channel: str = ""
    filed_on: date | None = None
    decision: Event | None = None
    decision_on: date | None = None
    contact: Communication | None = None
    returned_on: date | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    clock_citations: list[Citation] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    reply_citations: list[Citation] = field(default_factory=list)
    #: The reply period's last day if the document goes out today.
    reply_due: date | None = None
    review_due: date | None = None
    inferred: list[str] = field(default_factory=list)
    #: A reconsideration against inaction: the regulator left a sent 督促履职申请 unanswered.
    inaction: bool = False

    def context(self) -> dict[str, Any]:
        c = self.case
        return {
            "f": self,
            "case": c,
            "day": _day,
            "title": self.kind.title_zh,
            "complainant": c.complainant_name,
            "phone": c.complainant_phone,
            "address": c.complainant_address,
            "agent": c.agent_name,
            "respondent": c.respondent_name or c.shop_name or "",
            "shop": c.shop_name if c.shop_name != c.respondent_name else "",
            "orders": "、".join(c.order_numbers),
            "amount": f"{c.amount_paid:,.2f}" if c.amount_paid is not None else "",
            "clock_cite": join(self.clock_citations) or self.clock.citation,
            "first_cite": self.clock_citations[0].zh if self.clock_citations else "",
            "cites": join(self.citations),
            "reply_cite": join(self.reply_citations),
        }


def _regulator_complaint(comms: list[Communication]) -> Communication | None:
    sent = [c for c in comms if c.counterpart_kind == Actor.REGULATOR and c.direction == "out"]
    with_ref = [c for c in sent if c.ref]
    found = with_ref or sent
    return found[0] if found else None


def gather(store: Store, case_id: str, kind: DraftKind, clock: Deadline, today: date) -> Facts:
    """The facts of ``case_id`` for a ``kind`` document answering ``clock`` as of ``today``."""
    from ..evidence.completeness import evidence_list

    case = store.get_case(case_id)
    events = store.list_events(case_id)
    comms = store.list_communications(case_id)
    f = Facts(case=case, kind=kind, clock=clock, today=today)
    texts = [e.text for e in events if e.kind in _REGULATOR_EVENTS or e.actor == Actor.REGULATOR]
    texts += [
        c.summary + " " + c.counterpart for c in comms if c.counterpart_kind == Actor.REGULATOR
    ]
    # The platform's own failure goes to the bureau of the platform's domicile, not the one that
    # has the complaint against the seller: left to the advocate (the recipient line says where).
    f.department = "" if kind.id == "platform_escalation" else department_in(texts)
    f.superior = superior_of(f.department)
    f.government = government_of(f.department)
    complaint = _regulator_complaint(comms)
    if complaint is not None:
        f.complaint_ref = complaint.ref
        f.complaint_channel = complaint.counterpart
    filed = [
        e
        for e in events
        if e.kind == EventKind.COMPLAINT_FILED and e.actor in (Actor.REGULATOR, Actor.CONSUMER)
    ]
    f.filed_on = filed[-1].at.date() if filed else complaint.at.date() if complaint else None
    if kind.id in ("admin_review", "info_disclosure"):
        decided = [
            e
            for e in events
            if e.kind in (EventKind.COMPLAINT_REJECTED, EventKind.MEDIATION_ENDED)
            and e.actor == Actor.REGULATOR
        ]
        if decided:
            f.decision, f.decision_on = decided[-1], decided[-1].at.date()
    if clock.source == "communication":
        f.contact = next((c for c in comms if f"comm:{c.id}" == clock.rule_id), None)
    f.inaction = kind.id == "admin_review" and bool(clock.draft_kind)
    back = [e for e in events if e.kind == EventKind.GOODS_RETURNED]
    f.returned_on = back[-1].at.date() if back else None
    f.evidence = [r for r in evidence_list(store, case_id) if r.get("submitted", True)]
    f.clock_citations = list(clock.citations)
    f.citations = dedupe(citations_of(kind, today))
    f.reply_citations = reply_citations(kind, today)
    reply = kind.reply
    f.reply_due = cal.count(today, reply.length, reply.unit, roll=reply.unit != "working_days").due
    if f.department and f.superior:
        f.inferred.append(f"上级主管部门「{f.superior}」由「{f.department}」推定")
    return f


__all__ = ["Facts", "department_in", "gather", "government_of", "superior_of"]
