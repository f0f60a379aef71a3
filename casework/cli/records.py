"""``casework records inspect|import|trail``: bills into a case, and the money trail.

The text output is for an advocate, not a programmer: Chinese labels first (English after them),
amounts right-aligned in one column, times without the ``T`` and the ``+08:00``, and every figure
of the trail followed by the file and line it comes from. ``--json`` gives the machine form.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

import click

from ..money import fmt
from . import cli
from .common import Context, echo_json, json_option, pass_ctx

DIRECTION_ZH = {"out": "支出", "in": "收入", "neutral": "不计收支"}
KIND_ZH = {"payment": "交易明细", "order": "订单录入"}
MATCH_ZH = {
    "id": "按订单号 id",
    "amount+time+counterparty": "按金额、时间和商家 amount+time+shop",
    "amount+time": "按金额和时间 amount+time",
    "order_record": "仅有订单记录，未找到付款 order record only",
    "": "未匹配 none",
}
ROLE_ZH = {"payment": "付款 payment", "refund": "退款 refund", "order": "订单 order"}
UNMATCHED_ZH = {"order": "订单", "refund": "退款", "payment": "付款"}
#: Display columns of the labels (a Chinese character takes two).
LABEL = 20


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _rjust(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def _when(iso: str | None) -> str:
    """``2026-09-28T20:16:05+08:00`` → ``2026-09-28 20:16:05`` (all times are Beijing time)."""
    return (iso or "")[:19].replace("T", " ")


def _money_lines(pairs: list[tuple[str, Decimal]], indent: str = "  ") -> list[str]:
    """Label + amount lines with the amounts right-aligned in one column."""
    texts = [fmt(v) for _, v in pairs]
    width = max(len(t) for t in texts)
    return [
        f"{indent}{_ljust(k, LABEL)}{t:>{width}}" for (k, _), t in zip(pairs, texts, strict=True)
    ]


def _declared(d: dict[str, Any]) -> str:
    """The file's own summary in words: 共 66 笔；支出 63 笔 16.54 元；…"""
    parts = [f"共 {d['count']} 笔"] if "count" in d else []
    for key, zh in DIRECTION_ZH.items():
        if key in d:
            parts.append(f"{zh} {d[key]['count']} 笔 {d[key]['amount']} 元")
    return "；".join(parts)


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
    from ..records import ColumnMapping, inspect  # lazy: start-up (#16)

    mapping = ColumnMapping.load(mapping_file) if mapping_file else None
    result = inspect(file, mapping=mapping)
    d = result.to_dict()
    if as_json:
        echo_json(d)
        return
    for line in _inspect_text(result.totals, d):
        click.echo(line)


def _inspect_text(totals: dict[str, Decimal], d: dict[str, Any]) -> list[str]:
    from ..records import source_label  # lazy: start-up (#16)

    out = [
        d["file"],
        f"  {_ljust('来源 source', LABEL)}{source_label(d['source'])} {d['source']}"
        f"（{KIND_ZH.get(d['kind'], d['kind'])}，格式 {d['layout']}）",
        f"  {_ljust('交易 rows', LABEL)}{d['rows']} 笔    拒收 rejected {len(d['rejected'])} 行    "
        f"退款 refunds {d['refunds']} 笔（已对应原付款 linked {d['refunds_linked']}）",
    ]
    out += _money_lines([(f"{zh} {k}", totals[k]) for k, zh in DIRECTION_ZH.items()])
    period = d["period"]
    if period.get("start"):
        span = f"{_when(period['start'])} 至 {_when(period['end'])}"
        out.append(f"  {_ljust('期间 period', LABEL)}{span}")
    if d["declared"]:
        out.append(f"  {_ljust('文件自述 declared', LABEL)}{_declared(d['declared'])}")
    for r in d["rejected"][:20]:
        out.append(f"  ✗ 第 {r['line']} 行 line {r['line']}：{r['reason']}")
    if len(d["rejected"]) > 20:
        more = len(d["rejected"]) - 20
        out.append(f"  … 另有 {more} 行拒收，用 --json 查看全部 / {more} more; see --json")
    out += [f"  ! {w}" for w in d["warnings"]]
    return out


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
    from ..records import ColumnMapping, source_label  # lazy: start-up (#16)
    from ..workflow import import_bill

    mapping = ColumnMapping.load(mapping_file) if mapping_file else None
    result = import_bill(ctx.store, case_id, file, mapping=mapping)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(
        f"{result.file_name}：{source_label(result.source)} {result.source}"
        f"（格式 {result.layout}）→ 案件 case {case_id}"
    )
    click.echo(
        f"  新增 added {result.added} 笔    已有 already present {result.already_present} 笔    "
        f"拒收 rejected {len(result.rejected)} 行    已登记为证据 evidence id {result.evidence_id or '-'}"
    )
    for w in result.warnings:
        click.echo(f"  ! {w}")


@records.command("trail")
@click.argument("case_id")
@json_option
@pass_ctx
def records_trail(ctx: Context, case_id: str, as_json: bool) -> None:
    """The money trail: paid / refunded / outstanding per order, with the bill lines behind it."""
    from ..records import money_trail
    from ..records.trail import REFUND_LINKS  # lazy: start-up (#16)

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
            f"订单 order {o['order']}    {o['status_zh']}    "
            f"匹配 match：{MATCH_ZH.get(o['match_method'], o['match_method'])}"
        )
        for line in _money_lines(
            [
                ("已付 paid", o["paid"]),
                ("已退 refunded", o["refunded"]),
                ("未退 outstanding", o["outstanding"]),
            ]
        ):
            click.echo(line)
        if o["lines"]:
            click.echo("  依据 from the bill lines：")
        width = max((len(fmt(Decimal(ln["amount"]))) for ln in o["lines"]), default=0)
        for ln in o["lines"]:
            click.echo(
                f"    {_ljust(ROLE_ZH.get(ln['role'], ln['role']), 16)}"
                f"{fmt(Decimal(ln['amount'])):>{width}}  {_when(ln['time'])}  "
                f"{ln['file']} 第 {ln['line']} 行 line {ln['line']}"
                + (f"  [{REFUND_LINKS.get(ln['link'], ln['link'])}]" if ln.get("link") else "")
            )
    t = trail.totals
    if len(trail.orders) > 1:
        click.echo("合计 total")
        for line in _money_lines(
            [
                ("已付 paid", t["paid"]),
                ("已退 refunded", t["refunded"]),
                ("未退 outstanding", t["outstanding"]),
            ]
        ):
            click.echo(line)
    if not trail.unmatched.empty:
        click.echo("未匹配 unmatched（请核对 / check these）：")
    for u in trail.unmatched.to_dict("records"):
        kind = f"{UNMATCHED_ZH.get(u['kind'], u['kind'])} {u['kind']}"
        if u["kind"] == "order":
            click.echo(f"  ? {kind} {u['order']} — {u['reason']}")
            continue
        click.echo(
            f"  ? {kind} {fmt(u['amount'])} {u['counterparty']}  {_when(u['time'])}  "
            f"{u['file']} 第 {u['line']} 行 line {u['line']} — {u['reason']}"
        )
