"""A register that cannot be written (a colleague's copy, a mounted backup) opens for reading
(#18 item 7): cases list and show, and every write says that nothing can be saved.

The tests run as root, for whom permission bits mean nothing, so "not writable" is made real with
``chattr +i`` (the kernel then refuses writes even to root, and ``os.access`` says so), and the
explicit read-only open is checked against SQLite itself: a write through the raw connection
must fail in the driver, not only in our guard.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import OperationalError

from casework.cli import cli
from casework.clock import fixed
from casework.errors import ReadOnlyError
from casework.store import Store
from tests.conftest import NOW


def _fill(home: Path, db: str | None = None) -> list[str]:
    s = Store.open(home, db, clock=fixed(NOW))
    ids = [
        s.create_case(title="耳机左耳无声", category="quality", complainant_phone="13900000000").id,
        s.create_case(title="七日无理由被拒", category="return").id,
    ]
    s.add_event(ids[0], at="2026-10-01 10:00", kind="delivered")
    s.close()
    return ids


def _chattr(flag: str, *paths: Path) -> bool:
    proc = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True)
    return proc.returncode == 0


@pytest.fixture
def frozen_home(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A home whose folder and files the kernel will not let anyone write."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    home = tmp_path / "colleague"
    home.mkdir()
    ids = _fill(home)
    files = sorted(home.iterdir())
    if not _chattr("+i", *files, home):
        pytest.skip("this file system does not support chattr +i")
    try:
        yield home, ids
    finally:
        _chattr("-i", home, *files)


def test_a_frozen_home_lists_and_shows_its_cases(frozen_home: tuple[Path, list[str]]) -> None:
    home, ids = frozen_home
    store = Store.open(home)
    assert store.read_only
    assert [c.id for c in store.list_cases()] == ids
    assert store.get_case(ids[0]).complainant_phone == "13900000000"
    assert len(store.list_events(ids[0])) == 1
    store.close()


def test_every_write_to_a_frozen_home_says_nothing_is_saved(
    frozen_home: tuple[Path, list[str]],
) -> None:
    home, ids = frozen_home
    store = Store.open(home)
    writes = [
        lambda: store.create_case(title="新案件", category="other"),
        lambda: store.update_case(ids[0], {"request": "退款"}),
        lambda: store.add_event(ids[0], at="2026-10-02 09:00", kind="contacted_seller"),
    ]
    for write in writes:
        with pytest.raises(ReadOnlyError) as err:
            write()
        assert "未保存" in err.value.zh and "nothing" in err.value.en
    assert store.count_cases() == 2 and store.get_case(ids[0]).request == ""
    store.close()


def test_the_cli_on_a_frozen_home(frozen_home: tuple[Path, list[str]], tmp_path: Path) -> None:
    home, ids = frozen_home
    runner = CliRunner()
    listed = runner.invoke(cli, ["--home", str(home), "case", "list"])
    assert listed.exit_code == 0, listed.output
    assert [ln.split()[0] for ln in listed.stdout.splitlines()] == ids
    assert "只读" in listed.stderr and "read-only" in listed.stderr  # the note
    shown = runner.invoke(cli, ["--home", str(home), "case", "show", ids[0], "--json"])
    assert shown.exit_code == 0 and ids[0] in shown.stdout

    photo = tmp_path / "photo.txt"
    photo.write_text("收据")
    for args in (
        ["case", "new", "--title", "t", "--category", "quality"],
        ["case", "status", ids[0], "filed"],
        ["evidence", "add", ids[0], str(photo), "--type", "product_photo"],
    ):
        result = runner.invoke(cli, ["--home", str(home), *args])
        assert result.exit_code == 2, (args, result.output)
        errors = [ln for ln in result.stderr.splitlines() if ln.startswith("错误 error")]
        assert len(errors) == 1 and "nothing" in errors[0], result.stderr
        assert "Traceback" not in result.output


def test_an_explicit_read_only_open_is_read_only_in_sqlite_itself(home: Path) -> None:
    ids = _fill(home)
    reader = Store.open(home, read_only=True)
    assert reader.read_only
    with pytest.raises(OperationalError, match="readonly"), reader.engine.connect() as conn:
        conn.exec_driver_sql("UPDATE cases SET title = 'x'")
    with pytest.raises(ReadOnlyError):
        reader.update_case(ids[0], {"title": "x"})
    # A live register stays live: what a writer commits meanwhile, the reader sees.
    writer = Store.open(home, clock=fixed(NOW))
    new = writer.create_case(title="第三件", category="price").id
    assert [c.id for c in reader.list_cases()] == [*ids, new]
    writer.close()
    reader.close()


def test_the_read_only_flag_and_variable_on_the_command_line(home: Path) -> None:
    ids = _fill(home)
    runner = CliRunner()
    for base, env in (
        (["--home", str(home), "--read-only"], {}),
        (["--home", str(home)], {"CASEWORK_READ_ONLY": "1"}),
    ):
        assert runner.invoke(cli, [*base, "case", "list"], env=env).exit_code == 0
        result = runner.invoke(cli, [*base, "case", "update", ids[0], "request=退款"], env=env)
        assert result.exit_code == 2 and "nothing" in result.stderr
    assert Store.open(home).get_case(ids[0]).request == ""


def test_a_read_only_open_of_an_older_schema_says_it_cannot_upgrade(home: Path) -> None:
    _fill(home)
    with sqlite3.connect(home / "register.sqlite3") as db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")
    with pytest.raises(ReadOnlyError) as err:
        Store.open(home, read_only=True)
    assert "0001" in err.value.en and "upgrade" in err.value.en


@pytest.mark.pg
def test_read_only_on_postgresql(db_url: str | None, home: Path) -> None:
    if db_url is None:
        pytest.skip("PostgreSQL only")
    ids = _fill(home, db_url)
    reader = Store.open(home, db_url, read_only=True)
    assert [c.id for c in reader.list_cases()] == ids
    with pytest.raises(ReadOnlyError):
        reader.create_case(title="t", category="other")
    with pytest.raises(Exception, match="read-only"), reader.engine.connect() as conn:
        conn.exec_driver_sql("UPDATE cases SET title = 'x'")
    reader.close()


def test_a_read_only_mount_lists_its_cases(home: Path) -> None:
    """A mounted backup: the home bound read-only in a private mount namespace (EROFS)."""
    import sys

    ids = _fill(home)
    script = (
        f'mount --bind -o ro "{home}" "{home}" && '
        f'"{sys.executable}" -m casework.cli --home "{home}" case list && '
        f'"{sys.executable}" -m casework.cli --home "{home}" case new --title t --category other'
    )
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    if "mount:" in proc.stderr or "unshare:" in proc.stderr:
        pytest.skip(f"no private read-only mount here: {proc.stderr.strip()}")
    assert [ln.split()[0] for ln in proc.stdout.splitlines()] == ids, proc.stderr
    assert proc.returncode == 2 and "nothing was saved" in proc.stderr
    assert "Traceback" not in proc.stderr
