"""``casework evidence add|list|custody``, ``casework check`` and ``casework verify``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import InvalidInput
from ..evidence.types import EvidenceType
from . import cli
from .common import Context, echo_json, json_option, pass_ctx

_TYPES = ", ".join(t.value for t in EvidenceType)
lang_option = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", help="Report language (默认中文)."
)


@cli.group()
def evidence() -> None:
    """Evidence files of a case (证据): add, list, custody log."""


@evidence.command("add")
@click.argument("case_id")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--type", "type_", required=True, help=f"Evidence type: {_TYPES}.")
@click.option("--description", default="", help="What the file shows (证据名称/内容).")
@click.option("--proves", default="", help="What it proves (证明目的).")
@click.option("--note", default="", help="A note for the advocate.")
@click.option("--name", default=None, help="Original file name to record (default: FILE's).")
@click.option("--captured-at", default=None, help='When it was captured, e.g. "2026-10-03 10:20".')
@click.option("--captured-by", default="", help="Who captured it (取证人).")
@click.option("--captured-how", default="", help="How: screenshot, screen recording, export …")
@click.option("--captured-from", default="", help="From where: device, app, platform.")
@click.option(
    "--derived-from",
    type=int,
    default=None,
    help="Id of the original item this is a crop / redacted copy / OCR text of.",
)
@click.option("--event", "events", type=int, multiple=True, help="Id of an event it documents.")
@json_option
@pass_ctx
def evidence_add(
    ctx: Context,
    case_id: str,
    file: str,
    type_: str,
    as_json: bool,
    name: str | None,
    **values: Any,
) -> None:
    """Store FILE as evidence of CASE_ID (content-addressed, read-only)."""
    from ..evidence import EvidenceFields, add_evidence  # lazy: start-up (#16)

    fields = EvidenceFields(**values)
    item = add_evidence(ctx.store, case_id, file, type=type_, name=name, fields=fields)
    if as_json:
        echo_json(item.to_dict())
        return
    state = "已存在，未重复保存 already stored" if item.duplicate else "已保存 stored"
    click.echo(f"{case_id}: #{item.id} {item.type.zh} {item.display_name} — {state}")
    click.echo(f"  SHA-256 {item.sha256}")


@evidence.command("list")
@click.argument("case_id")
@lang_option
@json_option
@pass_ctx
def evidence_list(ctx: Context, case_id: str, lang: str, as_json: bool) -> None:
    """List the evidence items of a case."""
    from ..evidence import list_evidence  # lazy: start-up (#16)

    items = list_evidence(ctx.store, case_id)
    if as_json:  # hands out each file's path (on PostgreSQL: fetched into the cache)
        from ..access import log_access

        echo_json([i.to_dict() | {"path": str(i.path(ctx.store))} for i in items])
        if items:
            log_access(
                ctx.store, case_id, "access.evidence", {"what": "paths", "files": len(items)}
            )
        return
    if not items:
        click.echo(f"{case_id}: 暂无证据 no evidence yet")
    for i in items:
        derived = f" ← #{i.derived_from}" if i.derived_from else ""
        click.echo(
            f"#{i.id:<4} {i.type.label(lang):<10} {i.display_name}{derived}  {i.size} B  "
            f"{i.sha256[:16]}…  {i.described(lang)}".rstrip()
        )


@evidence.command("custody")
@click.argument("case_id")
@json_option
@pass_ctx
def evidence_custody(ctx: Context, case_id: str, as_json: bool) -> None:
    """Show the hash-chained custody log (保管链) of a case."""
    from ..evidence import custody_log  # lazy: start-up (#16)
    from ..evidence.custody import check_chain  # lazy: start-up (#16)

    entries = custody_log(ctx.store, case_id)
    if as_json:
        echo_json({"entries": entries, "problems": check_chain(entries)})
        return
    for e in entries:
        ref = f" #{e['evidence_id']}" if e["evidence_id"] else ""
        click.echo(
            f"{e['seq']:>4} {e['at']} {e['actor']:<10} {e['action']:<7}{ref}  {e['hash'][:16]}…"
        )


@evidence.command("bundle")
@click.argument("case_id")
@click.option("--out", default=None, help="Zip file to write (default: under exports/).")
@lang_option
@json_option
@pass_ctx
def evidence_bundle(ctx: Context, case_id: str, out: str | None, lang: str, as_json: bool) -> None:
    """Write every evidence file of a case, numbered as in the 证据清单, into one zip."""
    from ..evidence import export_bundle  # lazy: start-up (#16)

    result = export_bundle(ctx.store, case_id, out, lang=lang)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(f"证据包 bundle: {result.path}  ({result.files} 个文件 files)")
        click.echo(f"  SHA-256 {result.sha256}")


@evidence.command("migrate")
@click.option(
    "--from",
    "folder",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="The evidence folder to move in (default: this home's evidence/).",
)
@json_option
@pass_ctx
def evidence_migrate(ctx: Context, folder: str | None, as_json: bool) -> None:
    """Move a folder store into the PostgreSQL register, verifying every hash; exit 1 when a
    file is missing or does not match."""
    from ..evidence.migrate import migrate_folder

    result = migrate_folder(ctx.store, folder)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(
            f"已迁移 moved {len(result.moved)}，已在登记库 already {len(result.already)}，"
            f"缺失 missing {len(result.missing)}，不符 changed {len(result.changed)}"
        )
        for sha in result.missing:
            click.echo(f"✗ 文件夹中没有 not in the folder: {sha}", err=True)
        for sha in result.changed:
            click.echo(f"✗ 哈希值不符，未迁移 hash mismatch, not moved: {sha}", err=True)
    if not result.ok:
        click.get_current_context().exit(1)


@cli.command("check")
@click.argument("case_id")
@click.option(
    "--channel",
    default=None,
    help="platform, 12315, association or court (default: the case's channel).",
)
@lang_option
@json_option
@pass_ctx
def check_cmd(ctx: Context, case_id: str, channel: str | None, lang: str, as_json: bool) -> None:
    """Which evidence and case fields are there, which are missing, and how to get them."""
    from ..evidence import check, render_text  # lazy: start-up (#16)
    from ..report.review import review

    report = check(ctx.store, case_id, channel=channel, lang=lang)
    sheet = review(ctx.store, case_id, lang=lang)  # 送出前核对: what the submission leaves out
    if as_json:
        echo_json(report.to_dict() | {"review": sheet.to_dict()})
    else:
        click.echo(render_text(report))
        click.echo("")
        click.echo(sheet.render_text(lang))


@cli.command("verify")
@click.argument("case_id")
@click.option(
    "--head",
    "print_head",
    is_flag=True,
    help="After a clean check print the custody log's head as a receipt (JSON) to keep elsewhere.",
)
@click.option(
    "--against",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A receipt from `verify --head`: the log must still hold that entry unchanged.",
)
@json_option
@pass_ctx
def verify_cmd(
    ctx: Context, case_id: str, print_head: bool, against: str | None, as_json: bool
) -> None:
    """Re-hash every evidence file and check the custody chain; exit 1 if anything changed."""
    from ..evidence import verify  # lazy: start-up (#16)
    from ..evidence.custody import chain_head  # lazy: start-up (#16)

    receipt = read_receipt(against, case_id) if against else None
    result = verify(ctx.store, case_id, record=True, against=receipt)
    if print_head and result.ok:
        echo_json(chain_head(ctx.store, case_id))
    elif as_json:
        echo_json(result.to_dict())
    elif result.ok:
        click.echo(
            f"{case_id}: {result.checked} 个证据文件完好，保管链完整 / "
            f"{result.checked} evidence files intact, custody chain whole"
        )
    if not result.ok:
        if not as_json:
            for line in result.lines():
                click.echo(f"✗ {line}", err=True)
        click.get_current_context().exit(1)


def read_receipt(path: str, case_id: str) -> dict[str, Any]:
    """A ``verify --head`` receipt (or any manifest's ``custody_head``) for this case."""
    from ..evidence.custody import HEAD_FORMAT  # lazy: start-up (#16)

    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(
            f"回执无法读取: {exc}", f"cannot read the receipt: {exc}", where=path
        ) from None
    head = data.get("custody_head", data) if isinstance(data, dict) else None
    if not isinstance(head, dict) or head.get("format") != HEAD_FORMAT:
        raise InvalidInput(
            "这不是 casework verify --head 的回执",
            "not a receipt from casework verify --head",
            where=path,
        )
    if head.get("case_id") != case_id:
        raise InvalidInput(
            f"回执属于案件 {head.get('case_id')}，不是 {case_id}",
            f"the receipt is for case {head.get('case_id')}, not {case_id}",
            where=path,
        )
    if not isinstance(head.get("count"), int) or not isinstance(head.get("hash"), str):
        raise InvalidInput("回执缺少条数或哈希值", "the receipt has no count or hash", where=path)
    return head
