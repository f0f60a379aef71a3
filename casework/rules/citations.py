"""Citations (法律依据): which law, which article, how sure we are of the text, and its date.

Every rule in ``rules/data/*.json`` cites by a law key from ``laws.json``. Tiers follow the domain
notes: [P] primary text read, [S] secondary source, [U] not verified. The tier is bookkeeping: a
reader sees the article, the date of the text and, where it applies, 未经核实 (``reader_notes``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import CaseworkError
from .schema import MODELS, CitationRef, Law, LawsFile, error_line

TIERS = ("P", "S", "U")


class RuleDataError(CaseworkError):
    """A rule file that cannot be read or breaks its own schema (规则数据文件有误)."""


def _where(name: str) -> str:
    return f"casework/rules/data/{name}"


@cache
def load(name: str) -> dict[str, Any]:
    """A rule data file (``casework/rules/data/NAME``) as parsed JSON, read once. Engines read
    :func:`typed` instead; this is for tests and tools that look at the file as written."""
    path = resources.files("casework") / "rules" / "data" / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (OSError, json.JSONDecodeError) as exc:
        raise RuleDataError(
            f"规则数据文件无法读取: {exc}", f"cannot read rule data: {exc}", where=_where(name)
        ) from exc


def validate(name: str, data: Any, known_laws: set[str] | None = None) -> BaseModel:
    """``data`` checked against the model of file ``name``; every citation's law key must be
    known. A failure is one line: file, rule id, field."""
    try:
        obj = MODELS[name].model_validate(data)
    except ValidationError as exc:
        zh, en = error_line(name, data, exc)
        raise RuleDataError(zh, en, where=_where(name)) from None
    if name != "laws.json":
        keys = set(law_texts()) if known_laws is None else known_laws
        keys |= set(getattr(obj, "laws", {}) or {})
        for path, ref in _refs(obj, ()):
            if ref.law not in keys:
                rule = next((p for p in reversed(path) if isinstance(p, str) and p), "?")
                raise RuleDataError(
                    f"规则 {rule}，字段 {'.'.join(map(str, path))}.law：未知的法规 {ref.law!r}",
                    f"rule {rule}, field {'.'.join(map(str, path))}.law: unknown law key "
                    f"{ref.law!r}",
                    where=_where(name),
                )
    return obj


def _refs(obj: Any, path: tuple[Any, ...]) -> Any:
    """Every :class:`CitationRef` inside a model, with the path to it (rule ids stand in for
    list positions so the message names the rule)."""
    if isinstance(obj, CitationRef):
        yield path, obj
    elif isinstance(obj, BaseModel):
        rid = getattr(obj, "id", None)
        here = (*path[:-1], rid) if isinstance(rid, str) and path else path
        for key in type(obj).model_fields:
            yield from _refs(getattr(obj, key), (*here, key))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _refs(value, (*path, getattr(key, "value", key)))
    elif isinstance(obj, list | tuple):
        for i, value in enumerate(obj):
            yield from _refs(value, (*path, i))


@cache
def typed(name: str) -> Any:
    """The rule file ``name`` as its typed model, validated once per process."""
    return validate(name, load(name))


def law_texts() -> dict[str, Law]:
    """Every law text of laws.json, typed."""
    model: LawsFile = typed("laws.json")
    return model.laws


def laws() -> dict[str, dict[str, Any]]:
    """laws.json as plain data (for readers that build their own objects)."""
    return {k: v.model_dump(mode="json") for k, v in law_texts().items()}


def in_force(law: str, day: date) -> str:
    """The key of the text of ``law``'s lineage in force on ``day``: follows ``replaced_by``
    forward and back (complaint_measures on 2026-05-01 → complaint_measures_2026)."""
    texts = law_texts()
    key = law
    back = {v.replaced_by: k for k, v in texts.items() if v.replaced_by}
    while texts[key].in_force_from and day < texts[key].in_force_from and key in back:  # type: ignore[operator]
        key = back[key]
    while texts[key].in_force_until and day > texts[key].in_force_until and texts[key].replaced_by:  # type: ignore[operator]
        key = texts[key].replaced_by  # type: ignore[assignment]
    return key


@dataclass(frozen=True)
class Citation:
    """One article of one law text, with the tier and date of the text it was checked against
    and the dates that text is in force. The one citation of the package: rules, evidence
    requirements, report, drafts, CLI and workbook all print an article through :meth:`title`
    (the article) and :meth:`label` / :meth:`reader_label` (the article with notes on its text)."""

    law: str  # key in laws.json
    law_zh: str
    law_en: str
    article: str
    paragraph: str
    tier: str
    text_date: str
    rank: str
    rank_zh: str
    rank_order: int
    unverified: bool
    note_zh: str = ""
    note_en: str = ""
    caveat_zh: str = ""
    caveat_en: str = ""
    #: The item (项) of the paragraph (款): 第23条第1款第5项.
    item: str = ""
    in_force_from: date | None = None
    in_force_until: date | None = None
    replaced_by: str | None = None
    #: The article's wording rests on one source only (shared/notes/law-2026-update.md §6).
    one_source: bool = False
    #: A platform rule binds its own platforms only (淘宝平台争议处理规则: 淘宝, 天猫).
    platforms: tuple[str, ...] = ()

    @classmethod
    def from_ref(
        cls, ref: CitationRef, *, where: str = "", laws: Mapping[str, Law] | None = None
    ) -> Citation:
        """The citation ``ref`` with its law's names and dates from ``laws`` (default: laws.json;
        the evidence requirements add their own small supplement)."""
        law = (law_texts() if laws is None else laws).get(ref.law)
        if law is None:
            raise RuleDataError(
                f"引用了未知的法规: {ref.law!r}", f"unknown law key: {ref.law!r}", where=where
            )
        tier = ref.tier or law.tier
        return cls(
            law=ref.law,
            law_zh=law.zh,
            law_en=law.en,
            article=ref.article,
            paragraph=ref.paragraph,
            tier=tier,
            text_date=law.text_date,
            rank=law.rank,
            rank_zh=law.rank_zh,
            rank_order=law.rank_order,
            unverified=bool(ref.unverified or law.unverified or tier == "U"),
            note_zh=ref.note_zh,
            note_en=ref.note_en,
            caveat_zh=law.caveat_zh,
            caveat_en=law.caveat_en,
            item=ref.item,
            in_force_from=law.in_force_from,
            in_force_until=law.in_force_until,
            replaced_by=law.replaced_by,
            one_source=ref.article in law.one_source_articles,
            platforms=tuple(law.platforms),
        )

    @classmethod
    def from_data(
        cls, data: dict[str, Any], *, where: str = "", laws: Mapping[str, Law] | None = None
    ) -> Citation:
        try:
            ref = CitationRef.model_validate(data)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in err["loc"])
            raise RuleDataError(
                f"引用有误（{field}）：{err['msg']}",
                f"bad citation ({field}): {err['msg']}",
                where=where,
            ) from None
        return cls.from_ref(ref, where=where, laws=laws)

    def in_force_on(self, day: date) -> bool:
        starts = self.in_force_from is None or self.in_force_from <= day
        return starts and (self.in_force_until is None or day <= self.in_force_until)

    def applies(self, platform: str | None, day: date | None) -> bool:
        """In force on ``day`` (any day for ``None``) and, for a platform rule, the case's own
        platform."""
        if day is not None and not self.in_force_on(day):
            return False
        if self.platforms:
            name = (platform or "").strip().lower()
            return bool(name) and any(p.lower() in name for p in self.platforms)
        return True

    def pinpoint(self, lang: str = "zh") -> str:
        """第23条第1款第5项 / ``, Art. 23(1) item (5)``: article, paragraph (款) and item (项),
        never an item as a 款; nothing for a source without articles (a hotline, a guidance page)."""
        if not has_article(self.article):
            return ""
        para, item = self.paragraph, self.item
        if lang == "en":
            return (
                f", Art. {self.article}"
                + (f"({para})" if para else "")
                + (f" item ({item})" if item else "")
            )
        return (
            f"第{self.article}条"
            + (f"第{para}款" if para else "")
            + (f"第{item}项" if item else "")
        )

    def title(self, lang: str = "zh") -> str:
        """The article in one language's way of citing: ``《消费者权益保护法》第23条第3款`` /
        ``Consumer Rights Protection Law, Art. 23(3)`` (no notes on the text)."""
        if lang == "en":
            return f"{self.law_en}{self.pinpoint('en')}"
        return f"《{self.law_zh}》{self.pinpoint('zh')}"

    def label(self, lang: str = "zh") -> str:
        """The advocate's label: the article, the date of its text and, where it applies,
        未经核实 / not verified (:func:`reader_notes`)."""
        lang = "en" if lang == "en" else "zh"
        return self.title(lang) + reader_notes(self.text_date, self.unverified, lang)

    def reader_label(self, lang: str = "zh") -> str:
        """The label a reader of a submission sees: the article and the date of its text (when
        there is one), without our doubt about the text — that goes to the review sheet."""
        lang = "en" if lang == "en" else "zh"
        dated = self.text_date[:1].isdigit()
        return self.title(lang) + (reader_notes(self.text_date, False, lang) if dated else "")

    @property
    def zh(self) -> str:
        return self.label("zh")

    @property
    def en(self) -> str:
        return self.label("en")

    def __str__(self) -> str:
        return self.zh

    def to_dict(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "law_zh": self.law_zh,
            "law_en": self.law_en,
            "article": self.article,
            "paragraph": self.paragraph,
            "item": self.item,
            "tier": self.tier,
            "text_date": self.text_date,
            "in_force_from": self.in_force_from.isoformat() if self.in_force_from else None,
            "in_force_until": self.in_force_until.isoformat() if self.in_force_until else None,
            "replaced_by": self.replaced_by,
            "rank": self.rank,
            "rank_zh": self.rank_zh,
            "unverified": self.unverified,
            "one_source": self.one_source,
            "platforms": list(self.platforms),
            "label_zh": self.zh,
            "label_en": self.en,
            "note_zh": self.note_zh,
            "note_en": self.note_en,
            "caveat_zh": self.caveat_zh,
            "caveat_en": self.caveat_en,
        }


def has_article(article: str) -> bool:
    return article not in ("", "—", "-")  # a hotline or guidance page has none


def reader_notes(text_date: str, unverified: bool, lang: str = "zh") -> str:
    """What a reader of a citation is told besides the article: the date of the text cited
    (《…》第14条（2022-03-24 文本）) and, only where it applies, that it is not verified. The
    reliability tier (P/S/U) is the rules' bookkeeping and never reaches a reader."""
    dated = text_date[:1].isdigit()
    if lang == "en":
        notes = (
            [f"text of {text_date}"] if dated else [] if unverified else ["text date not verified"]
        )
        notes += ["not verified"] if unverified else []
        return f" ({', '.join(notes)})"
    notes = [f"{text_date} 文本"] if dated else [] if unverified else ["文本日期未核实"]
    notes += ["未经核实"] if unverified else []
    return f"（{'，'.join(notes)}）"


def cite_all(items: list[Any], *, where: str) -> list[Citation]:
    return [
        Citation.from_ref(c, where=where)
        if isinstance(c, CitationRef)
        else Citation.from_data(c, where=where)
        for c in items
    ]


def on(cits: list[Citation], day: date) -> list[Citation]:
    """The citations whose text is in force on ``day``."""
    return [c for c in cits if c.in_force_on(day)]


def join(cits: Iterable[Citation], lang: str = "zh") -> str:
    """Articles in a row (``；`` / ``; ``), each with its advocate's :meth:`Citation.label`."""
    sep = "；" if lang == "zh" else "; "
    return sep.join(c.label(lang) for c in cits)


def dedupe(cits: list[Citation]) -> list[Citation]:
    """Each article once, ordered by the rank of the law (law before regulation before rule)."""
    seen: dict[tuple[str, str, str], Citation] = {}
    for c in cits:
        seen.setdefault((c.law, c.article, c.paragraph + "." + c.item), c)

    def _num(article: str) -> int:
        digits = "".join(ch for ch in article if ch.isdigit())
        return int(digits) if digits else 0

    return sorted(
        seen.values(), key=lambda c: (c.rank_order, c.law, _num(c.article), c.paragraph, c.item)
    )
