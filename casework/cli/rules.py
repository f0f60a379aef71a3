"""``casework deadlines | route | damages | timeline | narrative``: the legal engine and timeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from ..cases import parse_date
from ..errors import InvalidInput
from ..money import fmt
from ..vocabulary import Applies, ClockState
from . import cli
from .common import Context, echo_json, json_option, pass_ctx

today_option = click.option(
    "--today", default=None, help="Count as of this date (default: today, Beijing time)."
)
lang_option = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True
)


def _today(text: str | None) -> date | None:
    return parse_date(text, field="today") if text else None


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _cites(citations: list[Any], lang: str) -> str:
    return _t(lang, "；", "; ").join(c.label(lang) for c in citations)


def _echo_clock(d: Any, lang: str) -> None:
    """One clock: its state, due date, name and length, then start, basis, conflict, warnings."""
    due = d.due.isoformat() if d.due else "—"
    state = ClockState(d.status).pick(lang)
    length = d.length_text.pick(lang)
    name = f"{d.name_zh}（{length}）" if lang != "en" else f"{d.name_en} ({length})"
    click.echo(f"{state:<4} {due:<10}  {name}")
    if d.start:
        closed = _t(lang, f"，{d.closed_on} 已有结果", f", answered on {d.closed_on}")
        click.echo(f"      {_t(lang, '起算', 'starts')} {d.start}{closed if d.closed_on else ''}")
    basis = d.citation_en if lang == "en" else d.citation
    click.echo(f"      {_t(lang, '依据', 'basis')} {basis}")
    if d.conflict_group and d.citations:
        top = min(d.citations, key=lambda c: c.rank_order)
        if lang == "en":
            first = " (prevails)" if d.prevails else ""
            click.echo(f"      ⚖ conflicting rules; rank: {top.rank.replace('_', ' ')}{first}")
        else:
            first = "（优先适用）" if d.prevails else ""
            click.echo(f"      ⚖ 规定冲突，效力等级：{top.rank_zh}{first}")
    for w in d.warnings:
        click.echo(f"      ⚠ {w.pick(lang)}")


@cli.command("deadlines")
@click.argument("case_id")
@today_option
@click.option("--all", "show_all", is_flag=True, help="Also list clocks that do not apply.")
@click.option(
    "--ics",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the open clocks to this iCalendar file (.ics) for a phone's calendar.",
)
@lang_option
@json_option
@pass_ctx
def deadlines_cmd(
    ctx: Context,
    case_id: str,
    today: str | None,
    show_all: bool,
    ics: str | None,
    lang: str,
    as_json: bool,
) -> None:
    """Every clock (期限) of a case: start, due date, status and legal basis."""
    from ..calendar_ics import items_from_deadlines, write_calendar
    from ..rules import deadlines_for, ordered

    clocks = deadlines_for(ctx.store, case_id, today=_today(today))
    if ics:
        case = ctx.store.get_case(case_id)
        n = write_calendar(
            ics, items_from_deadlines(case.id, case.title, clocks), ctx.store.clock()
        )
        click.echo(f"已写入 {n} 个日历事项 / wrote {n} calendar events: {ics}")
        return
    if as_json:
        echo_json([d.to_dict() for d in clocks])
        return
    shown = [d for d in clocks if show_all or d.status != ClockState.NOT_APPLICABLE]
    for d in ordered(shown):
        _echo_clock(d, lang)
    hidden = len(clocks) - len(shown)
    if hidden:
        click.echo(
            _t(
                lang,
                f"（另有 {hidden} 项不适用，--all 显示）",
                f"({hidden} more do not apply; --all)",
            )
        )


def _echo_step(step: Any, head: str, lang: str) -> None:
    needs = _t(lang, "；", "; ").join(step.needs_en if lang == "en" else step.needs_zh)
    click.echo(f"{head} {step.name(lang)}")
    click.echo(f"     {_t(lang, '需要：', 'needs: ')}{needs}")
    click.echo(f"     {_t(lang, '下一步：', 'next: ')}{step.trigger.pick(lang)}")
    if step.next_action:
        click.echo(f"     {_t(lang, '现在：', 'now: ')}{step.next_action.pick(lang)}")
    if step.jurisdiction:
        click.echo(f"     {_t(lang, '管辖：', 'where: ')}{step.jurisdiction.pick(lang)}")


@cli.command("route")
@click.argument("case_id")
@today_option
@lang_option
@json_option
@pass_ctx
def route_cmd(ctx: Context, case_id: str, today: str | None, lang: str, as_json: bool) -> None:
    """Where to go first and next (维权路径), and whether to escalate now."""
    from ..rules import route

    plan = route(ctx.store, case_id, today=_today(today))
    if as_json:
        echo_json(plan.to_dict())
        return
    if plan.suggestion:
        click.echo(f"⚠ {plan.suggestion.pick(lang)}\n")
    if plan.respondent:  # the stand-in text names itself (被投诉人暂定为…)
        lead = "" if plan.platform_as_respondent else _t(lang, "被投诉人：", "respondent: ")
        click.echo(lead + plan.respondent.pick(lang))
    for step in plan.steps:
        mark = "▶" if step.current else ("✓" if step.reached else " ")
        _echo_step(step, f"{mark} {step.order}.", lang)
    if plan.report_track:
        # 举报 runs apart from the complaint (暂行办法 Art. 7): its own block, its own clock.
        t = plan.report_track
        head = _t(lang, "另行举报:", "separate report:")
        _echo_step(t, f"{'✓' if t.reached else ' '} {head}", lang)
    for note in plan.notes:
        click.echo(f"· {note.pick(lang)}")


def _echo_totals(result: Any, lang: str) -> None:
    due, punitive, total = fmt(result.refund_due), fmt(result.punitive), fmt(result.total)
    most = fmt(result.possible_total)
    pending = result.possible_total != result.total
    if lang == "en":
        upto = f" (up to {most} counting the possible lines)" if pending else ""
        click.echo(f"refund due {due}; punitive damages {punitive}; total {total}{upto}")
    else:
        upto = f"（含{Applies.POSSIBLE.zh}项最多 {most}）" if pending else ""
        click.echo(f"应退金额 {due}；惩罚性赔偿 {punitive}；合计 {total}{upto}")
    for w in result.warnings:
        click.echo(f"⚠ {w.pick(lang)}")


@cli.command("damages")
@click.argument("case_id")
@click.option(
    "--food/--no-food", default=None, help="Food below safety standards (食品安全法 148)."
)
@click.option("--fraud/--no-fraud", default=None, help="Fraud (欺诈) is established (消保法 55).")
@click.option("--injury", is_flag=True, help="A known defect caused death or serious harm.")
@click.option("--loss", default=None, help="The consumer's loss in yuan.")
@click.option("--price", default=None, help="Price paid, if not the case's amount_paid.")
@click.option("--shipping", default=None, help="Return shipping in yuan.")
@click.option("--gift", "gift_value", default=None, help="Declared price of an unreturned gift.")
@click.option("--card-fee", default=None, help="Card fee paid by the consumer.")
@click.option("--received", default=None, help="Refunds or compensation already received.")
@lang_option
@json_option
@pass_ctx
def damages_cmd(ctx: Context, case_id: str, lang: str, as_json: bool, **facts: Any) -> None:
    """Refund and punitive amounts (赔偿计算) with their basis, in exact yuan."""
    from ..rules.case_damages import damages

    given = {k: v for k, v in facts.items() if v is not None and v is not False}
    result = damages(ctx.store, case_id, **given)
    if as_json:
        echo_json(result.to_dict())
        return
    for line in result.lines:
        name = line.name_en if lang == "en" else line.name_zh
        click.echo(f"{Applies(line.applies).pick(lang):<4} {fmt(line.amount):>12}  {name}")
        click.echo(f"      {line.basis.pick(lang)}")
        basis = _cites(line.citations, lang) if lang == "en" else line.citation
        click.echo(f"      {_t(lang, '依据', 'basis')} {basis}")
        if line.applies != Applies.YES and line.notes:  # why it is not (yet) claimed
            click.echo(f"      {_t(lang, '说明', 'note')} {line.notes[0].pick(lang)}")
    _echo_totals(result, lang)


@cli.command("timeline")
@click.argument("case_id")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.png or FILE.svg"
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@today_option
@pass_ctx
def timeline_cmd(ctx: Context, case_id: str, output: str, lang: str, today: str | None) -> None:
    """Draw the dispute timeline (时间线) to a PNG or SVG file."""
    from ..timeline import save_timeline

    path = save_timeline(ctx.store, case_id, output, lang=lang, today=_today(today))
    click.echo(str(path))


def _edit_text(set_file: str) -> str:
    """The advocate's edit from a UTF-8 text file; an empty file is refused (--clear says that)."""
    try:
        text = Path(set_file).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            "文件不是 UTF-8 文本", "the file is not UTF-8 text", where=set_file
        ) from None
    if not text.strip():
        raise InvalidInput(
            "文件为空；要恢复自动生成请用 --clear",
            "the file is empty; use --clear to go back to generated text",
            where=set_file,
        )
    return text


@cli.command("narrative")
@click.argument("case_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--set-file",
    type=click.Path(exists=True, dir_okay=False),
    help="Save this UTF-8 text file as the advocate's edit (it wins over generated).",
)
@click.option("--clear", is_flag=True, help="Drop the saved edit; go back to the generated text.")
@click.option("--generated", is_flag=True, help="Print the generated text, ignoring any edit.")
@json_option
@pass_ctx
def narrative_cmd(
    ctx: Context,
    case_id: str,
    lang: str,
    set_file: str | None,
    clear: bool,
    generated: bool,
    as_json: bool,
) -> None:
    """The facts in time order (事实与理由), generated or as the advocate edited them."""
    from ..narrative import (
        facts_since_edit,
        generated_narrative,
        is_edited,
        narrative,
        save_narrative,
    )

    if set_file and clear:
        raise InvalidInput(
            "--set-file 与 --clear 不能同时使用", "use either --set-file or --clear, not both"
        )
    if set_file:
        save_narrative(ctx.store, case_id, _edit_text(set_file), lang)
    elif clear:
        save_narrative(ctx.store, case_id, "", lang)
    body = (
        generated_narrative(ctx.store, case_id, lang)
        if generated
        else narrative(ctx.store, case_id, lang)
    )
    later = facts_since_edit(ctx.store, case_id, lang)
    if as_json:
        echo_json(
            {
                "case_id": case_id,
                "lang": lang,
                "edited": is_edited(ctx.store, case_id, lang),
                "facts_since_edit": later,
                "text": body,
            }
        )
        return
    click.echo(body)
    if later and not generated:
        click.echo(
            f"⚠ 保存修改稿之后又登记或改动了 {later} 条事件/沟通记录，修改稿未包含；"
            f"用 --generated 查看自动生成稿后更新 / {later} events or contacts were logged "
            "after the saved edit and are not in it; compare with --generated",
            err=True,
        )


@cli.command("rules-check")
@click.option(
    "--write-schema", is_flag=True, help="Regenerate the JSON Schemas shipped beside the data."
)
@pass_ctx
def rules_check_cmd(ctx: Context, write_schema: bool) -> None:
    """Validate every rule file (规则数据校验) against its model; one line per file."""
    from ..rules.citations import typed
    from ..rules.schema import MODELS, schema_name, write_schemas

    if write_schema:
        for name in write_schemas():
            click.echo(f"写入 / wrote {name}")
    for name in MODELS:
        typed(name)  # a broken file raises RuleDataError: one line naming file, rule, field
        click.echo(f"✓ {name}（{schema_name(name)}）")
