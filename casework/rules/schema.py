"""Typed models of the rule files (规则数据的结构): every file in ``rules/data`` is validated at load.

One pydantic model per file, with ``Literal`` kinds and units, so the engines read attributes,
never ``.get()`` on raw JSON. The JSON Schema of each model is shipped beside the data
(``rules/data/NAME.schema.json``) so that an advocate's editor checks an edit as it is typed;
``tests/rules/test_schema.py`` fails when the shipped schema and the models drift apart.
A broken file fails at load with one line naming the file, the rule id and the field.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..cases import Actor, Category, EventKind

Tier = Literal["P", "S", "U"]
Rank = Literal[
    "law",
    "administrative_regulation",
    "judicial_interpretation",
    "departmental_rule",
    "platform_rule",
    "guidance",
]
Unit = Literal["days", "working_days", "months", "years"]
ClockKind = Literal["duty", "window", "retention"]
#: Which event's date decides the text in force for a rule (法律适用的时间):
#: ``complaint_received`` — a complaint's procedure follows the text in force when the regulator
#: received it; ``purchase`` — a sale follows the text in force on the purchase date;
#: ``start`` — the clock's own start event; ``today`` — the text in force now (advice for a step
#: not yet taken).
Decider = Literal["start", "complaint_received", "purchase", "today"]
Applies = Literal["yes", "possible", "no"]
Base = Literal["price", "gift_value", "card_fee", "shipping", "loss", "promise"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileModel(Model):
    """A whole rule file: it may name its schema (``"$schema": "./NAME.schema.json"``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_ref: str | None = Field(default=None, alias="$schema")


# -- laws.json ----------------------------------------------------------------------------------


class Law(Model):
    """One text of one law: its name, rank, the version read, and the dates it is in force."""

    zh: str
    en: str
    rank: Rank
    rank_zh: str
    rank_order: int = Field(ge=1, le=5)
    text_date: str
    tier: Tier
    source: str
    unverified: bool = False
    caveat_zh: str = ""
    caveat_en: str = ""
    #: First and last day this text is in force (None: not known to start or end).
    in_force_from: date | None
    in_force_until: date | None
    #: The law key of the text that replaced this one on ``in_force_until`` + 1.
    replaced_by: str | None
    #: Platform rules bind one platform only (合同性质): the platform names they apply to.
    platforms: list[str] = Field(default_factory=list)
    #: Short names for running text ("暂行办法" / "Interim Measures").
    short_zh: str = ""
    short_en: str = ""
    #: Article numbers by topic, for running text that names an article of this text.
    articles: dict[str, str] = Field(default_factory=dict)
    #: Articles whose wording rests on one source only (the review sheet lists them).
    one_source_articles: list[str] = Field(default_factory=list)

    def in_force(self, day: date) -> bool:
        starts = self.in_force_from is None or self.in_force_from <= day
        return starts and (self.in_force_until is None or day <= self.in_force_until)


class LawsFile(FileModel):
    about: str
    laws: dict[str, Law]

    @model_validator(mode="after")
    def _replacements_exist(self) -> LawsFile:
        for key, law in self.laws.items():
            if law.replaced_by and law.replaced_by not in self.laws:
                raise ValueError(f"{key}.replaced_by: unknown law key {law.replaced_by!r}")
        return self


# -- citations (every file) ---------------------------------------------------------------------


class CitationRef(Model):
    """One article, paragraph (款) and item (项) of one law text (a key of laws.json)."""

    law: str
    article: str = Field(min_length=1)
    paragraph: str = Field(default="", pattern=r"^\d*$")
    item: str = Field(default="", pattern=r"^\d*$")
    tier: Tier | None = None
    unverified: bool = False
    note_zh: str = ""
    note_en: str = ""


class DatedNote(Model):
    """A note that holds only while ``law`` is the text in force."""

    law: str
    zh: str
    en: str


def _pairs(zh: list[str], en: list[str], what: str) -> None:
    if len(zh) != len(en):
        raise ValueError(f"{what}_zh and {what}_en must have the same length")


# -- deadlines.json -----------------------------------------------------------------------------


class StartSpec(Model):
    events: list[EventKind] = Field(min_length=1)
    which: Literal["first", "each", "first_kind"] = "first"
    actors: list[Actor] | None = None
    actors_exclude: list[Actor] = Field(default_factory=list)
    #: Words one of which the event's text must hold (a postal appeal: 邮政管理 / 12305).
    text_contains: list[str] = Field(default_factory=list)
    text_excludes: list[str] = Field(default_factory=list)
    #: Events that interrupt and restart the period (民法典 195 for the limitation period).
    restart: list[EventKind] = Field(default_factory=list)
    restart_actors_exclude: list[Actor] = Field(default_factory=list)


class CloseSpec(Model):
    events: list[EventKind] = Field(default_factory=list)
    actors: list[Actor] | None = None
    actors_exclude: list[Actor] = Field(default_factory=list)
    text_contains: list[str] = Field(default_factory=list)
    text_excludes: list[str] = Field(default_factory=list)


class Conflict(Model):
    group: str
    rank_order: int
    prevails: bool


class Extension(Model):
    length: int = Field(ge=1)
    unit: Unit


class DeadlineRule(Model):
    id: str
    name_zh: str
    name_en: str
    kind: ClockKind
    party: Actor
    step: str
    start: StartSpec
    length: int | None = Field(ge=1)
    unit: Unit
    close: CloseSpec
    categories: Literal["*"] | list[Category] = "*"
    #: Required: every rule says which event's date picks the text in force.
    decided_by: Decider
    #: A fact the advocate must confirm before the clock applies (injury by a defect).
    only_if: Literal["injury"] | None = None
    unverified: bool = False
    citations: list[CitationRef] = Field(min_length=1)
    notes_zh: list[str] = Field(default_factory=list)
    notes_en: list[str] = Field(default_factory=list)
    dated_notes: list[DatedNote] = Field(default_factory=list)
    conflict: Conflict | None = None
    extension: Extension | None = None

    @model_validator(mode="after")
    def _notes_pair(self) -> DeadlineRule:
        _pairs(self.notes_zh, self.notes_en, "notes")
        return self


class RollOverPolicy(Model):
    """How every clock treats a last day on a rest day, stated once (民法典 203, 办法 45)."""

    text_zh: str
    text_en: str
    citations: list[CitationRef] = Field(min_length=1)
    #: The counting article of a procedural text, cited besides 民法典 203 while it is in force.
    counting: list[CitationRef] = Field(default_factory=list)


class DeadlinesFile(FileModel):
    about: str
    roll_over: RollOverPolicy
    rules: list[DeadlineRule]

    @model_validator(mode="after")
    def _unique(self) -> DeadlinesFile:
        ids = [r.id for r in self.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule ids: {dupes}")
        return self


# -- routing.json -------------------------------------------------------------------------------


class ReachedEvent(Model):
    kind: EventKind
    actor: Actor | None = None


class ReachedBy(Model):
    events: list[EventKind | ReachedEvent] = Field(default_factory=list)
    comms: list[Actor] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)


class RouteStepData(Model):
    id: str
    name_zh: str
    name_en: str
    actor: Actor
    needs_zh: list[str]
    needs_en: list[str]
    trigger_zh: str
    trigger_en: str
    on_overdue_zh: str
    on_overdue_en: str
    reached_by: ReachedBy
    citations: list[CitationRef] = Field(min_length=1)
    #: Required: which date picks the text the stop cites.
    decided_by: Decider
    dated_notes: list[DatedNote] = Field(default_factory=list)
    #: Alternatives (择一): a stop that is not tried after these (the other excludes it).
    alternative_to: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _needs_pair(self) -> RouteStepData:
        _pairs(self.needs_zh, self.needs_en, "needs")
        return self


class DatedText(Model):
    law: str
    zh: str
    en: str


class RoutingRule(Model):
    id: str
    name_zh: str
    name_en: str
    text_zh: str
    text_en: str
    citations: list[CitationRef] = Field(min_length=1)
    #: Wording that holds while ``law`` is in force, chosen before ``text_zh`` / ``text_en``.
    texts: list[DatedText] = Field(default_factory=list)
    categories: Literal["*"] | list[Category] = "*"
    #: Words in the case or its log that make the rule apply (自营; 无法提供商家 …).
    signals: list[str] = Field(default_factory=list)
    #: The text while the rule does not apply yet ({platform} is filled in).
    pending_zh: str = ""
    pending_en: str = ""


class RoutingFile(FileModel):
    about: str
    steps: dict[str, RouteStepData]
    ladders: dict[Category, list[str]]
    report_categories: list[Category]
    rules: list[RoutingRule]

    @model_validator(mode="after")
    def _known_steps(self) -> RoutingFile:
        for cat, ladder in self.ladders.items():
            unknown = [s for s in ladder if s not in self.steps]
            if unknown:
                raise ValueError(f"ladders.{cat.value}: unknown steps {unknown}")
        for key, step in self.steps.items():
            if key != step.id:
                raise ValueError(f"steps.{key}: id is {step.id!r}")
        missing = [c.value for c in Category if c not in self.ladders]
        if missing:
            raise ValueError(f"ladders: no ladder for {missing}")
        return self


# -- damages.json -------------------------------------------------------------------------------


class ByCategory(Model):
    applies: Applies
    citations: list[CitationRef] = Field(default_factory=list)
    note_zh: str = ""
    note_en: str = ""


class DamagesRule(Model):
    id: str
    name_zh: str
    name_en: str
    base: Base
    multiplier: Decimal
    floor: Decimal | None = None
    loss_multiplier: Decimal | None = None
    citations: list[CitationRef] = Field(min_length=1)
    notes_zh: list[str] = Field(default_factory=list)
    notes_en: list[str] = Field(default_factory=list)
    exclusions_zh: list[str] = Field(default_factory=list)
    exclusions_en: list[str] = Field(default_factory=list)
    by_category: dict[Category, ByCategory] = Field(default_factory=dict)
    #: The categories the line may be offered for ("*": all).
    categories: Literal["*"] | list[Category] = "*"

    @model_validator(mode="after")
    def _pairs(self) -> DamagesRule:
        _pairs(self.notes_zh, self.notes_en, "notes")
        _pairs(self.exclusions_zh, self.exclusions_en, "exclusions")
        return self


class DamagesFile(FileModel):
    about: str
    food_keywords: list[str]
    rules: list[DamagesRule]


# -- evidence_requirements.json -----------------------------------------------------------------


class EvidenceSpec(Model):
    any_of: list[str] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)


class RequirementData(Model):
    id: str
    level: Literal["required", "recommended"]
    label_zh: str
    label_en: str
    citations: list[CitationRef] = Field(min_length=1)
    evidence: EvidenceSpec | None = None
    fields: list[str] = Field(default_factory=list)
    when: str = ""
    proves_zh: str = ""
    proves_en: str = ""
    how_zh: str | None = None
    how_en: str | None = None
    how_citations: list[CitationRef] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> RequirementData:
        if (self.evidence is None) == (not self.fields):
            raise ValueError("a requirement names evidence or fields, not both or neither")
        return self


class NoteData(Model):
    id: str
    text_zh: str
    text_en: str
    citations: list[CitationRef] = Field(min_length=1)
    check: str = ""


class SectionData(Model):
    label_zh: str = ""
    label_en: str = ""
    requirements: list[RequirementData] = Field(default_factory=list)
    notes: list[NoteData] = Field(default_factory=list)


class HowData(Model):
    how_zh: str
    how_en: str
    citations: list[CitationRef] = Field(min_length=1)


class Scoring(Model):
    required: float
    recommended: float
    about: str = ""


class Label(Model):
    zh: str
    en: str


class IntakeField(Model):
    """A field a channel's form requires, with the article that requires it."""

    field: str
    zh: str
    en: str
    citations: list[CitationRef] = Field(min_length=1)


class EvidenceFile(FileModel):
    about: str
    version: str
    scoring: Scoring
    laws: dict[str, Law] = Field(default_factory=dict)
    evidence_types: dict[str, HowData]
    common: list[RequirementData]
    categories: dict[str, SectionData]
    channels: dict[str, SectionData]
    channel_aliases: dict[str, list[str]]
    field_labels: dict[str, Label]
    #: The intake fields each channel's form requires (12315: 办法 Art. 10 ¶1 / 暂行办法 Art. 9).
    intake_fields: dict[str, list[IntakeField]] = Field(default_factory=dict)


MODELS: dict[str, type[Model]] = {
    "laws.json": LawsFile,
    "deadlines.json": DeadlinesFile,
    "routing.json": RoutingFile,
    "damages.json": DamagesFile,
    "evidence_requirements.json": EvidenceFile,
}


def schema_name(name: str) -> str:
    return name.removesuffix(".json") + ".schema.json"


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema shipped beside ``name`` (generated from its model)."""
    schema = MODELS[name].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text(name: str) -> str:
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _rule_id(data: Any, loc: tuple[int | str, ...]) -> str:
    """The id of the innermost rule (an object with an ``id``) on the path of an error, else
    the first key of the path (``steps.seller`` …)."""
    found = ""
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found or ".".join(str(p) for p in loc[:2])


def error_line(name: str, data: Any, exc: ValidationError) -> tuple[str, str]:
    """One line (zh, en) for the first error: file, rule id, field and what is wrong."""
    err = exc.errors(include_url=False)[0]
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "(file)"
    rule = _rule_id(data, loc)
    more = len(exc.errors()) - 1
    tail_zh = f"（另有 {more} 处错误）" if more else ""
    tail_en = f" (and {more} more)" if more else ""
    return (
        f"规则 {rule}，字段 {field}：{err['msg']}{tail_zh}",
        f"rule {rule}, field {field}: {err['msg']}{tail_en}",
    )


def write_schemas() -> list[str]:
    """Regenerate every shipped ``*.schema.json`` from the models (``casework rules-check
    --write-schema``); returns the files written."""
    from importlib import resources

    folder = resources.files("casework") / "rules" / "data"
    written = []
    for name in MODELS:
        path = folder / schema_name(name)
        with resources.as_file(path) as real:
            real.write_text(schema_text(name), encoding="utf-8")
        written.append(schema_name(name))
    return written
