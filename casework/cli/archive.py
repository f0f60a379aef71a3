"""``casework archive export ID… -o FILE.zip`` and ``casework archive import FILE.zip``."""

from __future__ import annotations

import click

from . import cli
from .common import Context, echo_json, echo_written, json_option, pass_ctx


@cli.group()
def archive() -> None:
    """Hand cases over (移交归档): a verified ZIP of cases with evidence, custody and audit logs."""


@archive.command("export")
@click.argument("case_ids", nargs=-1, required=True)
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="ZIP to write.")
@json_option
@pass_ctx
def archive_export(ctx: Context, case_ids: tuple[str, ...], out: str, as_json: bool) -> None:
    """Write CASE_IDS with their evidence, custody and audit logs into one ZIP."""
    from ..archive import export_archive  # lazy: start-up (#16)

    result = export_archive(ctx.store, list(case_ids), out)
    if as_json:
        echo_json(result.to_dict())
        return
    echo_written("归档 archive", result.path, len(result.cases), result.files, result.sha256)


@archive.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@json_option
@pass_ctx
def archive_import(ctx: Context, file: str, as_json: bool) -> None:
    """Verify FILE completely, then import its cases in one transaction (new ids when taken)."""
    from ..archive import import_archive  # lazy: start-up (#16)

    report = import_archive(ctx.store, file)
    if as_json:
        echo_json(report.to_dict())
        return
    for old, new in report.cases.items():
        note = "" if old == new else "  (编号已被占用，改为新编号 id taken, renumbered)"
        click.echo(f"{old} → {new}{note}")
    click.echo(
        f"已导入 imported: {len(report.cases)} 个案件 cases, {report.evidence} 个证据 evidence"
    )
    if report.left_out_members:
        n = report.left_out_members
        click.echo(
            f"未导入 {n} 条共同投诉成员关系：其共同投诉案件不在归档中 / "
            f"{n} group memberships left out: their group case is not in the archive"
        )
    if report.skipped_tables:
        names = ", ".join(report.skipped_tables)
        click.echo(
            f"归档中有本版本不认识的数据，未导入 / data this version does not know, not imported: {names}"
        )
