"""The evidence requirements as data (证据要求): loaded from ``rules/data/evidence_requirements.json``.

The file says, per problem category and per filing channel, which evidence is required or
recommended, which case fields a channel needs, why (each with its citations) and how to obtain
what is missing. Law names and text dates come from ``rules/data/laws.json`` (shared with the other
rule files) plus the file's own small ``laws`` supplement. A requirement without a resolvable
citation is an error when the file is loaded, not a gap found in a report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..rules.citations import Citation, RuleDataError, law_texts, validate
from ..rules.citations import load as load_data
from ..rules.schema import EvidenceFile, Law
from .types import EvidenceError, EvidenceType

if TYPE_CHECKING:
    from ..cases import Case

FILE = "evidence_requirements.json"
LEVELS = ("required", "recommended")
#: Filing channels (投诉渠道) the checklist knows.
CHANNELS = ("platform", "12315", "association", "court")


@dataclass(frozen=True)
class Requirement:
    """One line of the checklist: evidence of some types, or case fields, with its basis."""

    id: str
    level: str
    scope: str  # common | category:<key> | channel:<key>
    label_zh: str
    label_en: str
    citations: tuple[Citation, ...]
    any_of: tuple[EvidenceType, ...] = ()
    keywords: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    when: str = ""
    proves_zh: str = ""
    proves_en: str = ""
    how_zh: str = ""
    how_en: str = ""
    how_citations: tuple[Citation, ...] = ()

    @property
    def kind(self) -> str:
        return "field" if self.fields else "evidence"

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def proves(self, lang: str) -> str:
        return self.proves_en if lang == "en" else self.proves_zh

    def how(self, lang: str) -> str:
        return self.how_en if lang == "en" else self.how_zh


@dataclass(frozen=True)
class Note:
    """A burden-of-proof or procedure note shown with the checklist (举证责任提示)."""

    id: str
    text_zh: str
    text_en: str
    citations: tuple[Citation, ...]
    check: str = ""


@dataclass(frozen=True)
class IntakeField:
    """A field a channel's form requires (12315: 办法 Art. 10 ¶1), for the workbook's intake."""

    field: str
    label_zh: str
    label_en: str
    citations: tuple[Citation, ...]


@dataclass
class Rules:
    version: str
    weights: dict[str, float]
    common: list[Requirement]
    categories: dict[str, list[Requirement]]
    category_notes: dict[str, list[Note]]
    channels: dict[str, list[Requirement]]
    channel_notes: dict[str, list[Note]]
    channel_labels: dict[str, dict[str, str]]
    aliases: dict[str, str]
    field_labels: dict[str, dict[str, str]]
    how_by_type: dict[EvidenceType, tuple[str, str, tuple[Citation, ...]]] = field(
        default_factory=dict
    )
    #: Per channel, the intake fields its form requires (field, zh, en, citations).
    intake: dict[str, list[IntakeField]] = field(default_factory=dict)

    def for_case(self, case: Case, day: date | None = None) -> Rules:
        """These rules with only the citations that bear on ``case``: texts in force on ``day``
        (the 2026 measures for a complaint made now, 暂行办法 before 2026-04-15) and platform rules
        of the case's own platform — a JD case never cites the Taobao rules."""
        plat = case.platform
        return _narrow(self, lambda c: c.applies(plat, day))

    def all_requirements(self) -> list[Requirement]:
        out = list(self.common)
        for reqs in (*self.categories.values(), *self.channels.values()):
            out.extend(reqs)
        return out


class _Parser:
    """Builds :class:`Rules` from the JSON, naming the requirement id in every error."""

    def __init__(self, data: dict[str, Any], laws: dict[str, Law]) -> None:
        self.data = data
        self.laws = laws

    def fail(self, where: str, zh: str, en: str) -> EvidenceError:
        return EvidenceError(zh, en, where=f"casework/rules/data/{FILE}: {where}")

    def cites(self, raw: Any, where: str) -> tuple[Citation, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, "缺少法律依据（citations）", "no citations")
        try:
            return tuple(Citation.from_data(c, where=where, laws=self.laws) for c in raw)
        except RuleDataError as exc:
            raise self.fail(where, exc.zh, exc.en) from None

    def how_by_type(self) -> dict[EvidenceType, tuple[str, str, tuple[Citation, ...]]]:
        raw = self.data.get("evidence_types", {})
        out = {}
        for kind in EvidenceType:
            entry = raw.get(kind.value)
            if entry is None:
                raise self.fail(
                    f"evidence_types.{kind.value}",
                    "缺少该证据类型的获取方法",
                    "no how-to-obtain entry for this evidence type",
                )
            out[kind] = (
                entry["how_zh"],
                entry["how_en"],
                self.cites(entry.get("citations"), f"evidence_types.{kind.value}"),
            )
        return out

    def requirement(
        self,
        raw: dict[str, Any],
        scope: str,
        how: dict[EvidenceType, tuple[str, str, tuple[Citation, ...]]],
    ) -> Requirement:
        rid = raw.get("id", "?")
        if raw.get("level") not in LEVELS:
            raise self.fail(
                rid, "level 应为 required 或 recommended", "level must be required or recommended"
            )
        evidence = raw.get("evidence") or {}
        fields = tuple(raw.get("fields", ()))
        if bool(evidence) == bool(fields):
            raise self.fail(
                rid,
                "要求须指定证据（evidence）或字段（fields）之一",
                "a requirement names evidence or fields, not both or neither",
            )
        try:
            any_of = tuple(EvidenceType(t) for t in evidence.get("any_of", ()))
        except ValueError as exc:
            raise self.fail(
                rid, f"未知的证据类型: {exc}", f"unknown evidence type: {exc}"
            ) from None
        if evidence and not any_of:
            raise self.fail(rid, "证据要求缺少 any_of", "evidence requirement lacks any_of")
        how_zh, how_en, how_cites = how[any_of[0]] if any_of else ("", "", ())
        if fields:
            labels = self.data.get("field_labels", {})
            names_zh = "、".join(labels.get(f, {}).get("zh", f) for f in fields)
            names_en = ", ".join(labels.get(f, {}).get("en", f) for f in fields)
            how_zh = f"在案件中填写：{names_zh}（casework case update）"
            how_en = f"fill in the case: {names_en} (`casework case update`)"
        citations = self.cites(raw.get("citations"), rid)
        return Requirement(
            id=rid,
            level=raw["level"],
            scope=scope,
            label_zh=raw["label_zh"],
            label_en=raw["label_en"],
            citations=citations,
            any_of=any_of,
            keywords=tuple(k.lower() for k in evidence.get("keywords", ())),
            fields=fields,
            when=raw.get("when", ""),
            proves_zh=raw.get("proves_zh", ""),
            proves_en=raw.get("proves_en", ""),
            how_zh=raw.get("how_zh", how_zh),
            how_en=raw.get("how_en", how_en),
            how_citations=(
                self.cites(raw["how_citations"], f"{rid}.how_citations")
                if "how_citations" in raw
                else how_cites
                if any_of
                else citations
            ),
        )

    def notes(self, raw: list[dict[str, Any]]) -> list[Note]:
        return [
            Note(
                id=n["id"],
                text_zh=n["text_zh"],
                text_en=n["text_en"],
                citations=self.cites(n.get("citations"), n["id"]),
                check=n.get("check", ""),
            )
            for n in raw
        ]

    def rules(self) -> Rules:
        how = self.how_by_type()
        d = self.data
        cats = d.get("categories", {})
        chans = d.get("channels", {})
        unknown = set(chans) - set(CHANNELS)
        if unknown:
            raise self.fail(
                "channels", f"未知的渠道: {sorted(unknown)}", f"unknown channels: {sorted(unknown)}"
            )
        aliases = {
            a.lower(): key
            for key, names in d.get("channel_aliases", {}).items()
            for a in [key, *names]
        }
        rules = Rules(
            version=d.get("version", ""),
            weights={k: float(v) for k, v in d["scoring"].items() if k in LEVELS},
            common=[self.requirement(r, "common", how) for r in d.get("common", [])],
            categories={
                k: [self.requirement(r, f"category:{k}", how) for r in v.get("requirements", [])]
                for k, v in cats.items()
            },
            category_notes={k: self.notes(v.get("notes", [])) for k, v in cats.items()},
            channels={
                k: [self.requirement(r, f"channel:{k}", how) for r in v.get("requirements", [])]
                for k, v in chans.items()
            },
            channel_notes={k: self.notes(v.get("notes", [])) for k, v in chans.items()},
            channel_labels={
                k: {"zh": v.get("label_zh", k), "en": v.get("label_en", k)}
                for k, v in chans.items()
            },
            aliases=aliases,
            field_labels=d.get("field_labels", {}),
            how_by_type=how,
            intake={
                chan: [
                    IntakeField(
                        f["field"], f["zh"], f["en"], self.cites(f["citations"], f"intake.{chan}")
                    )
                    for f in fields
                ]
                for chan, fields in d.get("intake_fields", {}).items()
            },
        )
        ids = [r.id for r in rules.all_requirements()]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise self.fail("ids", f"要求编号重复: {dupes}", f"duplicate requirement ids: {dupes}")
        return rules


def parse_rules(data: dict[str, Any], laws: dict[str, Law] | None = None) -> Rules:
    """Rules from already-parsed JSON (tests feed broken variants through here)."""
    base = law_texts() if laws is None else laws
    try:
        checked: EvidenceFile = validate(FILE, data, set(base))  # type: ignore[assignment]
    except RuleDataError as exc:
        raise EvidenceError(exc.zh, exc.en, where=exc.where) from None
    return _Parser(data, {**checked.laws, **base}).rules()


@cache
def _shipped() -> Rules:
    return parse_rules(load_data(FILE))


def load_rules(on: date | None = None) -> Rules:
    """The shipped requirements, parsed and checked once per process, with the citations of the
    texts in force on ``on`` (default: today, Asia/Shanghai — a complaint prepared now is
    received under today's text). :meth:`Rules.for_case` narrows them to a case's platform."""
    from ..clock import now

    day = on or now().date()
    # Platform rules stay until a case is known (Rules.for_case drops another platform's).
    return _narrow(_shipped(), lambda c: c.applies(None, day) or bool(c.platforms))


def _narrow(rules: Rules, keep_cite: Callable[[Citation], bool]) -> Rules:
    def keep(cites: tuple[Citation, ...]) -> tuple[Citation, ...]:
        return tuple(c for c in cites if keep_cite(c))

    def req(r: Requirement) -> Requirement:
        return replace(r, citations=keep(r.citations), how_citations=keep(r.how_citations))

    def notes(ns: list[Note]) -> list[Note]:
        # A note says what its texts say: when none of them bears on the case (another
        # platform's rules, a text not in force) the note goes too. A requirement stays, as
        # advice, without a basis to print.
        kept = [replace(n, citations=keep(n.citations)) for n in ns]
        return [n for n, was in zip(kept, ns, strict=True) if n.citations or not was.citations]

    return replace(
        rules,
        common=[req(r) for r in rules.common],
        categories={k: [req(r) for r in v] for k, v in rules.categories.items()},
        category_notes={k: notes(v) for k, v in rules.category_notes.items()},
        channels={k: [req(r) for r in v] for k, v in rules.channels.items()},
        channel_notes={k: notes(v) for k, v in rules.channel_notes.items()},
        how_by_type={t: (z, e, keep(c)) for t, (z, e, c) in rules.how_by_type.items()},
        intake={
            k: [replace(f, citations=keep(f.citations)) for f in v] for k, v in rules.intake.items()
        },
    )


def intake_fields(channel: str, on: date | None = None) -> list[IntakeField]:
    """The fields the channel's form requires, each with the article in force on ``on`` that
    requires it (12315: 《市场监督管理投诉举报处理办法》第10条第1款 from 2026-04-15)."""
    return load_rules(on).intake.get(channel, [])


def parse_channel(value: str | None, rules: Rules | None = None) -> str | None:
    """A channel key from ``12315``, ``消协``, ``court`` …; ``None`` or ``""`` means none chosen."""
    if value is None or not str(value).strip():
        return None
    rules = rules or load_rules()
    key = rules.aliases.get(str(value).strip().lower())
    if key is None:
        choices = ", ".join(CHANNELS)
        raise InvalidInput(
            f"未知的投诉渠道: {value!r}（可选: {choices}）",
            f"unknown channel: {value!r} (choose from: {choices})",
            field="channel",
        )
    return key
