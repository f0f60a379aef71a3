"""``casework records inspect|import|trail``: bills into a case, and the money trail."""

from __future__ import annotations

import click

from ..money import fmt
from ..records import ColumnMapping, inspect
from . import cli
from .common import echo_json, json_option


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
