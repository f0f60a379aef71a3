"""The legal sections: the legal basis in force on the day and the deadlines, each status in the
reader's words."""

from __future__ import annotations

from ...rules.basis import citation_label, deadline_basis
from ..markup import esc, note, table
from .context import Ctx, is_zh


def legal_basis(ctx: Ctx) -> str:
    from ...rules.case_basis import citations

    cites = citations(ctx.store, ctx.case.id, today=ctx.today)
    if not cites:
        return note(ctx.t("（没有适用的法律依据。）", "(No legal basis applies.)"))
    items = []
    for c in cites:
        extra = c.note_zh if is_zh(ctx.lang) else c.note_en
        items.append(
            f"<li>{esc(citation_label(c, ctx.lang))}"
            + (f'<br/><span class="cw-cite-note">{esc(extra)}</span>' if extra else "")
            + "</li>"
        )
    return f'<ol class="cw-cites">{"".join(items)}</ol>'


def deadlines(ctx: Ctx) -> str:
    """The clocks that apply, each with its status in the reader's words; the advocate's notes
    (an estimated calendar year, an uncertain roll-over) are on the review sheet, not here."""
    from ...rules import deadlines_for
    from ...vocabulary import DeadlineStatus

    items = [
        d
        for d in deadlines_for(ctx.store, ctx.case.id, today=ctx.today)
        if DeadlineStatus.of(d.status) is not None
    ]
    t = ctx.t
    if not items:
        return note(t("（没有适用的期限。）", "(No deadlines apply.)"))
    headers = [
        t("期限", "Deadline"),
        t("起算", "From"),
        t("届满", "Due"),
        t("期间", "Period"),
        t("状态", "Status"),
        t("依据", "Basis"),
    ]
    rows = []
    for d in items:
        status = DeadlineStatus.of(d.status)
        assert status is not None
        basis = deadline_basis(d, ctx.lang)
        if not d.citations:
            basis = t(
                f"沟通记录（编号 {d.ref}）" if d.ref and d.ref.isascii() else "沟通记录",
                f"communications log (ref. {d.ref})"
                if d.ref and d.ref.isascii()
                else "communications log",
            )
        rows.append(
            [
                ctx.r(d.name(ctx.lang)),
                d.start.isoformat() if d.start else "",
                d.due.isoformat() if d.due else "",
                d.length_text.pick(ctx.lang),
                status.pick(ctx.lang),
                basis,
            ]
        )
    return table(headers, rows, cls="cw-deadlines")
