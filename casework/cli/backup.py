"""``casework backup -o FILE`` and ``casework restore FILE --home DIR [--db URL]``."""

from __future__ import annotations

import click

from . import cli
from .common import Context, echo_json, echo_written, json_option, pass_ctx


@cli.command("backup")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@json_option
@pass_ctx
def backup_cmd(ctx: Context, out: str, as_json: bool) -> None:
    """Back up the whole register with its evidence, consistent while others write."""
    from ..backup import backup  # lazy: start-up (#16)

    result = backup(ctx.store, out)
    if as_json:
        echo_json(result.to_dict())
        return
    echo_written("备份 backup", result.path, result.cases, result.files, result.sha256)


@cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--home",
    "target_home",
    required=True,
    type=click.Path(file_okay=False),
    help="Casework home to restore into.",
)
@click.option("--db", "target_db", default=None, help="Register URL to restore into (empty).")
@json_option
@pass_ctx
def restore_cmd(
    ctx: Context, file: str, target_home: str, target_db: str | None, as_json: bool
) -> None:
    """Restore a backup into an empty register, then verify every case; exit 1 if one fails."""
    from ..backup import restore  # lazy: start-up (#16)

    result = restore(file, target_home, target_db)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(
            f"已恢复 restored: {result.cases} 个案件 cases, {result.files} 个文件 files"
            + ("，全部校验通过 / every case verifies" if result.ok else "")
        )
        for line in result.problems:
            click.echo(f"✗ {line}", err=True)
    if not result.ok:
        click.get_current_context().exit(1)
