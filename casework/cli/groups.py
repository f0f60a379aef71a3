"""``casework group …``: group complaints (共同投诉) — make, show, change members and
representatives, and export the group's submission."""

from __future__ import annotations

import click

from ..money import fmt
from . import cli
from .common import Context, echo_json, json_option, pass_ctx


@cli.group()
def group() -> None:
    """Group complaints (共同投诉): several consumers against one business (办法 Art. 12)."""


def _print(g: object) -> None:
    from ..groups import Group
    from ..vocabulary import GroupRole

    assert isinstance(g, Group)
    r = g.respondent
    click.echo(f"{g.id}  {g.case.title}  [{g.case.status.zh}]  共同投诉 group complaint")
    click.echo(f"  被投诉人 respondent: {r.respondent_name or r.shop_name}")
    if r.shop_name and r.respondent_name:
        click.echo(f"  店铺 shop: {r.shop_name}")
    if r.platform:
        click.echo(f"  平台 platform: {r.platform}")
    total = g.total_paid
    click.echo(
        f"  成员 members: {len(g.members)}" + (f"，合计 total {fmt(total)}" if total else "")
    )
    for m in g.members:
        c = m.case
        role = GroupRole.REPRESENTATIVE.zh if m.is_representative else ""
        day = c.purchase_date.isoformat() if c.purchase_date else "—"
        orders = "、".join(c.order_numbers) or "—"
        paid = fmt(c.amount_paid) if c.amount_paid is not None else "—"
        click.echo(
            f"  {m.letter}  {c.id}  {c.complainant_name or '—'}  {orders}  {day}  {paid}  {role}"
        )
    if not g.representatives:
        click.echo("  代表人 representatives: 尚未推选 not chosen yet (casework group reps)")
    for m in g.former:
        click.echo(f"  已退出 left: {m.case_id}  {m.left_at}")


@group.command("new")
@click.option(
    "--from",
    "member_ids",
    multiple=True,
    required=True,
    help="Member case ids (two or more): --from 2026-0001 2026-0002 … or repeat --from.",
)
@click.argument("more_ids", nargs=-1)
@click.option("--title", required=True, help="Title of the group complaint.")
@click.option("--request", default="", help="The common request (共同诉求).")
@click.option("--facts", default="", help="The common facts (共同事实).")
@json_option
@pass_ctx
def group_new(
    ctx: Context,
    member_ids: tuple[str, ...],
    more_ids: tuple[str, ...],
    title: str,
    request: str,
    facts: str,
    as_json: bool,
) -> None:
    """Make a group case from member cases against one business and print its id."""
    from ..groups import create_group

    g = create_group(ctx.store, [*member_ids, *more_ids], title, request=request, facts=facts)
    if as_json:
        echo_json(g.to_dict())
    else:
        click.echo(g.id)


@group.command("show")
@click.argument("group_id")
@json_option
@pass_ctx
def group_show(ctx: Context, group_id: str, as_json: bool) -> None:
    """Show a group case and its members, read live from their cases."""
    from ..groups import get_group

    g = get_group(ctx.store, group_id)
    if as_json:
        echo_json(g.to_dict())
    else:
        _print(g)


@group.command("list")
@json_option
@pass_ctx
def group_list(ctx: Context, as_json: bool) -> None:
    """List the group cases."""
    from ..groups import list_groups

    groups = list_groups(ctx.store)
    if as_json:
        echo_json([g.to_dict() for g in groups])
        return
    for g in groups:
        members = ", ".join(m.case_id for m in g.members)
        click.echo(f"{g.id}  {g.case.status.zh:<6}  {g.case.title}  ({members})")


@group.command("add")
@click.argument("group_id")
@click.argument("case_id")
@json_option
@pass_ctx
def group_add(ctx: Context, group_id: str, case_id: str, as_json: bool) -> None:
    """Add a member case (against the same business, in no other open group)."""
    from ..groups import add_member

    g = add_member(ctx.store, group_id, case_id)
    echo_json(g.to_dict()) if as_json else _print(g)


@group.command("leave")
@click.argument("group_id")
@click.argument("case_id")
@json_option
@pass_ctx
def group_leave(ctx: Context, group_id: str, case_id: str, as_json: bool) -> None:
    """A member leaves the group; its own case stays as it is."""
    from ..groups import leave_group

    g = leave_group(ctx.store, group_id, case_id)
    echo_json(g.to_dict()) if as_json else _print(g)


@group.command("reps")
@click.argument("group_id")
@click.argument("case_ids", nargs=-1, required=True)
@json_option
@pass_ctx
def group_reps(ctx: Context, group_id: str, case_ids: tuple[str, ...], as_json: bool) -> None:
    """Choose the representatives (代表人): one or two member cases."""
    from ..groups import set_representatives

    g = set_representatives(ctx.store, group_id, list(case_ids))
    echo_json(g.to_dict()) if as_json else _print(g)


@group.command("export")
@click.argument("group_id")
@click.option("--to", "to", type=click.Choice(["html", "pdf"]), default="html", show_default=True)
@click.option(
    "--profile",
    type=click.Choice(["public", "authority"]),
    default="public",
    show_default=True,
    help="public: names, phones and addresses masked (隐私保护版); authority: for 12315.",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), default=None)
@click.option(
    "--recipient",
    default=None,
    help="Who receives it (提交对象; default: the group's filing channel's). Every member's "
    "consent must cover it.",
)
@json_option
@pass_ctx
def group_export(
    ctx: Context,
    group_id: str,
    to: str,
    profile: str,
    lang: str,
    out: str | None,
    recipient: str | None,
    as_json: bool,
) -> None:
    """Export the group's submission: member table, combined evidence list, the nomination
    (推选书) and each member's 授权委托书; print where it is."""
    from ..groups import get_group
    from ..report.export import export
    from ..report.export_request import ExportRequest

    get_group(ctx.store, group_id)  # a group case, or one clear line
    request = ExportRequest.one(group_id, to, out, profile=profile, lang=lang, recipient=recipient)
    [result] = export(ctx.store, request)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(f"{result.path}\nSHA-256 {result.sha256}")
