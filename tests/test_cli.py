"""The `casework` command on a real register: JSON output, exit codes, nothing written on error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from casework.cli import cli


@pytest.fixture
def run(home: Path, db_url: str | None):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    base = ["--home", str(home)] + (["--db", db_url] if db_url else [])

    def _run(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
        result = runner.invoke(cli, [*base, *args], catch_exceptions=False)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return _run


def test_new_then_list_and_show(run) -> None:  # type: ignore[no-untyped-def]
    out = run(
        "case",
        "new",
        "--title",
        "充电宝鼓包",
        "--category",
        "quality",
        "--platform",
        "京东",
        "--merchant",
        "某某数码专营店",
        "--order-no",
        "290012345678",
        "--amount",
        "89.90",
        "--complainant-name",
        "张三",
        "--complainant-phone",
        "13900000000",
        "--complainant-address",
        "北京市海淀区某路1号",
        "--request",
        "退货退款",
        "--json",
    )
    case_id = json.loads(out.stdout)["id"]
    listed = json.loads(run("case", "list", "--json").stdout)
    assert [c["id"] for c in listed] == [case_id]
    row = listed[0]
    assert row["title"] == "充电宝鼓包"
    assert row["status"] == "intake"
    assert row["category"] == "quality"
    assert row["updated_at"]
    shown = json.loads(run("case", "show", case_id, "--json").stdout)
    assert shown["amount_paid"] == "89.90"
    assert shown["order_numbers"] == ["290012345678"]
    assert shown["shop_name"] == "某某数码专营店"
    assert shown["complainant_phone"] == "13900000000"
    assert "商品质量" in run("case", "show", case_id).stdout


def test_update_status_event_comm(run) -> None:  # type: ignore[no-untyped-def]
    case_id = run("case", "new", "--title", "t", "--category", "return").stdout.strip()
    run("case", "update", case_id, "request=七日无理由退货", "is_report=yes", "amount_paid=12.30")
    shown = json.loads(run("case", "show", case_id, "--json").stdout)
    assert (shown["request"], shown["is_report"], shown["amount_paid"]) == (
        "七日无理由退货",
        True,
        "12.30",
    )
    run("case", "status", case_id, "filed", "--note", "已在12315提交")
    assert json.loads(run("case", "list", "--status", "filed", "--json").stdout)[0]["id"] == case_id
    ev = json.loads(
        run(
            "event",
            "add",
            case_id,
            "--at",
            "2026-03-01 10:00",
            "--kind",
            "delivered",
            "--text",
            "签收",
            "--json",
        ).stdout
    )
    assert ev["at"].startswith("2026-03-01T10:00:00+08:00")
    comm = json.loads(
        run(
            "comm",
            "add",
            case_id,
            "--counterpart",
            "淘宝客服",
            "--channel",
            "platform_chat",
            "--ref",
            "TB-001",
            "--summary",
            "申请介入",
            "--due",
            "2026-03-05",
            "--json",
        ).stdout
    )
    assert comm["ref"] == "TB-001"
    assert comm["response_due"] == "2026-03-05"


BAD = [
    (["case", "show", "2026-9999"], "2026-9999"),
    (["case", "new", "--title", "t", "--category", "nonsense"], "category"),
    (["case", "new", "--title", "t", "--category", "quality", "--amount", "12,3x"], "amount"),
    (["case", "new", "--title", "t", "--category", "quality", "--amount", "1.234"], "amount"),
    (
        ["case", "new", "--title", "t", "--category", "quality", "--purchase-date", "2026-02-30"],
        "purchase_date",
    ),
    (["case", "new", "--category", "quality"], "--title"),
    (["case", "update", "2026-0001", "colour=red"], "colour"),
    (["case", "status", "2026-0001", "intake"], "status"),
    (["event", "add", "2026-0001", "--at", "yesterday", "--kind", "delivered"], "at"),
    (["event", "add", "2026-0001", "--at", "2026-03-01", "--kind", "exploded"], "kind"),
    (
        ["comm", "add", "2026-0001", "--counterpart", "x", "--channel", "pigeon", "--summary", "s"],
        "channel",
    ),
]


@pytest.mark.parametrize(
    ("args", "named"), BAD, ids=[" ".join(a[:2]) + f"-{i}" for i, (a, _) in enumerate(BAD)]
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(run, args, named) -> None:  # type: ignore[no-untyped-def]
    case_id = run("case", "new", "--title", "原样", "--category", "quality").stdout.strip()
    run("case", "status", case_id, "filed")
    before = run("case", "show", case_id, "--json").stdout
    result = run(*args, code=2)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 or lines[0].startswith("Usage:"), result.stderr
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert run("case", "show", case_id, "--json").stdout == before
    assert len(json.loads(run("case", "list", "--json").stdout)) == 1


def test_every_command_has_help() -> None:
    runner = CliRunner()

    def walk(group, path):  # type: ignore[no-untyped-def]
        for name, cmd in group.commands.items():
            result = runner.invoke(cli, [*path, name, "--help"])
            assert result.exit_code == 0, name
            assert cmd.help, f"casework {' '.join([*path, name])} has no help text"
            if hasattr(cmd, "commands"):
                walk(cmd, [*path, name])

    walk(cli, [])


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "casework.cli", "--home", str(tmp_path), "case", "show", "nope"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "nope" in proc.stderr


def test_update_with_a_stale_version_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    case_id = run("case", "new", "--title", "t", "--category", "price").stdout.strip()
    run("case", "update", case_id, "request=退差价", "--expect-version", "1")
    result = run("case", "update", case_id, "request=赔偿", "--expect-version", "1", code=2)
    assert "已被他人修改" in result.stderr
    assert json.loads(run("case", "show", case_id, "--json").stdout)["request"] == "退差价"
