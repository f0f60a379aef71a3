"""A next-step document written from its facts by its Jinja2 template (文书生成), as plain text —
the text a web form takes and the text the advocate edits; the PDF is laid out from it."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from ..rules.deadlines import UNIT_TEXT
from .facts import Facts

_BLANKS = re.compile(r"\n{3,}")


@cache
def _env() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = resources.files("casework") / "report" / "templates" / "drafts"
    return Environment(
        loader=FileSystemLoader(str(folder)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        autoescape=False,  # plain text; the PDF escapes it when it lays it out
    )


def _extra(f: Facts) -> dict[str, Any]:
    reply = f.kind.reply
    by_law: dict[str, list[str]] = {}
    for c in f.citations:
        by_law.setdefault(c.law, []).append(c.zh)
    # A decision is contested under Art. 11 item 15, inaction under item 11 (and Art. 44 ¶2
    # item 1 asks for the proof that the duty was asked for: the letter sent).
    skip = ("11", "15") if f.inaction else ("11", "11")
    review = [
        c.zh
        for c in f.citations
        if c.law == "admin_review" and c.article in ("11", "24") and (c.article, c.item) != skip
    ]
    proof = [c.zh for c in f.citations if c.law == "admin_review" and c.article == "44"]
    period = [c.zh for c in f.citations if c.law == "admin_review" and c.article == "20"]
    rejected = f.decision is not None and f.decision.kind.value == "complaint_rejected"
    return {
        "reply_len": f"{reply.length}{UNIT_TEXT[reply.unit][0]}",
        "decision_name": "不予受理决定" if rejected or f.decision is None else "终止调解决定",
        "cites_review": "；".join(review),
        "period_cite": "；".join(period) or "；".join(c.zh for c in f.clock_citations),
        "court_cite": "；".join(by_law.get("admin_litigation", [])),
        "proof_cite": "；".join(proof),
    }


def render(f: Facts) -> str:
    """The document as plain text (Chinese), blank lines kept to one between paragraphs."""
    ctx = f.context() | _extra(f)
    text = _env().get_template(f"{f.kind.template}.txt.j2").render(**ctx)
    lines = [line.rstrip() for line in text.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"


__all__ = ["render"]
