"""Next-step documents as rule data (下一步文书规则, #19): which overdue clock calls for which
document, whom it goes to, what it cites, and the reply clock it starts once sent.

``rules/data/drafts.json`` holds the kinds (督促履职申请 to a regulator that has not decided, the
行政复议 application against a decision, a 政府信息公开 request for the file, the escalation of a
platform that missed its own time, a 催告函 to a seller who has not refunded). The engine here is
pure: :func:`called_for` reads a case's clocks, :func:`sent_kind` tells a logged contact that is a
document sent, and :func:`reply_clock` is that document's own clock for the deadline table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import calendar as cal
from .citations import Citation, cite_all, on, typed
from .schema import DraftKind, DraftsFile
from .text import Text

if TYPE_CHECKING:
    from ..cases import Communication
    from .deadlines import Deadline


def kinds() -> list[DraftKind]:
    """Every document kind of drafts.json, typed and validated at first use."""
    model: DraftsFile = typed("drafts.json")
    return model.kinds


def kind(kind_id: str) -> DraftKind | None:
    return next((k for k in kinds() if k.id == kind_id), None)


def kind_ids() -> list[str]:
    return [k.id for k in kinds()]


def citations_of(k: DraftKind, day: date) -> list[Citation]:
    """The articles the document cites besides its clock's, in the text in force on ``day``."""
    return on(cite_all(k.citations, where=f"drafts.json:{k.id}"), day)


def reply_citations(k: DraftKind, day: date) -> list[Citation]:
    return on(cite_all(k.reply.citations, where=f"drafts.json:{k.id}.reply"), day)


@dataclass(frozen=True)
class Call:
    """One document a clock calls for: the kind and the clock that triggers it."""

    kind: DraftKind
    clock: Deadline

    @property
    def clock_key(self) -> str:
        from ..settle import clock_key

        return clock_key(self.clock)


def _triggers(k: DraftKind, d: Deadline) -> bool:
    t = k.triggers
    if d.status not in t.statuses or d.closed_on is not None:
        return False
    if d.source == "communication":
        # A document already sent has its own clock; chasing it is the next rung, not itself.
        return d.party in {p.value for p in t.parties} and not d.draft_kind
    return d.rule_id in t.clocks


def called_for(clocks: list[Deadline]) -> list[Call]:
    """The documents the clocks call for, in the order of drafts.json, each clock by due date.
    Of two conflicting clocks for one duty only the one that prevails calls (as in routing)."""
    from .deadlines import escalating

    prevailing = {id(d) for d in escalating(clocks)}
    out: list[Call] = []
    for k in kinds():
        hits = [
            d
            for d in clocks
            if _triggers(k, d)
            and (d.kind != "duty" or id(d) in prevailing or d.status != "overdue")
        ]
        out += [Call(k, d) for d in sorted(hits, key=lambda d: d.due or date.max)]
    return out


def sent_kind(c: Communication) -> DraftKind | None:
    """The document a logged contact sent, if it is one: outgoing, to the kind's recipient, and
    its summary names the document."""
    if c.direction != "out":
        return None
    return next(
        (
            k
            for k in kinds()
            if c.counterpart_kind == k.recipient and any(w in c.summary for w in k.sent_words)
        ),
        None,
    )


def reply_clock(k: DraftKind, c: Communication, closed: date | None, today: date) -> Deadline:
    """The clock a sent document starts (counted from the day it was sent, 民法典 201: the start
    day excluded), closed by the answer the log shows (``closed``)."""
    from .deadlines import Deadline, status_of

    start = c.at.date()
    reply = k.reply
    cits = reply_citations(k, start)
    roll = reply.unit != "working_days"
    counted = cal.count(start, reply.length, reply.unit, roll=roll)
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
        citations=cits,
        notes=notes,
        warnings=list(counted.warnings),
        estimated=counted.estimated,
        closed_on=closed,
        closed_by="communication" if closed else "",
        step=k.route_step,
        source="communication",
        ref=c.ref or c.summary,
        decided_on=start,
    )
    grace = None
    if reply.extension is not None:
        longer = cal.count(start, reply.length + reply.extension.length, reply.extension.unit)
        d.extended_due = grace = longer.due
        d.notes.append(Text(f"可延长至 {longer.due}", f"may be extended to {longer.due}"))
    d.status = status_of(d.due, grace, closed, today)
    return d


__all__ = ["Call", "called_for", "citations_of", "kind", "kind_ids", "kinds", "reply_clock"]
