"""The ``casework`` command: the same functions the widgets call, for the terminal and scripts.

Library errors become one line on stderr and exit code 2 here, at the edge — never a traceback.
Each feature keeps its commands in its own module below; this file only wires them in.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from ..errors import InternalError, as_casework_error
from .common import Context


class CaseworkGroup(click.Group):
    """A group that turns every error into one bilingual line: exit 2 for what the user can fix
    (bad input, a bad setting, an unreadable file or register), exit 1 for a bug.

    ``CASEWORK_DEBUG=1`` lets an unexpected exception through with its traceback, for developers.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # `casework case list | head`: the reader left; say nothing, like other Unix tools.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except Exception as exc:
            error = as_casework_error(exc)
            if isinstance(error, InternalError) and os.environ.get("CASEWORK_DEBUG"):
                raise
            # One line, whatever a driver put in its message.
            text = " ".join(error.message().split())
            click.echo(f"错误 error: {text}", err=True)
            ctx.exit(1 if isinstance(error, InternalError) else 2)


@click.group(cls=CaseworkGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    envvar="CASEWORK_HOME",
    type=click.Path(file_okay=False),
    help="Casework home folder (register, evidence, exports). Default ~/.casework.",
)
@click.option(
    "--db",
    envvar="CASEWORK_DB_URL",
    help="Register URL, e.g. postgresql://user@host/casework (team register).",
)
@click.option(
    "--read-only",
    is_flag=True,
    envvar="CASEWORK_READ_ONLY",
    help="Open the register for reading only (a colleague's copy, a backup); writes are refused. "
    "A register whose folder cannot be written is opened so by itself.",
)
@click.version_option(package_name="casework")
@click.pass_context
def cli(ctx: click.Context, home: str | None, db: str | None, read_only: bool) -> None:
    """casework — 网购投诉案件工作簿 / case workbook for online-shopping complaints."""
    ctx.obj = Context(home=home, db=db, read_only=read_only)


#: One module per feature; each defines its commands on ``cli``. Add yours here.
FEATURES = ["case", "demo", "evidence", "records", "export", "rules", "portfolio", "screenshots"]
FEATURES += ["archive", "backup"]  # vault (#12): hand-off archive, backup and restore
FEATURES += ["clocks"]  # workbook (#15): settle, dismiss, undo a clock
FEATURES += ["groups"]  # groups (#17): group complaints (共同投诉)
FEATURES += ["drafts"]  # next-step documents (#19): casework draft
FEATURES += ["privacy"]  # #17: consent, retention, purge, access


def _register() -> None:
    for name in FEATURES:
        importlib.import_module(f"{__name__}.{name}")


_register()


def main() -> None:
    cli(prog_name="casework")
