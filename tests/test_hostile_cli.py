"""Hostile input at the command line (#18): every call exits 0 or 2 with at most one line on
stderr, never a traceback, never the SQL of a failed statement.

Each repro below is an input that once printed a traceback (exit 1) or the register's SQL.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casework.cli import cli

NEW = ["case", "new", "--title", "t", "--category", "quality"]


def invoke(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--home", str(home), *args], env=env)


def assert_clean_error(result: Result, *named: str) -> str:
    """Exit 2, one line on stderr, naming what is wrong; no traceback, no SQL."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    for word in named:
        assert word in lines[0], lines[0]
    for leak in ("Traceback", "sqlalche.me", "SELECT ", "INSERT ", "UPDATE ", "[SQL:"):
        assert leak not in result.stderr, result.stderr
    return lines[0]


# -- database URLs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("not a url", "not a url"),
        ("foo://bar", "foo"),
        ("mysql://user:secret@db.example/casework", "mysql"),
        ("sqlite+pysqlcipher:///x.db", "sqlite+pysqlcipher"),
    ],
)
def test_a_database_url_is_checked_before_use(home: Path, url: str, named: str) -> None:
    line = assert_clean_error(invoke(home, "--db", url, "case", "list"), named)
    assert "postgresql://" in line and "sqlite:///" in line
    assert "secret" not in line  # the password is never echoed


def test_a_bad_url_in_the_environment_is_named_as_such(home: Path) -> None:
    result = invoke(home, "case", "list", env={"CASEWORK_DB_URL": "foo://bar"})
    assert_clean_error(result, "CASEWORK_DB_URL")


# -- amounts and dates ----------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e309", "1e20", "99999999999", "-1e30", "1e-400"])
def test_an_absurd_amount_is_refused_with_the_limit(home: Path, amount: str) -> None:
    assert_clean_error(invoke(home, *NEW, "--amount", amount), "amount_paid")
    assert invoke(home, "case", "list").stdout == ""


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01"])
def test_a_purchase_date_outside_1990_2100_is_refused(home: Path, day: str) -> None:
    line = assert_clean_error(invoke(home, *NEW, "--purchase-date", day), "purchase_date")
    assert "1990" in line and "2100" in line
    assert invoke(home, "case", "list").stdout == ""


def test_the_edges_of_the_date_range_are_accepted(home: Path) -> None:
    for day in ("1990-01-01", "2100-12-31"):
        assert invoke(home, *NEW, "--purchase-date", day).exit_code == 0


@pytest.mark.parametrize("at", ["9999-12-31 23:59:60", "9999-12-31 23:59:59", "0001-01-01 00:00"])
def test_an_event_time_outside_the_range_is_refused(home: Path, at: str) -> None:
    case_id = invoke(home, *NEW).stdout.strip()
    assert_clean_error(invoke(home, "event", "add", case_id, "--at", at, "--kind", "delivered"))
    assert_clean_error(
        invoke(home, "comm", "add", case_id, "--counterpart", "x", "--channel", "phone",
               "--summary", "s", "--at", at)
    )  # fmt: skip
    assert_clean_error(invoke(home, "deadlines", case_id, "--today", at[:10]), "today")


def test_a_register_row_with_an_impossible_date_names_the_case(home: Path) -> None:
    """A row written before the range check (or by hand) must not crash deadlines / timeline."""
    case_id = invoke(home, *NEW, "--purchase-date", "2026-03-01").stdout.strip()
    with sqlite3.connect(home / "register.sqlite3") as db:
        db.execute("UPDATE cases SET purchase_date = '9999-12-31'")
    for args in (["deadlines", case_id], ["timeline", case_id, "-o", str(home / "t.png")]):
        assert_clean_error(invoke(home, *args), case_id)


# -- the environment ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "1e400", "-5", "0", "lots"])
def test_a_bad_evidence_size_limit_is_a_config_error(
    home: Path, tmp_path: Path, value: str
) -> None:
    case_id = invoke(home, *NEW).stdout.strip()
    photo = tmp_path / "photo.txt"
    photo.write_text("收据")
    result = invoke(
        home,
        "evidence",
        "add",
        case_id,
        str(photo),
        "--type",
        "product_photo",
        env={"CASEWORK_MAX_EVIDENCE_MB": value},
    )
    assert_clean_error(result, "CASEWORK_MAX_EVIDENCE_MB")


# -- the register itself --------------------------------------------------------------------


def test_a_register_from_a_newer_program_says_both_versions(home: Path) -> None:
    invoke(home, *NEW)
    with sqlite3.connect(home / "register.sqlite3") as db:
        db.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    line = assert_clean_error(invoke(home, "case", "list"), "0042_from_the_future")
    from casework.store.engine import known_schema_head

    assert known_schema_head() in line


def test_a_case_row_with_bad_json_names_the_case(home: Path) -> None:
    first = invoke(home, *NEW).stdout.strip()
    second = invoke(home, *NEW).stdout.strip()
    with sqlite3.connect(home / "register.sqlite3") as db:
        db.execute("UPDATE cases SET order_numbers = '{not json' WHERE id = ?", (second,))
    assert_clean_error(invoke(home, "case", "show", second), second, "order_numbers")
    assert_clean_error(invoke(home, "case", "list"), second)
    assert invoke(home, "case", "show", first).exit_code == 0


def test_a_file_that_is_not_a_register_says_so_without_sql(home: Path) -> None:
    (home / "register.sqlite3").write_bytes(b"this is not a database, just text" * 100)
    assert_clean_error(invoke(home, "case", "list"), "register.sqlite3")


def test_a_damaged_register_table_says_so_without_sql(home: Path) -> None:
    case_id = invoke(home, *NEW).stdout.strip()
    with sqlite3.connect(home / "register.sqlite3") as db:
        db.execute("DROP TABLE parties")
    assert_clean_error(invoke(home, "case", "show", case_id))
    assert_clean_error(invoke(home, "case", "update", case_id, "request=退款"))


def test_the_real_process_prints_one_line_for_a_bad_url(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "casework.cli", "--home", str(tmp_path), "--db", "mysql://x/y",
         "case", "list"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr


def test_json_output_still_parses_after_the_checks(home: Path) -> None:
    invoke(home, *NEW, "--amount", "9999999999.99", "--purchase-date", "2100-12-31")
    rows = json.loads(invoke(home, "case", "list", "--json").stdout)
    assert len(rows) == 1


def test_the_panels_show_a_register_error_through_the_same_conversion() -> None:
    from sqlalchemy.exc import OperationalError

    from casework.ui.common import error_text

    exc = OperationalError(
        "SELECT * FROM parties WHERE phone = '13900000000'",
        {"phone": "13900000000"},
        sqlite3.OperationalError("disk I/O error"),
    )
    text = error_text(exc)
    assert "disk I/O error" in text
    assert "SELECT" not in text and "13900000000" not in text and "sqlalche.me" not in text
