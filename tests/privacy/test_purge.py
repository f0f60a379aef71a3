"""Retention and erasure (#17 item 3): ``purge`` leaves no personal field, no evidence file and
no cached derivative of the case — searched in the register (the SQLite file's bytes, every
PostgreSQL table) and in every file under the home — keeps its statistics, keeps content another
case shares, and is refused for an open case."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from casework.cases import Status
from casework.cli import cli
from casework.consent import give_all
from casework.errors import InvalidInput
from casework.evidence import add_evidence, export_bundle, list_evidence
from casework.purge import PURGED_TITLE, is_purged, purge, scrub
from casework.retention import past_retention, retention_years, set_retention_years
from casework.store import Store
from casework.store import schema as t
from casework.store.screenshots import put_reading
from casework.workflow import import_bill

from ..conftest import SAMPLES
from .helpers import OTHER, PERSONAL, personal_case

UNIQUE = b"\x89PNG\r\n\x1a\n only in the purged case: " + PERSONAL["name"].encode()
SHARED = b"\x89PNG\r\n\x1a\n the same screenshot in two cases"
BILL = SAMPLES / "btb_单条测试_支付宝.csv"
OCR_WORD = "欧阳娜娜的订单截图文字"


def register_text(store: Store) -> tuple[str, bytes]:
    """Every row of every table as text, and (SQLite) the raw bytes of the register's files."""
    parts = []
    with store.read() as conn:
        for table in t.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                parts.append(repr(tuple(row)))
    raw = b""
    if store.is_sqlite:
        for name in ("register.sqlite3", "register.sqlite3-wal"):
            path = store.home / name
            if path.exists():
                raw += path.read_bytes()
    return "\n".join(parts), raw


def home_files(home: Path) -> list[tuple[str, bytes]]:
    skip = {"register.sqlite3", "register.sqlite3-wal", "register.sqlite3-shm"}
    return [
        (str(p.relative_to(home)), p.read_bytes())
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.name not in skip
    ]


def closed_case_with_everything(store: Store, *, export: bool) -> tuple[str, str, dict[str, str]]:
    """A closed case holding personal data in every place casework keeps it, and an open case
    sharing one screenshot; returns both ids and the hashes of the first case's content."""
    case_id = personal_case(store)
    other = personal_case(store, who=OTHER)
    unique = add_evidence(store, case_id, UNIQUE, type="other", name=f"{PERSONAL['name']}.png")
    shared = add_evidence(store, case_id, SHARED, type="other", name="聊天.png")
    add_evidence(store, other, SHARED, type="other", name="聊天.png")
    imported = import_bill(store, case_id, BILL)
    with store.write() as conn:
        put_reading(
            conn,
            {
                "sha256": unique.sha256,
                "engine": "test",
                "version": "test-1",
                "width": 10,
                "height": 10,
                "lines": [{"text": OCR_WORD, "box": [0, 0, 1, 1], "score": 1.0}],
                "read_at": store.now(),
            },
        )
    give_all(store, case_id)
    from casework.drafts.kept import save as keep_draft

    keep_draft(store, case_id, "demand", "refund", f"致商家：{PERSONAL['address']} 的买家")
    assert unique.path(store).read_bytes() == UNIQUE  # on PostgreSQL: into this home's cache
    bundle = export_bundle(store, case_id)
    hashes = {
        "unique": unique.sha256,
        "bill": hashlib.sha256(BILL.read_bytes()).hexdigest(),
        "bundle": bundle.sha256,
        "shared": shared.sha256,
    }
    if export:
        from casework.report import export_case

        result = export_case(store, case_id, to="html", accept_warnings=True)
        hashes["export"] = result.sha256
    assert imported is not None
    store.set_status(case_id, Status.RESOLVED, f"{PERSONAL['name']}已收到退款")
    return case_id, other, hashes


def check_erased(store: Store, case_id: str, other: str, hashes: dict[str, str]) -> None:
    rows, raw = register_text(store)
    values = [v for v in PERSONAL.values()] + [OCR_WORD]
    for value in values:
        assert value not in rows, value
        assert value.encode() not in raw, value
    gone = [h for k, h in hashes.items() if k != "shared"]
    [entry] = [a for a in store.audit_log(case_id) if a["action"] == "purge"]
    listed = str(entry["after"])
    for h in gone:
        # the one audit entry that lists what was removed holds it, nothing else does
        assert rows.count(h) == listed.count(h) >= 1, h
        assert raw.count(h.encode()) <= listed.count(h), h
    for name, data in home_files(store.home):
        for h in gone:
            assert h not in name and h.encode() not in data, (name, h)
        for value in values:
            assert value not in name and value.encode() not in data, (name, value)
        assert UNIQUE not in data, name
    # The other case keeps the shared screenshot.
    [kept] = list_evidence(store, other)
    assert kept.sha256 == hashes["shared"] and kept.path(store).read_bytes() == SHARED


def check_statistics(store: Store, case_id: str) -> None:
    case = store.get_case(case_id)
    assert case.title == PURGED_TITLE and case.complainant_name == "" and case.order_numbers == []
    assert case.category.value == "quality" and case.platform == "京东"
    assert case.shop_name == "炸锅小铺" and case.status is Status.RESOLVED
    assert str(case.amount_paid) == "459.00" and str(case.purchase_date) == "2026-10-01"
    assert [e.kind.value for e in store.list_events(case_id)] == ["defect_found"]
    assert is_purged(store, case_id)
    with store.read() as conn:
        summary = conn.execute(
            select(t.case_summary).where(t.case_summary.c.case_id == case_id)
        ).one()
    assert summary.category == "quality" and summary.advocate == "" and not summary.is_open
    assert store.count_cases() == 2  # the portfolio keeps counting it


@pytest.mark.slow
def test_purge_leaves_nothing_of_the_case_and_keeps_its_statistics(store: Store) -> None:
    case_id, other, hashes = closed_case_with_everything(store, export=True)
    result = purge(store, case_id)
    assert hashes["unique"] in result.evidence and hashes["bill"] in result.bills
    assert {hashes["export"], hashes["bundle"]} <= set(result.exports)
    assert result.kept_shared == [hashes["shared"]]
    assert "备份" in result.render_text() and "backups" in result.render_text("en")
    check_erased(store, case_id, other, hashes)
    check_statistics(store, case_id)
    [entry] = [a for a in store.audit_log(case_id) if a["action"] == "purge"]
    assert entry["actor"] == store.actor and hashes["unique"] in entry["after"]["evidence_sha256"]


def test_purge_without_an_export_is_quick_and_complete(store: Store) -> None:
    case_id, other, hashes = closed_case_with_everything(store, export=False)
    purge(store, case_id)
    check_erased(store, case_id, other, hashes)
    check_statistics(store, case_id)
    with pytest.raises(InvalidInput) as err:
        purge(store, case_id)
    assert "已清除过" in err.value.message()


def test_purge_is_refused_for_an_open_case(store: Store) -> None:
    case_id = personal_case(store)
    add_evidence(store, case_id, UNIQUE, type="other", name="a.png")
    with pytest.raises(InvalidInput) as err:
        purge(store, case_id)
    assert "尚未结案" in err.value.message() and "still open" in err.value.message()
    assert store.get_case(case_id).complainant_name == PERSONAL["name"]
    assert len(list_evidence(store, case_id)) == 1


def test_retention_lists_closed_cases_past_the_period(store: Store) -> None:
    assert retention_years(store) == 3
    old = personal_case(store)
    store.set_status(old, Status.WITHDRAWN)
    open_case = personal_case(store)
    assert past_retention(store, today=date(2029, 11, 28)) == []
    [due] = past_retention(store, today=date(2029, 11, 29))
    assert (due.case_id, due.closed_on, due.keep_until) == (old, "2026-11-29", "2029-11-29")
    assert set_retention_years(store, 1) == 1 and retention_years(store) == 1
    assert [d.case_id for d in past_retention(store, today=date(2027, 12, 1))] == [old]
    with pytest.raises(InvalidInput):
        set_retention_years(store, "0")
    purge(store, old)
    assert past_retention(store, today=date(2040, 1, 1)) == []
    assert open_case


def test_scrub_keeps_only_values_without_personal_data() -> None:
    assert scrub({"status": "resolved", "note": "张三"}) == {"status": "resolved"}
    assert scrub({"complainant_name": "张三"}) is None and scrub("张三") is None


def test_cli_retention_and_purge(store: Store, home: Path) -> None:
    if not store.is_sqlite:
        pytest.skip("the CLI opens the home's SQLite register")
    case_id = personal_case(store)
    run = CliRunner().invoke
    r = run(cli, ["--home", str(home), "purge", case_id, "--yes"])
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1 and "尚未结案" in r.output
    store.set_status(case_id, Status.CLOSED_UNRESOLVED)
    r = run(cli, ["--home", str(home), "retention", "--set-years", "5"])
    assert r.exit_code == 0 and "结案后 5 年" in r.output, r.output
    r = run(cli, ["--home", str(home), "retention", "--set-years", "abc"])
    assert r.exit_code == 2 and "1 到 100" in r.output
    r = run(cli, ["--home", str(home), "purge", case_id], input="n\n")
    assert r.exit_code == 1 and not is_purged(store, case_id)
    r = run(cli, ["--home", str(home), "purge", case_id, "--yes"])
    assert r.exit_code == 0 and "个人信息已清除" in r.output and "备份" in r.output, r.output
    r = run(cli, ["--home", str(home), "access", case_id, "--lang", "en"])
    assert r.exit_code == 0 and "erased the personal information" in r.output
