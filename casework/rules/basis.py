"""How a rule's basis reads (依据的写法): a citation's reader label and a deadline's basis, the one
wording the report, the workbook and the portfolio tables print."""

from __future__ import annotations

from typing import Any

from .citations import Citation


def _zh(lang: str) -> bool:
    return lang == "zh"


def citation_label(c: Citation, lang: str) -> str:
    """《法》第n条第m款（2013-10-25 文本）: the rules' own reader label (never the P/S/U tier),
    without our doubt about the text — an unverified text goes to the review sheet."""
    return c.reader_label("zh" if _zh(lang) else "en")


def deadline_basis(d: Any, lang: str) -> str:
    """A deadline's legal basis for a reader, or where a logged answer-by date comes from."""
    if not d.citations:
        return str(d.citation if _zh(lang) else d.citation_en)
    return ("；" if _zh(lang) else "; ").join(citation_label(c, lang) for c in d.citations)
