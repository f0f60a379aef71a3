"""``casework consent``, ``retention``, ``purge``, ``access``: the consumer's personal information
(个人信息保护法) from the terminal — the same functions the intake panel calls (#17)."""

from __future__ import annotations

import click

from ..vocabulary import ConsentHow, ConsentScope, RecipientKind
from . import cli
from .common import Context, echo_json, json_option, pass_ctx

_SCOPES = [s.value for s in ConsentScope] + ["all"]
_HOW = [h.value for h in ConsentHow]
_RECIPIENTS = [r.value for r in RecipientKind]


@cli.group("consent")
def consent() -> None:
    """The complainant's consent ledger (同意记录): notice, processing, sensitive, recipients."""


@consent.command("show")
@click.argument("case_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--notice", "show_notice", is_flag=True, help="Print the notice text shown.")
@json_option
@pass_ctx
def consent_show(ctx: Context, case_id: str, lang: str, show_notice: bool, as_json: bool) -> None:
    """Where each consent of the case stands, and every entry of its ledger."""
    from ..consent import ledger, notice

    if show_notice:
        n = notice()
        if as_json:
            echo_json({"version": n.version, "sha256": n.sha256, "zh": n.zh, "en": n.en})
        else:
            click.echo(f"[{n.version}]\n{n.text(lang)}", nl=False)
        return
    book = ledger(ctx.store, case_id)
    if as_json:
        echo_json(book.to_dict())
    else:
        click.echo(book.render_text(lang))


def _scope_args(scope: str, recipients: tuple[str, ...]) -> list[tuple[str, str | None]]:
    from ..errors import InvalidInput

    if scope == "recipient":
        if not recipients:
            raise InvalidInput(
                "recipient 事项需要 --recipient（可多次）",
                "the recipient scope needs --recipient (may be repeated)",
                field="recipient",
            )
        return [("recipient", r) for r in recipients]
    if recipients:
        raise InvalidInput(
            f"--recipient 只用于 recipient 事项，不用于 {scope}",
            f"--recipient goes with the recipient scope, not {scope}",
            field="recipient",
        )
    return [(scope, None)]


@consent.command("give")
@click.argument("case_id")
@click.argument("scope", type=click.Choice(_SCOPES))
@click.option("--recipient", "recipients", multiple=True, type=click.Choice(_RECIPIENTS))
@click.option("--how", type=click.Choice(_HOW), default="in_person", show_default=True)
@click.option("--evidence", "evidence_id", type=int, default=None, help="The signed paper.")
@click.option("--on", default=None, help="The date it was given (default today).")
@click.option("--note", default="")
@json_option
@pass_ctx
def consent_give(
    ctx: Context,
    case_id: str,
    scope: str,
    recipients: tuple[str, ...],
    how: str,
    evidence_id: int | None,
    on: str | None,
    note: str,
    as_json: bool,
) -> None:
    """Record a consent given: notice (the notice shown), processing, sensitive, recipient
    (with --recipient KIND), or all (notice, processing, sensitive and each --recipient)."""
    from ..consent import give, ledger, record_intake

    if scope == "all":
        record_intake(
            ctx.store,
            case_id,
            recipients=list(recipients),
            how=how,
            evidence_id=evidence_id,
            on=on,
        )
    else:
        for sc, rec in _scope_args(scope, recipients):
            give(
                ctx.store,
                case_id,
                sc,
                recipient=rec,
                how=how,
                evidence_id=evidence_id,
                on=on,
                note=note,
            )
    book = ledger(ctx.store, case_id)
    if as_json:
        echo_json(book.to_dict())
    else:
        click.echo(book.render_text())


@consent.command("withdraw")
@click.argument("case_id")
@click.argument("scope", type=click.Choice([s for s in _SCOPES if s not in ("notice", "all")]))
@click.option("--recipient", "recipients", multiple=True, type=click.Choice(_RECIPIENTS))
@click.option("--how", type=click.Choice(_HOW), default="in_person", show_default=True)
@click.option("--on", default=None, help="The date it was withdrawn (default today).")
@click.option("--note", default="")
@json_option
@pass_ctx
def consent_withdraw(
    ctx: Context,
    case_id: str,
    scope: str,
    recipients: tuple[str, ...],
    how: str,
    on: str | None,
    note: str,
    as_json: bool,
) -> None:
    """Record a withdrawal (撤回同意, PIPL Art. 15): exports it covered are blocked from now on."""
    from ..consent import ledger, withdraw

    for sc, rec in _scope_args(scope, recipients):
        withdraw(ctx.store, case_id, sc, recipient=rec, how=how, on=on, note=note)
    book = ledger(ctx.store, case_id)
    if as_json:
        echo_json(book.to_dict())
    else:
        click.echo(book.render_text())


@cli.command("access")
@click.argument("case_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@json_option
@pass_ctx
def access_cmd(ctx: Context, case_id: str, lang: str, as_json: bool) -> None:
    """Who opened, exported, archived or purged the case, and who read its evidence (访问记录)."""
    from ..access import access_log, render_access

    ctx.store.get_case(case_id)  # NotFound first
    rows = access_log(ctx.store, case_id)
    if as_json:
        echo_json({"case_id": case_id, "entries": rows})
    else:
        click.echo(render_access(case_id, rows, lang))


@cli.command("retention")
@click.option("--set-years", "set_years", default=None, help="Set this register's period.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@json_option
@pass_ctx
def retention_cmd(ctx: Context, set_years: str | None, lang: str, as_json: bool) -> None:
    """The retention period (保存期限, years after closing) and the closed cases past it."""
    from ..retention import past_retention, retention_years, set_retention_years

    years = set_retention_years(ctx.store, set_years) if set_years else retention_years(ctx.store)
    due = past_retention(ctx.store)
    if as_json:
        echo_json({"years": years, "past_retention": [d.to_dict() for d in due]})
        return
    en = lang == "en"
    click.echo(
        f"Retention: {years} year(s) after closing; {len(due)} closed case(s) past it"
        if en
        else f"保存期限：结案后 {years} 年；已到期的结案案件 {len(due)} 件"
    )
    for d in due:
        click.echo(
            f"  {d.case_id}  {d.status}  closed {d.closed_on}, kept until {d.keep_until}"
            if en
            else f"  {d.case_id}  {d.status}  结案 {d.closed_on}，保存至 {d.keep_until}"
        )
    if due:
        click.echo(
            "  Erase each with: casework purge ID" if en else "  逐件清除: casework purge ID"
        )


@cli.command("purge")
@click.argument("case_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@json_option
@pass_ctx
def purge_cmd(ctx: Context, case_id: str, yes: bool, lang: str, as_json: bool) -> None:
    """Erase the personal information and evidence of a closed case (清除个人信息); its
    anonymised statistics stay. Refused for an open case. Cannot be undone."""
    from ..purge import check_purgeable, purge

    check_purgeable(ctx.store, case_id)  # an unknown or open case is refused before the question
    if not yes and not as_json:
        click.confirm(
            f"清除案件 {case_id} 的个人信息和证据，无法撤销 / erase case {case_id}'s personal "
            "information and evidence, this cannot be undone",
            abort=True,
        )
    result = purge(ctx.store, case_id)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(result.render_text(lang))
