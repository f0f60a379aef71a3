"""``casework export`` and ``casework verify-submission``: the submission from the terminal."""

from __future__ import annotations

import click

from ..vocabulary import RecipientKind
from . import cli
from .common import Context, echo_json, json_option, pass_ctx


@cli.command("export")
@click.argument("case_id")
@click.option(
    "--to",
    "to",
    type=click.Choice(["html", "pdf", "text"]),
    default="html",
    show_default=True,
    help="Submission format; text: the copy-ready texts of an online form (with --form).",
)
@click.option(
    "--form",
    type=click.Choice(["12315"]),
    default=None,
    help="With --to text: one text per field of the 12315 online form (被投诉方, 诉求, 事实与理由).",
)
@click.option(
    "--profile",
    type=click.Choice(["public", "authority"]),
    default="public",
    show_default=True,
    help="public: personal data masked (隐私保护版); authority: for 12315 / a court (原始证据版).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where to write the file (default: <home>/exports/<case id>/).",
)
@click.option(
    "--doc",
    type=click.Choice(["submission", "authorization"]),
    default="submission",
    show_default=True,
    help="authorization: the 授权委托书 for the agent to have signed (PDF).",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Print the review sheet (送出前核对) and export nothing; exit 1 while an item blocks.",
)
@click.option(
    "--accept-warnings",
    is_flag=True,
    help="I have checked the review sheet's warnings: export anyway (written to the audit log).",
)
@click.option(
    "--recipient",
    type=click.Choice([r.value for r in RecipientKind]),
    default=None,
    help="Who receives the submission (提交对象); default: the case's filing channel's. The "
    "complainant's consent must cover it (casework consent ID show).",
)
@json_option
@pass_ctx
def export_cmd(
    ctx: Context,
    case_id: str,
    to: str,
    profile: str,
    lang: str,
    out: str | None,
    form: str | None,
    doc: str,
    check_only: bool,
    accept_warnings: bool,
    recipient: str | None,
    as_json: bool,
) -> None:
    """Export a case as a submission (提交材料) and print where it is.

    The review sheet comes first: a blocking item stops the export; its warnings must be
    accepted with --accept-warnings. The evidence is verified; the file's SHA-256 is recorded
    as a filing (递交记录).
    """
    from ..report import export_case

    if check_only:
        print_review(ctx, case_id, lang, as_json, recipient)
        return
    if to == "text":
        print_form(ctx, case_id, form, lang, out, as_json)
        return
    if doc == "authorization":
        from ..report.authorization import export_authorization

        path = export_authorization(ctx.store, case_id, lang=lang, out=out)
        if as_json:
            echo_json({"path": str(path), "doc": doc})
        else:
            click.echo(str(path))
        return
    result = export_case(
        ctx.store,
        case_id,
        to=to,
        profile=profile,
        lang=lang,
        out=out,
        accept_warnings=accept_warnings,
        recipient=recipient,
    )
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(str(result.path))


def print_form(
    ctx: Context, case_id: str, form: str | None, lang: str, out: str | None, as_json: bool
) -> None:
    """The 12315 form's texts on the terminal (or into a file with -o)."""
    from ..errors import InvalidInput
    from ..report.form12315 import form_12315

    if form != "12315":
        raise InvalidInput(
            "--to text 需要指定表单：--form 12315",
            "--to text needs a form: --form 12315",
            field="form",
        )
    result = form_12315(ctx.store, case_id, lang=lang)
    if as_json:
        echo_json(result.to_dict())
        return
    text = result.render_text()
    if out:
        from pathlib import Path

        from ..atomic import write_atomic

        write_atomic(Path(out).expanduser().resolve(), text.encode("utf-8"))
        click.echo(str(Path(out).expanduser().resolve()))
    else:
        click.echo(text, nl=False)


def print_review(
    ctx: Context, case_id: str, lang: str, as_json: bool, recipient: str | None = None
) -> None:
    """The review sheet on the terminal (exit 1 while an item blocks the export)."""
    from ..report.review import review

    sheet = review(ctx.store, case_id, lang=lang, recipient=recipient)
    if as_json:
        echo_json(sheet.to_dict())
    else:
        click.echo(sheet.render_text(lang))
    if not sheet.ok:
        raise click.exceptions.Exit(1)


@cli.command("verify-submission")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@json_option
@pass_ctx
def verify_submission_cmd(ctx: Context, file: str, as_json: bool) -> None:
    """Check a submission's evidence manifest against the register (exit 1 when it differs)."""
    from ..report.verify import verify_submission

    check = verify_submission(ctx.store, file)
    if as_json:
        echo_json(check.to_dict())
    else:
        state = "一致 OK" if check.ok else "不一致 MISMATCH"
        click.echo(f"{check.path}: {state}  (case {check.case_id}, sha256 {check.sha256})")
        for f in check.filings:
            click.echo(f"  递交记录 filing #{f.id}: {f.at} {f.format} {f.profile} {f.lang}")
        for p in check.problems:
            click.echo(f"  - {p['zh']} / {p['en']}")
    if not check.ok:
        raise click.exceptions.Exit(1)
