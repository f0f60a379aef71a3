"""Clocks from the communications log (沟通记录的答复期限): an answer-by date the advocate logged,
and the reply period of a next-step document sent (#19, drafts.json ``reply``), each closed by
the answer the log shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..cases import Communication, Event
from . import calendar as cal
from .clock_events import answered
from .deadline import Deadline
from .drafts import reply_citations, sent_kind
from .rule_clocks import clock_status
from .schema_drafts import DraftKind
from .text import Text


def _contact_clock(
    c: Communication, closed: date | None, notes: list[Text], **fields: Any
) -> Deadline:
    """A duty clock a contact starts on its day, closed by the answer the log shows; its notes
    end with the contact's own summary."""
    notes = [*notes, Text(f"沟通记录：{c.summary}", f"communications log: {c.summary}")]
    return Deadline(
        rule_id=f"comm:{c.id}",
        kind="duty",
        start=c.at.date(),
        status="open",
        notes=notes,
        closed_on=closed,
        closed_by="communication" if closed else "",
        source="communication",
        ref=c.ref or c.summary,
        **fields,
    )


def draft_clock(k: DraftKind, c: Communication, closed: date | None, today: date) -> Deadline:
    """The clock a sent next-step document starts (#19, drafts.json ``reply``): counted from the
    day it was sent, the start day excluded (民法典 201), closed by the answer the log shows."""
    start, reply = c.at.date(), k.reply
    counted = cal.count(start, reply.length, reply.unit, roll=reply.unit != "working_days")
    notes = [Text(z, e) for z, e in zip(reply.notes_zh, reply.notes_en, strict=True)]
    if reply.basis == "requested":
        notes.insert(0, Text("文书中请求的期限，非法定期限", "the period the document asks for"))
    d = _contact_clock(
        c,
        closed,
        notes,
        name_zh=f"{reply.name_zh}（{c.counterpart}）",
        name_en=f"{reply.name_en} ({c.counterpart})",
        party=k.recipient.value,
        due=counted.due,
        days=reply.length,
        unit=reply.unit,
        citations=reply_citations(k, start),
        warnings=list(counted.warnings),
        estimated=counted.estimated,
        step=k.route_step,
        decided_on=start,
        draft_kind=k.id,
    )
    grace = None
    if reply.extension is not None:
        longer = cal.count(start, reply.length + reply.extension.length, reply.extension.unit)
        d.extended_due = grace = longer.due
        d.notes.append(Text(f"可延长至 {longer.due}", f"may be extended to {longer.due}"))
    d.status = clock_status(d.due, grace, closed, today)
    return d


def log_clocks(comms: list[Communication], events: list[Event], today: date) -> list[Deadline]:
    """Answer-by dates (答复期限) from the communications log, closed by a later answer; a
    contact that sent a next-step document runs that document's reply period instead."""
    out = []
    for c in comms:
        sent = sent_kind(c)
        if sent is None and (c.response_due is None or c.direction != "out"):
            continue
        closed = answered(c, comms, events)
        if sent is not None:
            out.append(draft_clock(sent, c, closed.date() if closed else None, today))
            continue
        if c.response_due is None:
            continue
        d = _contact_clock(
            c,
            closed.date() if closed else None,
            [],
            name_zh=f"{c.counterpart} 答复期限",
            name_en=f"Answer due from {c.counterpart}",
            party=c.counterpart_kind.value,
            due=c.response_due,
            days=(c.response_due - c.at.date()).days,
            unit="days",
        )
        d.status = clock_status(d.due, None, d.closed_on, today)
        out.append(d)
    return out
