"""``casework records inspect|import|trail``: bills into a case, and the money trail."""

from __future__ import annotations

from decimal import Decimal

import click

from ..money import fmt
from ..records import ColumnMapping, import_bill, inspect, money_trail
from . import cli
from .common import Context, echo_json, json_option, pass_ctx


@cli.group()
def records() -> None:
    """Order and payment bills (账单): inspect, import into a case, money trail."""


@records.command("inspect")
@click.argument("file")
@click.option(
    "--mapping",
    "mapping_file",
    default=None,
    help="Column mapping (JSON) for the generic importer: other banks, order lists.",
)
@json_option
def records_inspect(file: str, mapping_file: str | None, as_json: bool) -> None:
    """Read a bill and say what is in it (needs no case)."""
    mapping = ColumnMapping.load(mapping_file) if mapping_file else None
    result = inspect(file, mapping=mapping)
    d = result.to_dict()
    if as_json:
        echo_json(d)
        return
    click.echo(f"{d['file']}: {d['source']} / {d['layout']}  ({d['kind']})")
    click.echo(
        f"  行数 rows: {d['rows']}   拒收 rejected: {len(d['rejected'])}   "
        f"退款 refunds: {d['refunds']} (linked {d['refunds_linked']})"
    )
    t = result.totals
    click.echo(
        f"  支出 out: {fmt(t['out'])}   收入 in: {fmt(t['in'])}   "
        f"不计收支 neutral: {fmt(t['neutral'])}"
    )
    click.echo(f"  期间 period: {d['period'].get('start')} → {d['period'].get('end')}")
    if d["declared"]:
        click.echo(f"  文件声明 declared: {d['declared']}")
    for r in d["rejected"][:20]:
        click.echo(f"  ✗ line {r['line']}: {r['reason']}")
    for w in d["warnings"]:
        click.echo(f"  ! {w}")


@records.command("import")
@click.argument("case_id")
@click.argument("file")
@click.option(
    "--mapping",
    "mapping_file",
    default=None,
    help="Column mapping (JSON) for the generic importer.",
)
@json_option
@pass_ctx
def records_import(
    ctx: Context, case_id: str, file: str, mapping_file: str | None, as_json: bool
) -> None:
    """Import a bill into a case: its rows (never doubled) and the file as evidence."""
    mapping = ColumnMapping.load(mapping_file) if mapping_file else None
    result = import_bill(ctx.store, case_id, file, mapping=mapping)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(f"{result.file_name}: {result.source} / {result.layout} → {case_id}")
    click.echo(
        f"  新增 added: {result.added}   已有 already present: {result.already_present}   "
        f"拒收 rejected: {len(result.rejected)}   证据 evidence: {result.evidence_id}"
    )
    for w in result.warnings:
        click.echo(f"  ! {w}")


@records.command("trail")
@click.argument("case_id")
@json_option
@pass_ctx
def records_trail(ctx: Context, case_id: str, as_json: bool) -> None:
    """The money trail: paid / refunded / outstanding per order, with the bill lines behind it."""
    trail = money_trail(ctx.store, case_id)
    if as_json:
        echo_json(trail.to_dict())
        return
    if trail.orders.empty:
        click.echo(
            "没有订单：请在案件中填写订单号，或导入订单录入表 / no orders: set the case's "
            "order numbers or import the order-entry template"
        )
    for o in trail.orders.to_dict("records"):
        click.echo(
            f"订单 order {o['order']}  [{o['status_zh']}]  匹配 match: {o['match_method'] or '-'}"
        )
        click.echo(
            f"  已付 paid {fmt(o['paid'])}   已退 refunded {fmt(o['refunded'])}   "
            f"未退 outstanding {fmt(o['outstanding'])}"
        )
        for ln in o["lines"]:
            click.echo(
                f"    {ln['role']:<8} {fmt(Decimal(ln['amount'])):>12}  {ln['time'][:16]}  "
                f"{ln['file']} line {ln['line']}"
            )
    t = trail.totals
    click.echo(
        f"合计 total: paid {fmt(t['paid'])}  refunded {fmt(t['refunded'])}  "
        f"outstanding {fmt(t['outstanding'])}"
    )
    for u in trail.unmatched.to_dict("records"):
        where = f"{u['file']} line {u['line']}" if u["file"] else u["order"]
        click.echo(
            f"  ? 未匹配 unmatched {u['kind']}: {fmt(u['amount'])} {u['counterparty']} "
            f"({where}) — {u['reason']}"
        )
