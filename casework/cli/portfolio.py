"""``casework portfolio``: the register at a glance (案件总览), as the portfolio notebook shows it;
``casework clocks rebuild``: recompute the rows the portfolio reads after a change of rules."""

from __future__ import annotations

import time
from datetime import date

import click

from ..cases import parse_date
from . import cli
from .common import Context, echo_json, json_option, pass_ctx

VIEWS = ("status", "due", "platform", "category", "merchant", "repeat")


@cli.command("portfolio")
@click.argument("view", type=click.Choice(VIEWS), default="status")
@click.option(
    "--days",
    default=14,
    show_default=True,
    type=click.IntRange(0, 36500),  # 99999999999 days overflowed date arithmetic (#18)
    help="With due: how far ahead to look.",
)
@click.option("--min-cases", default=2, show_default=True, help="With repeat: cases per merchant.")
@click.option("--today", default=None, help="Count as of this date (default: today).")
@click.option(
    "--ics",
    "ics",
    type=click.Path(dir_okay=False),
    default=None,
    help="With due: write the items to this iCalendar file (.ics) for a phone's calendar.",
)
@json_option
@pass_ctx
def portfolio_cmd(
    ctx: Context,
    view: str,
    days: int,
    min_cases: int,
    today: str | None,
    ics: str | None,
    as_json: bool,
) -> None:
    """Open cases by status, what is due, cases by platform / category / merchant, and merchants
    in several cases (group complaint or 举报 candidates)."""
    import pandas as pd

    from .. import portfolio as pf
    from ..calendar_ics import items_from_due, write_calendar  # lazy: start-up (#16)

    store = ctx.store
    day: date = parse_date(today, field="today") if today else store.clock().date()
    if view == "status":
        frame = pf.open_by_status(store)
    elif view == "due":
        frame = pf.due(store, day, days_ahead=days)
    elif view == "repeat":
        frame = pf.repeat_merchants(store, min_cases)
    else:
        frame = pf.breakdown(store, view)
    if ics:
        if view != "due":
            raise click.UsageError("--ics goes with the due view / --ics 只用于 due 视图")
        n = write_calendar(ics, items_from_due(frame), store.clock())
        click.echo(f"已写入 {n} 个日历事项 / wrote {n} calendar events: {ics}")
        return
    if as_json:
        echo_json(frame.astype(object).where(frame.notna(), None).to_dict("records"))
        return
    if frame.empty:
        click.echo("（无）/ (none)")
        return
    if view == "due":  # the terminal gets the short columns; --json has them all
        frame = frame[["due", "status", "days", "case_id", "what_zh", "counterpart"]]
    with pd.option_context("display.width", 200):
        click.echo(frame.to_string(index=False))


@cli.group("clocks")
def clocks_group() -> None:
    """Clocks (期限), follow-ups and case summaries the register keeps for the portfolio."""


@clocks_group.command("rebuild")
@json_option
@pass_ctx
def clocks_rebuild(ctx: Context, as_json: bool) -> None:
    """Recompute every case's clocks, follow-ups and summary (after a change of rule data).

    Every write keeps them current by itself; run this when the deadline rules change."""
    from ..store import clocks  # lazy: start-up (#16)

    started = time.perf_counter()
    cases = clocks.rebuild(ctx.store)
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        echo_json({"cases": cases, "seconds": seconds})
        return
    click.echo(
        f"已重算 {cases} 个案件的期限 / recomputed the clocks of {cases} cases ({seconds} s)"
    )
