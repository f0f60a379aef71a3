"""``casework case …``, ``casework event add``, ``casework comm add``: the register by hand."""

from __future__ import annotations

from typing import Any

import click

from ..cases import UPDATABLE, Case, CaseFields, Category, Status
from ..errors import InvalidInput
from ..money import fmt
from . import cli
from .common import Context, echo_json, json_option, pass_ctx

_TRUE = {"1", "true", "yes", "y", "是", "有"}
_FALSE = {"0", "false", "no", "n", "否", "无", ""}


def case_summary(case: Case) -> dict[str, Any]:
    """The list view of a case (what ``case list --json`` prints)."""
    return {
        "id": case.id,
        "title": case.title,
        "status": case.status.value,
        "status_zh": case.status.zh,
        "category": case.category.value,
        "category_zh": case.category.zh,
        "platform": case.platform,
        "shop_name": case.shop_name,
        "updated_at": case.updated_at,
    }


def _parse_assignment(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise InvalidInput(f"应为 字段=值: {text!r}", f"expected FIELD=VALUE: {text!r}")
    key, value = text.split("=", 1)
    key = key.strip()
    if key not in UPDATABLE:
        raise InvalidInput(f"没有这个字段: {key}", f"no such field: {key}", field=key)
    if CaseFields.model_fields.get(key) and CaseFields.model_fields[key].annotation is bool:
        low = value.strip().lower()
        if low not in _TRUE | _FALSE:
            raise InvalidInput(
                f"{key} 应为 yes/no: {value!r}", f"{key} must be yes or no", field=key
            )
        return key, low in _TRUE
    return key, value


@cli.group()
def case() -> None:
    """Open, list, show and change cases (案件)."""


@case.command("new")
@click.option("--title", required=True, help="Short title, e.g. 「耳机左耳无声，商家拒绝退货」.")
@click.option(
    "--category", required=True, help="Problem type: " + ", ".join(c.value for c in Category) + "."
)
@click.option("--platform", default="", help="Platform, e.g. 淘宝, 京东, 拼多多.")
@click.option("--merchant", "shop_name", default="", help="Shop name (店铺名称).")
@click.option("--respondent", "respondent_name", default="", help="Respondent's legal name.")
@click.option("--order-no", "order_numbers", multiple=True, help="Order number; repeatable.")
@click.option("--amount", "amount_paid", default=None, help="Amount paid in yuan, e.g. 12.34.")
@click.option("--purchase-date", default=None, help="Purchase date, e.g. 2026-03-01.")
@click.option("--product", default="", help="What was bought.")
@click.option("--complainant-name", default="")
@click.option("--complainant-phone", default="")
@click.option("--complainant-address", default="")
@click.option("--request", default="", help="The specific request (诉求).")
@click.option("--facts", default="", help="The facts (事实经过).")
@click.option("--report", "is_report", is_flag=True, help="Also a report (举报) of a violation.")
@json_option
@pass_ctx
def case_new(ctx: Context, as_json: bool, **values: Any) -> None:
    """Register a new case and print its id."""
    values["order_numbers"] = list(values["order_numbers"])
    created = ctx.store.create_case(CaseFields.build(**values))
    if as_json:
        echo_json({"id": created.id})
    else:
        click.echo(created.id)


@case.command("list")
@click.option("--status", default=None, help="Only cases in this status.")
@json_option
@pass_ctx
def case_list(ctx: Context, status: str | None, as_json: bool) -> None:
    """List the cases in the register."""
    wanted = Status.parse(status, field="status") if status else None
    rows = [case_summary(c) for c in ctx.store.list_cases(wanted)]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['id']}  {r['status_zh']:<6}  {r['category_zh']:<8}  {r['title']}")


@case.command("show")
@click.argument("case_id")
@json_option
@pass_ctx
def case_show(ctx: Context, case_id: str, as_json: bool) -> None:
    """Show every field of a case."""
    from ..access import log_access

    c = ctx.store.get_case(case_id)
    log_access(ctx.store, case_id, "access.open", {"via": "cli"})
    if as_json:
        from ..groups import membership

        joined = membership(ctx.store, c.id)
        group = None if joined is None else {"id": joined.group_id, "letter": joined.letter}
        echo_json(
            c.model_dump(mode="json")
            | {"status_zh": c.status.zh, "category_zh": c.category.zh, "group": group}
        )
        return
    from ..cases import FIELD_ZH

    click.echo(f"{c.id}  {c.title}  [{c.status.zh}]")
    from ..groups import membership

    joined = membership(ctx.store, c.id)
    if joined is not None:  # a member of a group complaint (共同投诉, #17)
        click.echo(f"  {joined.line('zh')} / {joined.line('en')}")
    for name, value in c.model_dump().items():
        if name in ("id", "title") or value in ("", [], None):
            continue
        shown = fmt(value) if name == "amount_paid" else getattr(value, "zh", value)
        click.echo(f"  {FIELD_ZH.get(name, name)} ({name}): {shown}")


@case.command("update")
@click.argument("case_id")
@click.argument("assignments", nargs=-1, required=True)
@click.option(
    "--expect-version",
    type=int,
    default=None,
    help="Refuse the change if the case is no longer at this version (from `case show --json`).",
)
@json_option
@pass_ctx
def case_update(
    ctx: Context,
    case_id: str,
    assignments: tuple[str, ...],
    expect_version: int | None,
    as_json: bool,
) -> None:
    """Change fields: ``casework case update 2026-0001 request=退货退款 amount_paid=99``."""
    changes = dict(_parse_assignment(a) for a in assignments)
    c = ctx.store.update_case(case_id, changes, expected_version=expect_version)
    if as_json:
        echo_json(c.model_dump(mode="json"))
    else:
        click.echo(f"{c.id} 已更新 updated (version {c.version})")


@case.command("status")
@click.argument("case_id")
@click.argument("status")
@click.option("--note", default="", help="Why the status changes.")
@json_option
@pass_ctx
def case_status(ctx: Context, case_id: str, status: str, note: str, as_json: bool) -> None:
    """Move a case to a new status (checked against the allowed transitions)."""
    c = ctx.store.set_status(case_id, Status.parse(status, field="status"), note)
    if as_json:
        echo_json({"id": c.id, "status": c.status.value})
    else:
        click.echo(f"{c.id}: {c.status.zh} ({c.status.value})")


@cli.group()
def event() -> None:
    """Log what happened, when (事件)."""


@event.command("add")
@click.argument("case_id")
@click.option("--at", required=True, help='When, e.g. "2026-03-01 10:00" (Beijing time).')
@click.option("--kind", required=True, help="delivered, defect_found, contacted_seller, …")
@click.option("--actor", default="consumer", help="consumer, seller, platform, courier, …")
@click.option("--text", default="", help="What happened.")
@json_option
@pass_ctx
def event_add(ctx: Context, case_id: str, as_json: bool, **values: Any) -> None:
    """Add an event to a case."""
    ev = ctx.store.add_event(case_id, **values)
    if as_json:
        echo_json(ev.model_dump(mode="json"))
    else:
        click.echo(f"{case_id}: {ev.at:%Y-%m-%d %H:%M} {ev.kind.zh}")


@cli.group()
def comm() -> None:
    """Log contacts with their reference numbers (沟通记录)."""


@comm.command("add")
@click.argument("case_id")
@click.option("--counterpart", required=True, help="Who: 商家客服, 淘宝小二, 某市市场监管局 …")
@click.option(
    "--kind",
    "counterpart_kind",
    default="seller",
    help="seller, platform, courier, regulator, association, court, …",
)
@click.option("--channel", required=True, help="platform_chat, phone, 12315, 12315_online, …")
@click.option("--at", default=None, help="When (default: now).")
@click.option("--direction", default="out", type=click.Choice(["out", "in"]))
@click.option("--ref", default="", help="Reference number (工单号 / 投诉编号).")
@click.option("--summary", required=True, help="What was said or agreed.")
@click.option("--due", "response_due", default=None, help="Reply due by (答复期限).")
@click.option("--follow-up", default=None, help="Next follow-up date (下次跟进).")
@json_option
@pass_ctx
def comm_add(ctx: Context, case_id: str, as_json: bool, **values: Any) -> None:
    """Add a communication to a case."""
    values["at"] = values["at"] or ctx.store.clock()
    c = ctx.store.add_communication(case_id, **values)
    if as_json:
        echo_json(c.model_dump(mode="json"))
    else:
        click.echo(f"{case_id}: {c.at:%Y-%m-%d %H:%M} {c.counterpart} {c.ref}".rstrip())
