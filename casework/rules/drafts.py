"""Next-step documents as rule data (下一步文书规则, #19): which late clock calls for which
document, whom it goes to, what it cites, and the reply period it starts once sent.

``rules/data/drafts.json`` holds the kinds (督促履职申请 to a regulator that has not decided, the
行政复议 application against a decision, a 政府信息公开 request for the file, the escalation of a
platform that missed its own time, a 催告函 to a seller who has not refunded). This module reads
the file; :func:`sent_kind` tells a logged contact that is a document sent, whose reply clock the
deadline engine then counts. Which documents a case's clocks call for is
:func:`casework.drafts.calls`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .citations import Citation, cite_all, on, typed
from .schema_drafts import DraftKind, DraftsFile

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
    """The articles of the reply period the document starts, in the text in force on ``day``."""
    return on(cite_all(k.reply.citations, where=f"drafts.json:{k.id}.reply"), day)


def triggers(k: DraftKind, d: Deadline) -> bool:
    """Whether clock ``d`` calls for a document of kind ``k`` (drafts.json ``triggers``)."""
    t = k.triggers
    if d.closed_on is not None:
        return False
    if d.draft_kind:
        # A document sent and left unanswered past its reply period calls for the next rung.
        return d.status == "overdue" and d.draft_kind in t.drafts
    if d.status not in t.statuses:
        return False
    if d.source == "communication":
        return d.party in {p.value for p in t.parties}
    return d.rule_id in t.clocks


def answering(d: Deadline) -> list[DraftKind]:
    """The document kinds that answer clock ``d`` (the routing step names them)."""
    return [k for k in kinds() if triggers(k, d)]


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


__all__ = [
    "answering",
    "citations_of",
    "kind",
    "kind_ids",
    "kinds",
    "reply_citations",
    "sent_kind",
    "triggers",
]
