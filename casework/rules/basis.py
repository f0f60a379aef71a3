"""How a rule's basis reads (依据的写法): a citation's reader label and a deadline's basis, the one
wording the report, the workbook and the portfolio tables print."""

from __future__ import annotations

from typing import Any

from .citations import reader_notes


def _zh(lang: str) -> bool:
    return lang == "zh"


def citation_label(c: Any, lang: str) -> str:
    """《法》第n条第m款（2013-10-25 文本）: the rules' own reader label (never the P/S/U tier),
    without our doubt about the text — an unverified text goes to the review sheet."""
    return plain_label(c, "zh" if _zh(lang) else "en")


def plain_label(c: Any, lang: str) -> str:
    """A citation's reader label with our notes about its text taken off and only the date of
    the text put back (when there is one)."""
    label = str(c.label(lang))
    notes = reader_notes(c.text_date, c.unverified, lang)
    base = label[: -len(notes)] if notes and label.endswith(notes) else label
    if str(c.text_date)[:1].isdigit():
        return base + reader_notes(c.text_date, False, lang)
    return base


def deadline_basis(d: Any, lang: str) -> str:
    """A deadline's legal basis for a reader, or where a logged answer-by date comes from."""
    if not d.citations:
        return str(d.citation if _zh(lang) else d.citation_en)
    return ("；" if _zh(lang) else "; ").join(citation_label(c, lang) for c in d.citations)
