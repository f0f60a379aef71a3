"""What a filing channel's form requires of the intake (受理渠道的必填项), and which of it a case
still lacks.

For 12315 the list is the law's: 《市场监督管理投诉举报处理办法》 (SAMR Order 121, in force
2026-04-15) Art. 10 ¶1 — the complainant's name, phone and address; the respondent's name and
address; the specific request and the facts — and before that date 《市场监督管理投诉举报处理暂行办法》
(Order 20) Art. 9, which asks the same. The rules data (evidence_requirements.json,
``intake_fields``) replaces this list when it carries one for the channel: this module is the one
place the fallback lives. Other channels have no statutory form; their checklist rules name the
fields they need (casework.evidence.check → field_gaps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .cases import FIELD_ZH, Case, FilingChannel

#: The day Order 121 replaced Order 20 (Art. 46).
ORDER_121_IN_FORCE = date(2026, 4, 15)

_FIELDS_12315 = (
    ("complainant_name", "the complainant's name"),
    ("complainant_phone", "the complainant's phone number"),
    ("complainant_address", "the complainant's mailing address"),
    ("respondent_name", "the respondent's name"),
    ("respondent_address", "the respondent's address"),
    ("request", "the specific request"),
    ("facts", "the facts of the dispute"),
)


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


def _citation_12315(on: date) -> tuple[str, str]:
    if on >= ORDER_121_IN_FORCE:
        return (
            "《市场监督管理投诉举报处理办法》第十条第一款",
            "SAMR Complaint and Report Measures (Order 121, 2026) Art. 10(1)",
        )
    return (
        "《市场监督管理投诉举报处理暂行办法》第九条",
        "SAMR Interim Complaint and Report Measures (Order 20) Art. 9",
    )


def _from_rules(channel: str) -> list[RequiredField] | None:
    """The channel's list from the rules data, once the law engineer's ``intake_fields`` is
    there; ``None`` (use the fallback) until then or when the data has none for the channel."""
    try:
        from .evidence.requirements import load_rules

        data = getattr(load_rules(), "intake_fields", None)
    except Exception:  # the rules are checked by their own tests; here only the list matters
        return None
    items = (data or {}).get(channel) if isinstance(data, dict) else None
    if not items:
        return None
    found = []
    for item in items:
        get = item.get if isinstance(item, dict) else lambda k, _i=item: getattr(_i, k, None)
        name = str(get("field") or "")
        cites: Any = get("citations") or []
        cite = cites[0] if cites else None
        cite_zh = str(getattr(cite, "label", None) or getattr(cite, "zh", None) or cite or "")
        cite_en = str(getattr(cite, "label_en", None) or getattr(cite, "en", None) or cite_zh)
        found.append(
            RequiredField(
                name,
                str(get("zh") or FIELD_ZH.get(name, name)),
                str(get("en") or name),
                cite_zh,
                cite_en,
            )
        )
    return found


def required_fields(channel: str, on: date) -> list[RequiredField]:
    """The fields the form of ``channel`` requires on the date ``on`` ([] for no statutory form)."""
    key = str(channel or "")
    listed = _from_rules(key)
    if listed is not None:
        return listed
    if key != FilingChannel.REGULATOR_12315.value:
        return []
    zh, en = _citation_12315(on)
    return [RequiredField(f, FIELD_ZH[f], words, zh, en) for f, words in _FIELDS_12315]


def missing_fields(case: Case, on: date, channel: str | None = None) -> list[RequiredField]:
    """The required fields of ``channel`` (default: the case's own) that the case leaves empty."""
    chosen = case.channel if channel is None else channel
    return [r for r in required_fields(chosen, on) if not getattr(case, r.field, "")]
