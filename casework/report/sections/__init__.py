"""The sections of a submission (提交材料), each rendered to HTML from the register.

Order and content follow what the readers ask for (暂行办法 Art. 9 for a complaint; 证据规定 Art. 19
for the 证据清单): cover, request (诉求), facts in time order, timeline figure, money trail, evidence
list with SHA-256, communications log, legal basis, deadlines, and an appendix with the manifest
hash of the whole evidence set. Every user string is redacted for the profile, then escaped.

One module per kind of section: :mod:`.context` (what they share), :mod:`.parties`, :mod:`.money`,
:mod:`.evidence`, :mod:`.law`; this module puts them in order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ...errors import CaseworkError, InvalidInput
from ...store import Store
from ..markup import ERROR_ATTR, esc, note
from .context import LANGS, SECTIONS, Ctx, make_ctx
from .evidence import appendix, evidence, exhibits, submitted
from .law import deadlines, legal_basis
from .money import money
from .parties import authorization, communications, cover, facts, request, signature, timeline

__all__ = [
    "LANGS",
    "RENDERERS",
    "SECTIONS",
    "Ctx",
    "authorization",
    "env_store",
    "make_ctx",
    "render_report",
    "render_section",
    "section",
    "submitted",
]

RENDERERS = {
    "cover": cover,
    "request": request,
    "facts": facts,
    "timeline": timeline,
    "money": money,
    "evidence": evidence,
    "communications": communications,
    "legal_basis": legal_basis,
    "deadlines": deadlines,
    "signature": signature,
    "appendix": appendix,
    "exhibits": exhibits,
}


def render_section(
    store: Store,
    name: str,
    case_id: str,
    *,
    profile: str = "public",
    lang: str = "zh",
    today: date | None = None,
) -> str:
    """One section as an HTML fragment (``<section class="cw-section" …>``)."""
    if name not in RENDERERS:
        raise InvalidInput(
            f"没有这个报告部分: {name!r}（可选: {', '.join(SECTIONS)}）",
            f"no report section {name!r} (choose from: {', '.join(SECTIONS)})",
            field="section",
        )
    ctx = make_ctx(store, case_id, profile=profile, lang=lang, today=today)
    head = "" if name == "cover" else ctx.heading(name)
    return (
        f'<section class="cw-section cw-{name}" id="cw-{name}" lang="{esc(_html_lang(lang))}">'
        f"{head}{RENDERERS[name](ctx)}</section>"
    )


def render_report(
    store: Store,
    case_id: str,
    *,
    profile: str = "public",
    lang: str = "zh",
    today: date | None = None,
) -> str:
    """Every section in order, as one HTML fragment (what the report cells show, concatenated)."""
    return "\n".join(
        render_section(store, n, case_id, profile=profile, lang=lang, today=today) for n in SECTIONS
    )


def _html_lang(lang: str) -> str:
    return "zh-CN" if lang == "zh" else "en"


# -- the notebook entry point ---------------------------------------------------------------


def env_store() -> Store:
    """The register the environment names, opened once per kernel: :meth:`Store.from_env`, the
    one cache the workbook's panels share (#16)."""
    return Store.from_env()


def section(name: str, case_id: str, *, profile: str = "public", lang: str = "zh") -> Any:
    """A report section for a notebook cell: ``casework.report.section("cover", case_id)``.

    A casework error (unknown case, bad profile) is shown as a message in the cell, marked so the
    exporter refuses to put it into a submission.
    """
    from IPython.display import HTML

    if not case_id:
        return HTML(note("请先选择或登记案件。 / Pick or register a case first."))
    try:
        return HTML(render_section(env_store(), name, case_id, profile=profile, lang=lang))
    except CaseworkError as exc:
        return HTML(f'<div class="cw-error" {ERROR_ATTR}="{esc(name)}">{esc(exc.message())}</div>')
