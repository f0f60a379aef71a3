"""The access log (#17 item 4): who opened, exported, archived or purged which case, and who
read its evidence, shown per case; on PostgreSQL each advocate is a named user."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from casework.access import access_log, log_access
from casework.archive import export_archive
from casework.cases import Status
from casework.cli import cli
from casework.clock import fixed
from casework.evidence import add_evidence, export_bundle, open_content
from casework.purge import purge
from casework.store import Store
from casework.store import schema as t
from casework.store.engine import default_actor

from ..conftest import NOW
from .helpers import personal_case


def test_opens_reads_archives_and_purges_are_logged_with_who(store: Store, tmp_path: Path) -> None:
    from casework.access import log_open
    from casework.ui.common import SESSION, bind

    case_id = personal_case(store)
    item = add_evidence(store, case_id, b"\x89PNG\r\n\x1a\n access", type="other", name="a.png")
    SESSION.case_id = ""
    bind(case_id, "zh", store)  # the workbook opens the case
    log_open(store, "")  # no case: nothing
    open_content(store, item.sha256)
    export_bundle(store, case_id)
    export_archive(store, [case_id], tmp_path / "handoff.zip")
    store.set_status(case_id, Status.WITHDRAWN)
    purge(store, case_id)
    rows = access_log(store, case_id)
    assert [r["action"] for r in rows] == [
        "access.open",
        "access.evidence",
        "access.evidence",
        "access.archive",
        "purge",
    ]
    assert {r["actor"] for r in rows} == {store.actor}
    assert rows[1]["detail"] == {} and rows[0]["zh"] == "打开案件"  # scrubbed by the purge
    SESSION.case_id = ""


def test_an_access_row_does_not_touch_the_portfolio_rows(store: Store) -> None:
    case_id = personal_case(store)
    with store.read() as conn:
        before = conn.execute(
            select(t.case_summary).where(t.case_summary.c.case_id == case_id)
        ).one()
        version = conn.execute(select(t.cases.c.version).where(t.cases.c.id == case_id)).scalar()
    log_access(store, case_id, "access.open")
    with store.read() as conn:
        after = conn.execute(
            select(t.case_summary).where(t.case_summary.c.case_id == case_id)
        ).one()
        assert (
            conn.execute(select(t.cases.c.version).where(t.cases.c.id == case_id)).scalar()
            == version
        )
        n = conn.execute(
            select(func.count()).select_from(t.audit).where(t.audit.c.action == "access.open")
        ).scalar_one()
    assert before == after and n == 1
    with pytest.raises(ValueError):
        log_access(store, case_id, "access.peek")


def test_the_actor_is_the_named_user(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    monkeypatch.delenv("CASEWORK_USER", raising=False)
    assert default_actor("sqlite:////tmp/x.sqlite3") == "advocate"
    assert default_actor("postgresql+psycopg://wang@db/casework") == "wang"
    monkeypatch.setenv("CASEWORK_USER", "李律师")
    assert default_actor("postgresql+psycopg://wang@db/casework") == "李律师"
    named = Store(store.url, store.home, clock=fixed(NOW))
    try:
        case_id = personal_case(named)
        log_access(named, case_id, "access.open")
        assert [r["actor"] for r in access_log(named, case_id)] == ["李律师"]
    finally:
        named.close()
    if not store.is_sqlite:
        monkeypatch.delenv("CASEWORK_USER")
        team = Store(store.url, store.home, clock=fixed(NOW))
        try:
            assert team.actor == team.engine.url.username != "advocate"
        finally:
            team.close()


def test_read_only_register_records_nothing_and_still_reads(store: Store, home: Path) -> None:
    case_id = personal_case(store)
    if not store.is_sqlite:
        pytest.skip("the CLI opens the home's SQLite register")
    ro = Store.open(home, None, read_only=True, clock=fixed(NOW))
    try:
        log_access(ro, case_id, "access.open")
    finally:
        ro.close()
    assert access_log(store, case_id) == []
    run = CliRunner().invoke
    r = run(cli, ["--home", str(home), "case", "show", case_id])
    assert r.exit_code == 0
    r = run(cli, ["--home", str(home), "access", case_id, "--json"])
    assert r.exit_code == 0 and '"access.open"' in r.output and '"via": "cli"' in r.output
    r = run(cli, ["--home", str(home), "access", "2099-9999"])
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1


def test_evidence_shown_or_handed_out_is_logged(store: Store, home: Path) -> None:
    from casework.ui import Session
    from casework.ui.screenshot import ScreenshotModel

    case_id = personal_case(store)
    item = add_evidence(store, case_id, b"\x89PNG\r\n\x1a\n shown", type="other", name="s.png")
    assert ScreenshotModel(store, Session()).image(item.id).endswith(b"shown")
    assert [r["detail"] for r in access_log(store, case_id)] == [{"evidence_id": item.id}]
    if store.is_sqlite:
        r = CliRunner().invoke(cli, ["--home", str(home), "evidence", "list", case_id, "--json"])
        assert r.exit_code == 0, r.output
        assert access_log(store, case_id)[-1]["detail"] == {"what": "paths", "files": 1}
