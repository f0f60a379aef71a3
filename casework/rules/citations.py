"""Citations (法律依据): which law, which article, how sure we are of the text, and its date.

Every rule in ``rules/data/*.json`` cites by a law key from ``laws.json``. Tiers follow the domain
notes: [P] primary text read, [S] secondary source, [U] not verified. The tier is bookkeeping: a
reader sees the article, the date of the text and, where it applies, 未经核实 (``reader_notes``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import CaseworkError

if TYPE_CHECKING:
    from ..store import Store

TIERS = ("P", "S", "U")


class RuleDataError(CaseworkError):
    """A rule file that cannot be read or breaks its own schema (规则数据文件有误)."""


@cache
def load(name: str) -> dict[str, Any]:
    """A rule data file (``casework/rules/data/NAME``) parsed once."""
    path = resources.files("casework") / "rules" / "data" / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (OSError, json.JSONDecodeError) as exc:
        raise RuleDataError(
            f"规则数据文件无法读取: {exc}",
            f"cannot read rule data: {exc}",
            where=f"casework/rules/data/{name}",
        ) from exc


def laws() -> dict[str, dict[str, Any]]:
    return load("laws.json")["laws"]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Citation:
    """One article of one law, with the tier and date of the text it was checked against."""

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

    @classmethod
    def from_data(cls, data: dict[str, Any], *, where: str = "") -> Citation:
        key = data.get("law", "")
        law = laws().get(key)
        if law is None:
            raise RuleDataError(
                f"引用了未知的法规: {key!r}", f"unknown law key: {key!r}", where=where
            )
        tier = data.get("tier", law["tier"])
        if tier not in TIERS or not data.get("article"):
            raise RuleDataError(
                "引用缺少条文或可靠性等级", "citation lacks article or tier", where=where
            )
        return cls(
            law=key,
            law_zh=law["zh"],
            law_en=law["en"],
            article=str(data["article"]),
            paragraph=str(data.get("paragraph", "")),
            tier=tier,
            text_date=law["text_date"],
            rank=law["rank"],
            rank_zh=law["rank_zh"],
            rank_order=int(law["rank_order"]),
            unverified=bool(data.get("unverified") or law.get("unverified") or tier == "U"),
            note_zh=data.get("note_zh", ""),
            note_en=data.get("note_en", ""),
            caveat_zh=law.get("caveat_zh", ""),
            caveat_en=law.get("caveat_en", ""),
        )

    @property
    def zh(self) -> str:
        para = f"第{self.paragraph}款" if self.paragraph else ""
        art = f"第{self.article}条{para}" if has_article(self.article) else ""
        return f"《{self.law_zh}》{art}{reader_notes(self.text_date, self.unverified, 'zh')}"

    @property
    def en(self) -> str:
        para = f"({self.paragraph})" if self.paragraph else ""
        art = f", Art. {self.article}{para}" if has_article(self.article) else ""
        return f"{self.law_en}{art}{reader_notes(self.text_date, self.unverified, 'en')}"

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh

    def to_dict(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "law_zh": self.law_zh,
            "law_en": self.law_en,
            "article": self.article,
            "paragraph": self.paragraph,
            "tier": self.tier,
            "text_date": self.text_date,
            "rank": self.rank,
            "rank_zh": self.rank_zh,
            "unverified": self.unverified,
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


def cite_all(items: list[dict[str, Any]], *, where: str) -> list[Citation]:
    return [Citation.from_data(c, where=where) for c in items]


def join(cits: list[Citation], lang: str = "zh") -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(c.label(lang) for c in cits)


def dedupe(cits: list[Citation]) -> list[Citation]:
    """Each article once, ordered by the rank of the law (law before regulation before rule)."""
    seen: dict[tuple[str, str, str], Citation] = {}
    for c in cits:
        seen.setdefault((c.law, c.article, c.paragraph), c)

    def _num(article: str) -> int:
        digits = "".join(ch for ch in article if ch.isdigit())
        return int(digits) if digits else 0

    return sorted(seen.values(), key=lambda c: (c.rank_order, c.law, _num(c.article), c.paragraph))


def citations(store: Store, case_id: str, today: Any = None) -> list[Citation]:
    """The legal basis for the case's report: every article its clocks, route and claims rely on."""
    from .damages import damages
    from .deadlines import deadlines_for
    from .routing import route

    found: list[Citation] = []
    for d in deadlines_for(store, case_id, today=today):
        if d.status != "not_applicable":
            found.extend(d.citations)
    plan = route(store, case_id, today=today)
    for step in plan.steps:
        # The stops the case has reached and the next one; later rungs are advice, not basis.
        if step.reached or step.id == plan.next:
            found.extend(step.citations)
    if plan.report_track is not None:
        found.extend(plan.report_track.citations)
    found.extend(plan.citations)
    for line in damages(store, case_id).lines:
        if line.applies != "no":
            found.extend(line.citations)
    return dedupe(found)
