"""Typed model of ``rules/data/drafts.json`` (下一步文书规则, #19), beside the other rule files'
models in :mod:`casework.rules.schema` (which is at its size limit, so this one lives apart and
registers itself in :data:`~casework.rules.schema.MODELS` when imported — ``casework.rules``
imports it through the deadline engine, so every reader of the rule files sees it)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..cases import Actor
from .schema import MODELS, CitationRef, Extension, FileModel, Model, Unit, _pairs

ClockStatus = Literal["open", "overdue"]


class DraftTrigger(Model):
    """Which clocks call for a document: deadline rule ids, and the answer-by dates (答复期限) of
    the communications log owed by these parties, in these statuses."""

    clocks: list[str] = Field(default_factory=list)
    parties: list[Actor] = Field(default_factory=list)
    statuses: list[ClockStatus] = Field(default_factory=lambda: list[ClockStatus](["overdue"]))
    #: Kinds whose sent document, left unanswered past its reply period, call for this one
    #: (a 督促履职申请 unanswered → reconsideration for inaction).
    drafts: list[str] = Field(default_factory=list)


class DraftReply(Model):
    """The reply period a sent document starts: by statute (cited) or the one the letter asks
    for (``requested``: no article sets it, so none is cited)."""

    name_zh: str
    name_en: str
    length: int = Field(ge=1)
    unit: Unit
    basis: Literal["statute", "requested"]
    citations: list[CitationRef] = Field(default_factory=list)
    extension: Extension | None = None
    notes_zh: list[str] = Field(default_factory=list)
    notes_en: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cited(self) -> DraftReply:
        _pairs(self.notes_zh, self.notes_en, "notes")
        if (self.basis == "statute") != bool(self.citations):
            raise ValueError("a statutory reply period cites its article; a requested one none")
        return self


class DraftKind(Model):
    """One kind of next-step document: the clocks that call for it, its recipient, what it cites
    besides the triggering clock, the template that writes it and the reply period it starts."""

    id: str
    title_zh: str
    title_en: str
    template: str
    recipient: Actor
    recipient_zh: str
    recipient_en: str
    route_step: str
    triggers: DraftTrigger
    citations: list[CitationRef] = Field(default_factory=list)
    reply: DraftReply
    #: Words one of which a sent contact's summary holds: the contact is this document sent.
    sent_words: list[str] = Field(min_length=1)
    #: Doubts for the advocate's review sheet (never printed in the document).
    doubts_zh: list[str] = Field(default_factory=list)
    doubts_en: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pairs(self) -> DraftKind:
        _pairs(self.doubts_zh, self.doubts_en, "doubts")
        return self


class DraftsFile(FileModel):
    about: str
    kinds: list[DraftKind]

    @model_validator(mode="after")
    def _unique(self) -> DraftsFile:
        ids = [k.id for k in self.kinds]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate kind ids: {dupes}")
        return self


MODELS["drafts.json"] = DraftsFile
