"""What a filing channel's form requires of the intake (受理渠道的必填项), and which of it a case
still lacks.

The list is the rules data's (``intake_fields`` in rules/data/evidence_requirements.json, read
through :func:`casework.evidence.requirements.intake_fields`), with the articles in force on the
day: for 12315 《市场监督管理投诉举报处理办法》 (SAMR Order 121, in force 2026-04-15) Art. 10 ¶1, and
before that day 《市场监督管理投诉举报处理暂行办法》 (Order 20) Art. 9, which asks the same. Other
channels have no statutory form; their checklist rules name the fields they need
(casework.evidence.check → field_gaps).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .cases import Case
from .evidence.requirements import intake_fields
from .rules.citations import Citation


@dataclass(frozen=True)
class RequiredField:
    """One field a channel's form requires, with the article that requires it."""

    field: str
    zh: str
    en: str
    citation_zh: str
    citation_en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def citation(self, lang: str) -> str:
        return self.citation_en if lang == "en" else self.citation_zh


def _article(cites: tuple[Citation, ...]) -> Citation | None:
    """The form's own article among a field's bases (the complaint measures before any other law),
    cited to its paragraph: the list spans several items (项) of it."""
    form = [c for c in cites if c.law.startswith("complaint_measures")] or list(cites)
    return replace(form[0], item="") if form else None


def required_fields(channel: str, on: date) -> list[RequiredField]:
    """The fields the form of ``channel`` requires on the date ``on`` ([] for no statutory form)."""
    found = []
    for f in intake_fields(str(channel or ""), on):
        cite = _article(f.citations)
        found.append(
            RequiredField(
                f.field,
                f.label_zh,
                f.label_en,
                cite.label("zh") if cite else "",
                cite.label("en") if cite else "",
            )
        )
    return found


def missing_fields(case: Case, on: date, channel: str | None = None) -> list[RequiredField]:
    """The required fields of ``channel`` (default: the case's own) that the case leaves empty."""
    chosen = case.channel if channel is None else channel
    return [r for r in required_fields(chosen, on) if not getattr(case, r.field, "")]


def missing_required(case: Case) -> list[str]:
    """Fields the 12315 form requires (办法 Art. 10 ¶1 / 暂行办法 Art. 9) that the case still leaves
    empty, on the day it was last changed (was ``Case.missing_required``: the model sits below the
    rules data the list comes from, so the question is asked here, #16)."""
    return [r.field for r in missing_fields(case, case.updated_at.date(), channel="12315")]
