"""``casework evidence read`` and ``casework evidence events``: screenshots as text, fields, events.

Commands of the ``evidence`` group of :mod:`casework.cli.evidence`, registered as a feature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..money import fmt, from_fen
from .common import Context, echo_json, json_option, pass_ctx
from .evidence import evidence

if TYPE_CHECKING:
    from ..evidence.screenshots import ScreenshotRead

_STATUS = {"match": "✓", "differs": "✗", "new": "+", "low": "?"}


def _case_item(ctx: Context, case_id: str, number: int) -> int:
    """The evidence id N, checked to belong to the case."""
    from ..errors import NotFound
    from ..evidence import get_evidence

    ctx.store.get_case(case_id)
    item = get_evidence(ctx.store, number)
    if item.case_id != case_id:
        raise NotFound(
            f"案件 {case_id} 中没有编号为 {number} 的证据",
            f"case {case_id} has no evidence item {number}",
            where="evidence",
        )
    return item.id


def _field_text(key: str, value: object) -> str:
    if key.endswith("_fen") and isinstance(value, int):
        return fmt(from_fen(value))
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return str(value)


def _echo_text(read: ScreenshotRead) -> None:
    from ..evidence.screenshots import MACHINE_READ  # lazy: start-up (#16)

    r = read.reading
    click.echo(
        f"#{read.evidence_id} {read.kind} — {MACHINE_READ[0]} / {MACHINE_READ[1]} "
        f"({r.engine} {r.version}, {len(r.lines)} 行 lines)"
    )
    if not r.lines:
        click.echo("  未识别到文字 no text found")
    for line in r.lines:
        flag = "  ?" if line.low else "   "
        click.echo(f"{flag} {line.text}  [{line.score:.2f}]")
    shown = {k: v for k, v in read.fields.items() if v not in (None, [], "", {}) and k != "kind"}
    if shown:
        click.echo("字段 fields:")
        for k, v in shown.items():
            click.echo(f"  {k}: {_field_text(k, v)}")
    if read.messages:
        click.echo("消息 messages:")
        for n, m in enumerate(read.messages):
            side = "→ 消费者" if m.side == "consumer" else "← 对方  "
            flag = " ?" if m.low else ""
            click.echo(f"  {n:>2} {side} {m.time or '（无时间 no time）'}  {m.text}{flag}")
    if read.checks:
        click.echo("核对 checks:")
        for c in read.checks:
            click.echo(f"  {_STATUS.get(c.status, c.status)} {c.zh} / {c.en}")


@evidence.command("read")
@click.argument("case_id")
@click.argument("number", type=int)
@click.option("--force", is_flag=True, help="Read again even if this file was read before.")
@click.option(
    "--kind",
    type=click.Choice(["order", "payment", "chat", "other"]),
    default=None,
    help="What the screenshot shows (default: from the evidence type and the text).",
)
@json_option
@pass_ctx
def evidence_read(
    ctx: Context, case_id: str, number: int, force: bool, kind: str | None, as_json: bool
) -> None:
    """Read the text of screenshot #NUMBER of CASE_ID: lines, fields, chat messages, checks.

    Offline (the engine's models ship with it); each file is read once and kept."""
    from ..evidence.screenshots import read_screenshot  # lazy: start-up (#16)

    read = read_screenshot(ctx.store, _case_item(ctx, case_id, number), force=force, kind=kind)
    if as_json:
        echo_json(read.to_dict())
    else:
        _echo_text(read)


@evidence.command("events")
@click.argument("case_id")
@click.argument("number", type=int)
@click.option("--add", is_flag=True, help="Add the messages as events of the case.")
@click.option(
    "--message",
    "chosen",
    type=int,
    multiple=True,
    help="Only this message (index as listed; repeatable). Default: every dated message.",
)
@json_option
@pass_ctx
def evidence_events(
    ctx: Context, case_id: str, number: int, add: bool, chosen: tuple[int, ...], as_json: bool
) -> None:
    """The events chat screenshot #NUMBER's messages become; with --add, add them to the case."""
    from ..evidence.screenshots import add_chat_events, chat_events, read_screenshot

    evidence_id = _case_item(ctx, case_id, number)
    picks = list(chosen) or None
    if add:
        events = add_chat_events(ctx.store, evidence_id, picks)
    else:
        events = chat_events(read_screenshot(ctx.store, evidence_id), picks)
    if as_json:
        echo_json([e.model_dump(mode="json") for e in events])
        return
    verb = "已加入 added" if add else "将加入 would add (use --add)"
    click.echo(f"{case_id}: {len(events)} 个事件 events {verb}")
    for e in events:
        click.echo(f"  {e.at:%Y-%m-%d %H:%M} {e.kind.zh} {e.text}")
