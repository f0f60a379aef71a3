"""A group complaint's submission as HTML or PDF, through the same nbconvert exporters as a
single case, recorded as the group case's Filing.

The group has no notebook of its own to execute: its sections are rendered here and put into a
notebook's report cells as ``text/html`` outputs, which the casework exporters turn into the
submission exactly as they do an executed case notebook (same template, fonts and PDF layout).
Before that, every member's evidence must pass verification, and each member's consent to the
recipient is checked (:func:`check_consent`).
"""

from __future__ import annotations

from collections.abc import Callable

import nbformat
from nbformat import NotebookNode

from ..groups import MIN_MEMBERS
from ..store import Store
from .export_request import ExportRequest
from .exporters import TEMPLATES, ExportError
from .group import (
    GroupCtx,
    communications,
    cover,
    deadlines,
    evidence,
    exhibits,
    facts,
    legal_basis,
    make_group_ctx,
    members,
    money,
    request,
)
from .group_letters import appendix, authorizations, nomination, signature

#: (section id, renderer, numbered heading?) in the order the reader reads them.
SECTIONS: tuple[tuple[str, Callable[[GroupCtx], str], bool], ...] = (
    ("cover", cover, False),
    ("request", request, True),
    ("facts", facts, True),
    ("members", members, True),
    ("money", money, True),
    ("evidence", evidence, True),
    ("communications", communications, True),
    ("legal_basis", legal_basis, True),
    ("deadlines", deadlines, True),
    ("signature", signature, False),
    ("nomination", nomination, False),
    ("authorizations", authorizations, False),
    ("appendix", appendix, False),
    ("exhibits", exhibits, False),
)
CSS = TEMPLATES / "group" / "group.css"


def render_sections(ctx: GroupCtx) -> list[str]:
    """Every section as an HTML fragment (``<section class="cw-section" …>``), in order."""
    lang = "zh-CN" if ctx.lang == "zh" else "en"
    out = []
    for name, render, numbered in SECTIONS:
        head = ctx.heading(name) if numbered else ""
        body = render(ctx)
        if name == "cover":
            body = f"<style>{CSS.read_text('utf-8')}</style>" + body
        out.append(
            f'<section class="cw-section cw-group-{name}" id="cw-{name}" lang="{lang}">'
            f"{head}{body}</section>"
        )
    return out


def group_report(store: Store, group_id: str, *, profile: str = "public", lang: str = "zh") -> str:
    """The whole submission as one HTML fragment (what the report cells hold, concatenated)."""
    return "\n".join(render_sections(make_group_ctx(store, group_id, profile=profile, lang=lang)))


def report_notebook(ctx: GroupCtx) -> NotebookNode:
    """The group's sections as the report cells of a notebook (no code runs)."""
    nb = nbformat.v4.new_notebook()
    for html in render_sections(ctx):
        cell = nbformat.v4.new_code_cell(source="", metadata={"tags": ["report"]})
        cell.outputs = [
            nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": ""})
        ]
        nb.cells.append(cell)
    return nb


def check_consent(store: Store, ctx: GroupCtx, recipient: str | None = None) -> None:
    """Each member's consent to giving their information to the recipient (个人信息保护法
    Arts. 23, 29; by default the group's filing channel's), from the consent ledger
    (:func:`casework.consent.missing_consent`): the first member whose ledger does not cover it
    stops the export, named by letter and case, with what is missing."""
    from ..consent import default_recipient, missing_consent

    if not recipient:
        found = default_recipient(ctx.group.case.channel or "12315")
        if found is None:
            return
        recipient = str(found.value)
    for m in ctx.group.members:
        gaps = missing_consent(store, m.case_id, recipient)
        if gaps:
            more = len(gaps) - 1
            raise ExportError(
                f"不能导出：投诉人{m.letter}（案件 {m.case_id}）{gaps[0].zh}"
                + (f"（另有 {more} 项）" if more else ""),
                f"not exported: complainant {m.letter} (case {m.case_id}): {gaps[0].en}"
                + (f" (and {more} more)" if more else ""),
                where=ctx.group.id,
            )


def check_members(store: Store, ctx: GroupCtx) -> None:
    """At least two members, and every member's evidence verifies (as a single case's export
    verifies its own), naming the member whose files fail."""
    from ..evidence import verify

    if len(ctx.group.members) < MIN_MEMBERS:
        raise ExportError(
            "共同投诉至少需要两名投诉人，不能导出",
            "a group complaint needs at least two complainants; nothing exported",
            where=ctx.group.id,
        )
    for m in ctx.group.members:
        result = verify(store, m.case_id)
        if not result.ok:
            raise ExportError(
                f"投诉人{m.letter}的证据校验未通过，不能导出: " + "；".join(result.lines("zh")),
                f"evidence of complainant {m.letter} failed verification, nothing exported: "
                + "; ".join(result.lines("en")),
                where=m.case_id,
            )


def prepare(store: Store, request: ExportRequest) -> tuple[NotebookNode, str, str, str]:
    """The checked group as a report notebook for the exporters, with its manifest hash, its
    (redacted) title and its channel; :func:`casework.report.export.export` writes it."""
    from .group_letters import manifest_data

    ctx = make_group_ctx(
        store, request.case_id, profile=request.profile, lang=request.lang, today=request.today
    )
    check_members(store, ctx)
    check_consent(store, ctx, request.recipient)
    title = ctx.r(ctx.group.case.title)
    manifest = str(manifest_data(ctx)["manifest_sha256"])
    nb = report_notebook(ctx)
    nb.metadata["casework"] = request.metadata(title)
    return nb, manifest, title, ctx.group.case.channel


__all__ = ["SECTIONS", "group_report", "prepare", "render_sections"]
