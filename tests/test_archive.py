"""Hand-off archive, backup and restore (#12 items 2–3).

An archive from one register imports into another and verifies; a tampered, truncated or hostile
archive is refused with one line and nothing written; backup → restore gives a register whose
every row and evidence file equal the original's.
"""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from casework.archive import export_archive, import_archive
from casework.backup import backup, restore
from casework.cli import cli
from casework.clock import fixed
from casework.demo import CASE
from casework.errors import InvalidInput
from casework.evidence import add_evidence, custody_log, list_evidence, log_custody, verify
from casework.resources import data_path
from casework.store import Store
from casework.store import schema as t
from casework.workflow import import_bill

from .conftest import NOW, pg_only, pg_schema_url

PHOTO = b"\xff\xd8\xff" + b"left earbud" * 300


def rich_case(store: Store) -> str:
    """A case with a bit of everything: parties, an event, a contact, a bill, evidence with a
    derived crop linked to the event, and an export in its custody log."""
    case_id = store.create_case(CASE).id
    event = store.add_event(case_id, at="2026-10-05 10:00", kind="defect_found", text="左耳无声")
    store.add_communication(
        case_id,
        at="2026-10-06 09:00",
        counterpart="耳机旗舰店",
        channel="platform_chat",
        summary="要求退货",
    )
    import_bill(store, case_id, data_path("alipay_demo.csv"))
    photo = add_evidence(
        store, case_id, PHOTO, type="defect_photo", name="左耳.jpg", events=[event.id]
    )
    add_evidence(
        store, case_id, PHOTO[:500], type="defect_photo", name="crop.jpg", derived_from=photo.id
    )
    # What the screenshot reader writes: an event whose source is the evidence item.
    store.add_event(
        case_id,
        at="2026-10-05 11:00",
        kind="defect_found",
        text="截图",
        source=f"evidence:{photo.id}",
    )
    log_custody(store, case_id, "export", {"what": "bundle", "sha256": "b" * 64})
    return case_id


def open_home(tmp_path: Path, name: str, url: str | None = None) -> Store:
    home = tmp_path / name
    home.mkdir(exist_ok=True)
    return Store.open(home, url, clock=fixed(NOW), actor=name)


def counts(store: Store) -> dict[str, int]:
    with store.read() as conn:
        return {
            tb.name: conn.execute(select(func.count()).select_from(tb)).scalar_one()
            for tb in t.metadata.sorted_tables
        }


def test_an_archive_imports_into_another_register_and_verifies(tmp_path: Path) -> None:
    a = open_home(tmp_path, "a")
    case_id = rich_case(a)
    out = tmp_path / "handoff.zip"
    run = CliRunner().invoke(
        cli, ["--home", str(a.home), "archive", "export", case_id, "-o", str(out)]
    )
    assert run.exit_code == 0, run.output
    assert custody_log(a, case_id)[-1]["detail"]["what"] == "archive"

    b = open_home(tmp_path, "b")
    run = CliRunner().invoke(cli, ["--home", str(b.home), "archive", "import", str(out)])
    assert run.exit_code == 0, run.output
    assert f"{case_id} → {case_id}" in run.output
    assert verify(b, case_id).ok
    assert b.get_case(case_id).title == a.get_case(case_id).title
    theirs, ours = list_evidence(a, case_id), list_evidence(b, case_id)
    assert [(i.sha256, i.original_name, i.description) for i in theirs] == [
        (i.sha256, i.original_name, i.description) for i in ours
    ]
    assert [i.path(b).read_bytes() for i in ours] == [i.path(a).read_bytes() for i in theirs]
    photo, crop = ours[1], ours[2]  # the bill, the photo, its crop
    assert crop.derived_from == photo.id
    events = b.list_events(case_id)
    assert photo.events == [events[0].id]
    assert events[1].source == f"evidence:{photo.id}"
    log = custody_log(b, case_id)
    assert log[0]["action"] == "import"
    assert [e["hash"] for e in log[0]["detail"]["source_log"]] == [
        e["hash"] for e in custody_log(a, case_id)[:-1]
    ]
    assert len(b.audit_log(case_id)) == len(a.audit_log(case_id)) + 1
    with b.read() as conn:
        txns = conn.execute(select(func.count()).select_from(t.transactions)).scalar_one()
    assert txns > 0


@pg_only
@pytest.mark.pg
def test_an_archive_from_sqlite_imports_into_a_postgresql_register(tmp_path: Path) -> None:
    a = open_home(tmp_path, "a")
    case_id = rich_case(a)
    export_archive(a, [case_id], tmp_path / "x.zip")
    for url in pg_schema_url():
        b = open_home(tmp_path, "b", url)
        import_archive(b, tmp_path / "x.zip")
        assert verify(b, case_id).ok
        c = open_home(tmp_path, "c", url)  # another home on the same register
        assert [i.path(c).read_bytes() for i in list_evidence(c, case_id)] == [
            i.path(a).read_bytes() for i in list_evidence(a, case_id)
        ]
        b.close()
        c.close()


def test_a_taken_case_id_gets_a_new_one(tmp_path: Path) -> None:
    a = open_home(tmp_path, "a")
    case_id = rich_case(a)
    export_archive(a, [case_id], tmp_path / "x.zip")
    report = import_archive(a, tmp_path / "x.zip")  # the same register: the id is taken
    new = report.cases[case_id]
    assert new != case_id
    assert verify(a, new).ok and verify(a, case_id).ok
    assert len(list_evidence(a, new)) == 3


def test_an_archive_carries_what_the_advocate_decided_and_the_consents(tmp_path: Path) -> None:
    """Beyond the facts: the consumer's consents (个人信息保护法), a clock dismissed, an edited
    next-step letter and the screenshot reader's text travel with the case, renumbered."""
    from casework.consent import give_all, ledger
    from casework.drafts.kept import save, saved
    from casework.rules import deadlines_for
    from casework.settle import clock_key, dismiss, settlements
    from casework.store.screenshots import get_reading, put_reading

    a = open_home(tmp_path, "a")
    case_id = rich_case(a)
    give_all(a, case_id)
    clock = clock_key(deadlines_for(a, case_id)[0])
    dismiss(a, case_id, clock, reason="消费者已撤回该项请求")
    save(a, case_id, "urge_regulator", "acceptance", "督促履职申请（改过的）")
    photo = list_evidence(a, case_id)[1]
    reading = {
        "sha256": photo.sha256,
        "engine": "rapidocr",
        "version": "1",
        "width": 10,
        "height": 10,
        "lines": [{"text": "订单号 1234", "box": [0, 0, 1, 1], "score": 0.9}],
        "read_at": "2026-11-29T10:00:00+08:00",
    }
    with a.write() as conn:
        put_reading(conn, reading)
    export_archive(a, [case_id], tmp_path / "x.zip")
    b = open_home(tmp_path, "b")
    report = import_archive(b, tmp_path / "x.zip")
    assert report.skipped_tables == [] and report.left_out_members == 0

    def entries(store: Store) -> list[tuple[str, str, str, str]]:
        return [(e.scope, e.recipient, e.state, e.how) for e in ledger(store, case_id).entries]

    assert entries(b) == entries(a) and entries(b)
    kept = settlements(b, case_id)[clock]
    assert (kept.state, kept.note) == ("dismissed", "消费者已撤回该项请求")
    assert saved(b, case_id, "urge_regulator", "acceptance") == "督促履职申请（改过的）"
    with b.read() as conn:
        got = get_reading(conn, photo.sha256)
    assert got is not None and got["lines"][0]["text"] == "订单号 1234"


def test_a_group_travels_with_its_members_and_a_member_alone_leaves_it(tmp_path: Path) -> None:
    from casework.groups import create_group, get_group

    a = open_home(tmp_path, "a")
    first, second = a.create_case(CASE).id, a.create_case(CASE).id
    group = create_group(a, [first, second], "同一商家拒绝退货")
    export_archive(a, [group.id, first, second], tmp_path / "all.zip")
    b = open_home(tmp_path, "b")
    import_archive(b, tmp_path / "all.zip")
    assert [m.case_id for m in get_group(b, group.id).members] == [first, second]
    export_archive(a, [first], tmp_path / "one.zip")
    c = open_home(tmp_path, "c")
    run = CliRunner().invoke(
        cli, ["--home", str(c.home), "archive", "import", str(tmp_path / "one.zip")]
    )
    assert run.exit_code == 0, run.output
    assert "1 group memberships left out" in run.output
    assert c.get_case(first).title == CASE.title


def test_every_table_of_a_case_is_carried_or_derived() -> None:
    """A table added with a case_id must be carried by the archive or declared derived."""
    from casework.archive import DERIVED, TABLES

    with_case = {tb.name for tb in t.metadata.sorted_tables if "case_id" in tb.c}
    assert with_case - {"custody_heads"} <= {tb.name for tb in TABLES} | DERIVED


# -- refused archives: one line, nothing written --------------------------------------------------


def rewrite(src: Path, dst: Path, change: Callable[[dict[str, bytes]], Any]) -> None:
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    extra = change(members)
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, data in extra or []:
            zf.writestr(name, data)


def evidence_member(m: dict[str, bytes]) -> str:
    return next(n for n in m if n.startswith("evidence/"))


def flip(m: dict[str, bytes]) -> None:
    name = evidence_member(m)
    m[name] = m[name][:-1] + b"!"


def flip_and_fix_manifest(m: dict[str, bytes]) -> None:
    """A consistent forgery: the file and the manifest's hash of it both changed."""
    import hashlib

    name = evidence_member(m)
    m[name] = m[name][:-1] + b"!"
    manifest = json.loads(m["manifest.json"])
    manifest["files"][name]["sha256"] = hashlib.sha256(m[name]).hexdigest()
    m["manifest.json"] = json.dumps(manifest).encode()


def edit_row(m: dict[str, bytes]) -> None:
    """The evidence row's description edited and the manifest updated to match."""
    import hashlib

    lines = m["data/evidence.jsonl"].decode().splitlines()
    row = json.loads(lines[1])
    row["description"] = "改过的说明"
    lines[1] = json.dumps(row, ensure_ascii=False)
    m["data/evidence.jsonl"] = ("\n".join(lines) + "\n").encode()
    manifest = json.loads(m["manifest.json"])
    manifest["files"]["data/evidence.jsonl"] = {
        "sha256": hashlib.sha256(m["data/evidence.jsonl"]).hexdigest(),
        "size": len(m["data/evidence.jsonl"]),
    }
    m["manifest.json"] = json.dumps(manifest).encode()


def zip_slip(m: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [("../../outside.txt", b"owned")]


def duplicate(m: dict[str, bytes]) -> list[tuple[str, bytes]]:
    name = evidence_member(m)
    return [(name, m[name])]


def bomb(m: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [("evidence/" + "0" * 64, b"\0" * (64 * 1024 * 1024))]


def stray_row(m: dict[str, bytes]) -> None:
    """An event of another case slipped in (and listed with the right hash)."""
    import hashlib

    row = json.loads(m["data/events.jsonl"].splitlines()[0])
    row["case_id"] = "2026-9999"
    m["data/events.jsonl"] += json.dumps(row).encode() + b"\n"
    manifest = json.loads(m["manifest.json"])
    manifest["files"]["data/events.jsonl"] = {
        "sha256": hashlib.sha256(m["data/events.jsonl"]).hexdigest(),
        "size": len(m["data/events.jsonl"]),
    }
    m["manifest.json"] = json.dumps(manifest).encode()


#: Each tampering, and what the refusal must say.
TAMPERINGS: dict[str, tuple[Callable[[dict[str, bytes]], Any], str]] = {
    "changed evidence byte": (flip, "does not match its SHA-256"),
    "evidence and manifest both changed": (flip_and_fix_manifest, "is not the content its name"),
    "evidence row edited": (edit_row, "does not match the custody log (description)"),
    "zip slip": (zip_slip, "outside the archive layout"),
    "duplicate name": (duplicate, "duplicate name"),
    "zip bomb": (bomb, "zip bomb"),
    "a row of another case": (stray_row, "a case not in the archive"),
}


@pytest.fixture
def handoff(tmp_path: Path) -> Path:
    a = open_home(tmp_path, "a")
    out = tmp_path / "handoff.zip"
    export_archive(a, [rich_case(a)], out)
    a.close()
    return out


def assert_refused_and_nothing_written(tmp_path: Path, archive: Path, what: str, says: str) -> None:
    b = open_home(tmp_path, "b")
    before = counts(b)
    run = CliRunner().invoke(cli, ["--home", str(b.home), "archive", "import", str(archive)])
    assert run.exit_code == 2, (what, run.output)
    assert len(run.output.strip().splitlines()) == 1 and "nothing written" in run.output
    assert says in run.output, run.output
    assert counts(b) == before
    assert [p for p in (b.home / "evidence").rglob("*") if p.is_file()] == []
    assert not (tmp_path / "outside.txt").exists()


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("what", sorted(TAMPERINGS))
def test_a_tampered_or_hostile_archive_is_refused(tmp_path: Path, handoff: Path, what: str) -> None:
    bad = tmp_path / "bad.zip"
    change, says = TAMPERINGS[what]
    rewrite(handoff, bad, change)
    assert_refused_and_nothing_written(tmp_path, bad, what, says)


def test_a_truncated_archive_is_refused(tmp_path: Path, handoff: Path) -> None:
    bad = tmp_path / "cut.zip"
    bad.write_bytes(handoff.read_bytes()[: handoff.stat().st_size // 2])
    assert_refused_and_nothing_written(tmp_path, bad, "truncated", "not a whole zip")


def test_a_backup_is_not_an_archive(tmp_path: Path) -> None:
    a = open_home(tmp_path, "a")
    rich_case(a)
    backup(a, tmp_path / "reg.zip")
    with pytest.raises(InvalidInput, match="archive"):
        import_archive(open_home(tmp_path, "b"), tmp_path / "reg.zip")


# -- backup and restore ---------------------------------------------------------------------------


def every_row(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.read() as conn:
        return {
            tb.name: [
                dict(r._mapping) for r in conn.execute(select(tb).order_by(*tb.primary_key.columns))
            ]
            for tb in t.metadata.sorted_tables
            if tb.name not in ("blobs", "blob_chunks")
        }


def content(store: Store) -> dict[str, bytes]:
    return {
        i.sha256: i.path(store).read_bytes()
        for c in store.list_cases()
        for i in list_evidence(store, c.id)
    }


def round_trip(tmp_path: Path, source_url: str | None, target_url: str | None) -> None:
    a = open_home(tmp_path, "a", source_url)
    rich_case(a)
    second = a.create_case(title="第二个案件", category="quality").id
    add_evidence(a, second, PHOTO, type="defect_photo", name="same-photo.jpg")
    out = tmp_path / "register.zip"
    run = CliRunner().invoke(
        cli,
        [
            "--home",
            str(a.home),
            *(["--db", source_url] if source_url else []),
            "backup",
            "-o",
            str(out),
        ],
    )
    assert run.exit_code == 0, run.output
    target = tmp_path / "restored"
    args = [
        "restore",
        str(out),
        "--home",
        str(target),
        *(["--db", target_url] if target_url else []),
    ]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 0, run.output
    b = open_home(tmp_path, "restored", target_url)
    assert every_row(b) == every_row(a)
    assert content(b) == content(a)
    assert all(verify(b, c.id).ok for c in b.list_cases())
    # The restored register goes on: new rows get fresh ids.
    assert add_evidence(b, second, b"new" * 10, type="other", name="n.txt").id > 3
    # A second restore into it is refused: it is no longer empty.
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and "not empty" in again.output


def test_backup_then_restore_equals_the_original(tmp_path: Path) -> None:
    round_trip(tmp_path, None, None)


@pg_only
@pytest.mark.pg
def test_backup_and_restore_between_postgresql_and_sqlite(tmp_path: Path) -> None:
    for source, target in (("pg", None), (None, "pg")):
        where = tmp_path / f"{source or 'sqlite'}-to-{target or 'sqlite'}"
        where.mkdir()
        for url in pg_schema_url():
            round_trip(where, url if source else None, url if target else None)


def test_a_backup_taken_while_another_writer_adds_is_consistent(tmp_path: Path) -> None:
    a = open_home(tmp_path, "a")
    case_id = a.create_case(title="写入中", category="quality").id
    writer = open_home(tmp_path, "a")
    stop = threading.Event()

    def keep_adding() -> None:
        n = 0
        while not stop.is_set():
            add_evidence(writer, case_id, f"photo {n}".encode() * 50, type="other", name=f"{n}.jpg")
            n += 1

    thread = threading.Thread(target=keep_adding)
    thread.start()
    try:
        for i in range(3):
            backup(a, tmp_path / f"b{i}.zip")
    finally:
        stop.set()
        thread.join()
    for i in range(3):
        result = restore(tmp_path / f"b{i}.zip", tmp_path / f"r{i}")
        assert result.ok, result.problems


def test_a_tampered_backup_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    a = open_home(tmp_path, "a")
    rich_case(a)
    backup(a, tmp_path / "reg.zip")
    rewrite(tmp_path / "reg.zip", tmp_path / "bad.zip", flip)
    run = CliRunner().invoke(
        cli, ["restore", str(tmp_path / "bad.zip"), "--home", str(tmp_path / "r")]
    )
    assert run.exit_code == 2 and "SHA-256" in run.output
    b = open_home(tmp_path, "r")
    assert b.count_cases() == 0


def test_a_read_only_register_can_be_backed_up(tmp_path: Path) -> None:
    """A mounted copy or a colleague's folder: the backup reads it, writes only beside itself."""
    a = open_home(tmp_path, "a")
    case_id = rich_case(a)
    a.close()
    ro = Store.open(tmp_path / "a", None, read_only=True)
    result = backup(ro, tmp_path / "out" / "reg.zip")
    assert result.cases == 1
    restored = restore(result.path, tmp_path / "r")
    assert restored.ok and restored.cases == 1
    assert not list((tmp_path / "a").glob(".backup-*"))
    assert case_id
