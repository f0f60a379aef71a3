"""``casework demo``: build the demo case and write its outputs."""

from __future__ import annotations

import click

from . import cli
from .common import Context, echo_json, json_option, pass_ctx


@cli.command()
@json_option
@pass_ctx
def demo(ctx: Context, as_json: bool) -> None:
    """Build the demo case (演示案件) in the register, write its HTML and PDF submissions
    (提交材料), and print where everything is."""
    from ..demo import build_demo  # lazy: start-up (#16)
    from ..evidence.screenshot_demo import summary_lines
    from ..report import export_many

    case = build_demo(ctx.store)
    # One notebook execution gives both files (public profile: personal data masked).
    html, pdf = export_many(ctx.store, case.id, formats=("html", "pdf"), accept_warnings=True)
    result = {
        "id": case.id,
        "title": case.title,
        "register": ctx.store.safe_url,
        "home": str(ctx.store.home),
        "html": str(html.path),
        "pdf": str(pdf.path),
        "screenshots": summary_lines(ctx.store, case.id),
    }
    if as_json:
        echo_json(result)
        return
    click.echo(f"演示案件 demo case: {case.id}  {case.title}")
    click.echo(f"案件登记库 register: {result['register']}")
    click.echo(f"提交材料 HTML submission: {html.path}")
    click.echo(f"提交材料 PDF submission:  {pdf.path}")
    for line in result["screenshots"]:
        click.echo(line)
