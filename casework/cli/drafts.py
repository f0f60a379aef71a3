"""``casework draft``: the next-step documents a case's late clocks call for (下一步文书) — list
them, check one's review sheet, write one as PDF or plain text, log one as sent. The same
functions as the routing panel of the workbook."""

from __future__ import annotations

from typing import Any

import click

from . import cli
from .common import Context, echo_json, json_option, pass_ctx


@cli.command("draft")
@click.argument("case_id")
@click.option(
    "--list", "listing", is_flag=True, help="List the documents the late clocks call for."
)
@click.option("--kind", "kind_id", help="The document kind (see --list), e.g. urge_regulator.")
@click.option("--clock", help="The clock it answers, when more than one calls for the kind.")
@click.option(
    "--to",
    "to",
    type=click.Choice(["pdf", "text"]),
    default="pdf",
    show_default=True,
    help="PDF to send, or plain text for a web form.",
)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Where to write it.")
@click.option("--check", is_flag=True, help="Show the document's review sheet, write nothing.")
@click.option("--accept-warnings", is_flag=True, help="Accept the review sheet's warnings.")
@click.option("--sent", "sent_ref", help="Log the document as sent, with this reference number.")
@click.option("--channel", default="letter", show_default=True, help="How it was sent (--sent).")
@json_option
@pass_ctx
def draft_cmd(
    ctx: Context,
    case_id: str,
    listing: bool,
    kind_id: str | None,
    clock: str | None,
    to: str,
    out: str | None,
    check: bool,
    accept_warnings: bool,
    sent_ref: str | None,
    channel: str,
    as_json: bool,
) -> None:
    """The next-step document for a late clock of CASE_ID: --list them, or write one with
    --kind KIND --to pdf|text -o FILE (after its review sheet, like the submission)."""
    from .. import drafts
    from ..errors import InvalidInput

    store = ctx.store
    if listing or kind_id is None:
        _echo_offers(drafts.offers(store, case_id), case_id, as_json)
        return
    drafts.resolve(store, case_id, kind_id, clock)  # an unknown or uncalled kind first
    if check:
        sheet = drafts.draft_review(store, case_id, kind_id, clock)
        if as_json:
            echo_json(sheet.to_dict())
        else:
            click.echo(sheet.render_text())
        return
    if sent_ref is not None:
        comm = drafts.log_sent(store, case_id, kind_id, ref=sent_ref, channel=channel, clock=clock)
        if as_json:
            echo_json(comm.model_dump(mode="json"))
        else:
            click.echo(f"{case_id}: 已记录发送 logged as sent — comm:{comm.id} {comm.ref}")
        return
    if out is None and to == "text":
        click.echo(drafts.draft_text(store, case_id, kind_id, clock), nl=False)
        return
    if out is None:
        raise InvalidInput("写 PDF 需要 -o 文件", "writing a PDF needs -o FILE", field="out")
    path = drafts.export_draft(
        store, case_id, kind_id, to=to, out=out, clock=clock, accept_warnings=accept_warnings
    )
    if as_json:
        echo_json({"case_id": case_id, "kind": kind_id, "to": to, "path": str(path)})
    else:
        click.echo(str(path))


def _echo_offers(rows: list[dict[str, Any]], case_id: str, as_json: bool) -> None:
    """The documents called for, one line each (kind, clock, due, title → recipient)."""
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"{case_id}: 没有逾期期限需要文书 / no late clock calls for a document")
    for r in rows:
        mark = "  [已修改 edited]" if r["edited"] else ""
        if r["sent"]:
            sent = r["sent"]
            mark += (
                f"  [已发送 sent {sent['on']} {sent['ref']}，答复至 reply by {sent['reply_due']}]"
            )
        click.echo(
            f"{r['kind']}\t{r['clock']}\t{r['due'] or '-'}\t{r['title_zh']} → "
            f"{r['recipient']}（{r['clock_name_zh']}）{mark}"
        )
