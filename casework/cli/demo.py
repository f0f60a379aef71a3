"""``casework demo``: build the demo case and write its outputs."""

from __future__ import annotations

import click

from ..demo import build_demo
from . import cli
from .common import Context, echo_json, json_option, pass_ctx


@cli.command()
@json_option
@pass_ctx
def demo(ctx: Context, as_json: bool) -> None:
    """Build the demo case (演示案件) in the register and print where everything is."""
    case = build_demo(ctx.store)
    result = {
        "id": case.id,
        "title": case.title,
        "register": ctx.store.safe_url,
        "home": str(ctx.store.home),
    }
    if as_json:
        echo_json(result)
        return
    click.echo(f"演示案件 demo case: {case.id}  {case.title}")
    click.echo(f"案件登记库 register: {result['register']}")
