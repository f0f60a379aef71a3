"""``casework clocks``: list a case's clocks with their keys, and settle, dismiss or undo one
(期限的人工处理) — the same functions as the deadline table of the workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .common import Context, echo_json, json_option, pass_ctx
from .portfolio import clocks_group  # one `casework clocks` group: rebuild is the portfolio's

if TYPE_CHECKING:
    from .. import settle as st


@clocks_group.command("list")
@click.argument("case_id")
@json_option
@pass_ctx
def list_cmd(ctx: Context, case_id: str, as_json: bool) -> None:
    """Every clock of the case with its key, status, due date and what closes it."""
    from .. import settle as st  # lazy: start-up (#16)
    from ..rules import deadlines_for

    store = ctx.store
    live = st.settlements(store, case_id)
    rows = []
    for d in deadlines_for(store, case_id, today=store.clock().date()):
        key = st.clock_key(d)
        s = live.get(key)
        rows.append(
            {
                "clock": key,
                "name_zh": d.name_zh,
                "name_en": d.name_en,
                "status": d.status,
                "due": d.due.isoformat() if d.due else None,
                "closes_on": st.closing_kinds(d),
                "settled": s.state if s else "",
                "note": s.note if s else "",
            }
        )
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        mark = f"  [{r['settled']}: {r['note']}]" if r["settled"] else ""
        click.echo(f"{r['clock']}\t{r['status']}\t{r['due'] or '-'}\t{r['name_zh']}{mark}")


@clocks_group.command("settle")
@click.argument("case_id")
@click.argument("clock")
@click.option("--event", "event_id", type=int, help="Id of the event that met the clock.")
@click.option("--comm", "communication_id", type=int, help="Id of the contact that met it.")
@click.option("--note", default="", help="Why this act meets the clock.")
@json_option
@pass_ctx
def settle_cmd(
    ctx: Context,
    case_id: str,
    clock: str,
    event_id: int | None,
    communication_id: int | None,
    note: str,
    as_json: bool,
) -> None:
    """Mark CLOCK met by an event (--event) or a contact (--comm) of the case."""
    from .. import settle as st  # lazy: start-up (#16)

    done = st.settle(
        ctx.store, case_id, clock, event_id=event_id, communication_id=communication_id, note=note
    )
    _echo(done, as_json, "已标记为已满足", "marked met")


@clocks_group.command("dismiss")
@click.argument("case_id")
@click.argument("clock")
@click.option("--reason", required=True, help="Why the clock does not apply to the case.")
@json_option
@pass_ctx
def dismiss_cmd(ctx: Context, case_id: str, clock: str, reason: str, as_json: bool) -> None:
    """Dismiss CLOCK as not applying to the case, with the reason."""
    from .. import settle as st  # lazy: start-up (#16)

    _echo(
        st.dismiss(ctx.store, case_id, clock, reason=reason), as_json, "已标记为不适用", "dismissed"
    )


@clocks_group.command("undo")
@click.argument("case_id")
@click.argument("clock")
@json_option
@pass_ctx
def undo_cmd(ctx: Context, case_id: str, clock: str, as_json: bool) -> None:
    """Undo the settlement (met or dismissed) of CLOCK."""
    from .. import settle as st  # lazy: start-up (#16)

    _echo(st.undo(ctx.store, case_id, clock), as_json, "已撤销", "undone")


def _echo(done: st.Settlement, as_json: bool, zh: str, en: str) -> None:
    if as_json:
        echo_json(done.to_dict())
    else:
        click.echo(f"{done.case_id} {done.clock}: {zh} / {en}")
