"""Tamper evidence that covers the rows (#18 item 4): one test per kind of tampering.

Each test does to the register what someone with shell or database access could do, then shows
that ``casework verify`` (or a head kept elsewhere: a receipt, a manifest) names it.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from casework.cli import cli
from casework.evidence import (
    EvidenceError,
    add_evidence,
    chain_head,
    custody_log,
    get_evidence,
    list_evidence,
    log_custody,
    verify,
)
from casework.evidence import files as evidence_files
from casework.evidence.custody import entry_hash
from casework.store import Store
from casework.store import schema as t

from .tampering import raw, remove_content


def case_with_files(store: Store) -> tuple[str, list[int]]:
    case_id = store.create_case(title="篡改测试", category="quality").id
    ids = [
        add_evidence(
            store,
            case_id,
            body,
            type=kind,
            name=name,
            description=f"{name} 的说明",
            captured_at="2026-10-03 10:00",
        ).id
        for body, kind, name in [
            (b"order page" * 50, "order_record", "订单.png"),
            (b"defect photo" * 50, "defect_photo", "左耳.jpg"),
        ]
    ]
    log_custody(store, case_id, "export", {"what": "bundle", "sha256": "b" * 64})
    return case_id, ids


def problems(store: Store, case_id: str, against: dict[str, Any] | None = None) -> set[str]:
    result = verify(store, case_id, against=against)
    return {p["problem"] for p in result.problems + result.chain}


def cli_args(store: Store) -> list[str]:
    return ["--home", str(store.home), "--db", store.url]


def forge(previous: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """An entry that links to ``previous`` and carries a correct hash of its own."""
    entry = {
        "case_id": previous["case_id"],
        "seq": previous["seq"] + 1,
        "at": previous["at"],
        "actor": "someone",
        "action": "export",
        "evidence_id": None,
        "detail": {"what": "forged"},
        "prev_hash": previous["hash"],
    } | changes
    entry["hash"] = entry_hash(entry)
    return entry


def test_an_untouched_register_verifies(store: Store) -> None:
    case_id, _ = case_with_files(store)
    assert problems(store, case_id) == set()
    assert problems(store, case_id, chain_head(store, case_id)) == set()


def test_deleting_the_last_custody_entry_is_caught(store: Store) -> None:
    case_id, _ = case_with_files(store)
    receipt = chain_head(store, case_id)
    with raw(store) as conn:
        conn.execute(delete(t.custody).where(t.custody.c.case_id == case_id, t.custody.c.seq == 3))
    assert "head" in problems(store, case_id)
    assert "truncated" in problems(store, case_id, receipt)


def test_deleting_the_last_add_entry_is_caught_by_its_row(store: Store) -> None:
    case_id = store.create_case(title="尾部", category="quality").id
    item = add_evidence(store, case_id, b"last one" * 20, type="chat_log", name="c.png")
    with raw(store) as conn:
        conn.execute(delete(t.custody).where(t.custody.c.case_id == case_id))
        conn.execute(delete(t.custody_heads).where(t.custody_heads.c.case_id == case_id))
    result = verify(store, case_id)
    assert [(p["evidence_id"], p["problem"]) for p in result.chain] == [(item.id, "unrecorded")]


def test_appending_a_forged_entry_is_caught(store: Store) -> None:
    case_id, _ = case_with_files(store)
    last = custody_log(store, case_id)[-1]
    with raw(store) as conn:
        conn.execute(insert(t.custody).values(**forge(last)))
    # The chain itself is whole (the forger hashed correctly) — the recorded head is not there.
    found = verify(store, case_id)
    assert {p["problem"] for p in found.chain} == {"head"}


def test_editing_the_last_entry_and_re_hashing_it_is_caught(store: Store) -> None:
    case_id, _ = case_with_files(store)
    receipt = chain_head(store, case_id)
    last = custody_log(store, case_id)[-1]
    edited = dict(last, detail={"what": "nothing happened"})
    edited["hash"] = entry_hash(edited)
    with raw(store) as conn:
        conn.execute(
            update(t.custody)
            .where(t.custody.c.id == last["id"])
            .values(detail=edited["detail"], hash=edited["hash"])
        )
    assert "head" in problems(store, case_id)
    assert "rewritten" in problems(store, case_id, receipt)


def rewrite_chain(store: Store, case_id: str) -> None:
    """Every entry rewritten and re-hashed in order, the recorded head moved along with it: the
    register is consistent with itself, only a head kept elsewhere can tell."""
    entries = custody_log(store, case_id)
    prev = "0" * 64
    with raw(store) as conn:
        for e in entries:
            e = dict(e, actor="someone else", prev_hash=prev)
            e["hash"] = entry_hash(e)
            conn.execute(
                update(t.custody)
                .where(t.custody.c.id == e["id"])
                .values(actor=e["actor"], prev_hash=e["prev_hash"], hash=e["hash"])
            )
            prev = e["hash"]
        conn.execute(
            update(t.custody_heads).where(t.custody_heads.c.case_id == case_id).values(hash=prev)
        )


def test_rewriting_the_whole_chain_is_caught_against_the_receipt(
    store: Store, tmp_path: Path
) -> None:
    case_id, _ = case_with_files(store)
    run = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id, "--head"])
    assert run.exit_code == 0, run.output
    receipt = json.loads(run.output)
    assert receipt["case_id"] == case_id and receipt["count"] == 4  # 2 adds, export, verify
    path = tmp_path / "receipt.json"
    path.write_text(run.output, "utf-8")
    again = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id, "--against", str(path)])
    assert again.exit_code == 0, again.output
    rewrite_chain(store, case_id)
    assert problems(store, case_id) == set()  # consistent with itself
    caught = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id, "--against", str(path)])
    assert caught.exit_code == 1
    assert "rewritten" in caught.output and "改写" in caught.output


def test_a_receipt_for_another_case_or_no_receipt_is_refused(store: Store, tmp_path: Path) -> None:
    case_id, _ = case_with_files(store)
    other = store.create_case(title="另一个", category="quality").id
    path = tmp_path / "r.json"
    path.write_text(json.dumps(chain_head(store, other)), "utf-8")
    run = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id, "--against", str(path)])
    assert run.exit_code == 2 and other in run.output
    path.write_text("{}", "utf-8")
    run = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id, "--against", str(path)])
    assert run.exit_code == 2 and "receipt" in run.output


@pytest.mark.parametrize("with_file", [False, True])
def test_deleting_an_evidence_row_is_caught(store: Store, with_file: bool) -> None:
    case_id, ids = case_with_files(store)
    item = get_evidence(store, ids[1])
    if with_file:
        remove_content(store, item)
    with raw(store) as conn:
        conn.execute(delete(t.evidence).where(t.evidence.c.id == ids[1]))
    result = verify(store, case_id)
    assert [(p["evidence_id"], p["problem"]) for p in result.chain] == [(ids[1], "deleted")]
    assert "左耳.jpg" in result.chain[0]["en"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("type", "other"),
        ("original_name", "别的名字.png"),
        ("size", 1),
        ("description", "改过的说明"),
        ("captured_at", "2026-01-01T00:00:00+08:00"),
    ],
)
def test_changing_an_evidence_row_is_caught(store: Store, column: str, value: Any) -> None:
    case_id, ids = case_with_files(store)
    with raw(store) as conn:
        conn.execute(update(t.evidence).where(t.evidence.c.id == ids[0]).values({column: value}))
    result = verify(store, case_id)
    [found] = result.chain
    assert found["evidence_id"] == ids[0] and found["problem"] == "unrecorded"
    assert found["fields"] == [column]


@pytest.mark.pg
def test_postgresql_refuses_to_change_the_custody_log(store: Store) -> None:
    if store.is_sqlite:
        pytest.skip("the append-only trigger is PostgreSQL's")
    case_id, _ = case_with_files(store)
    for stmt in (
        update(t.custody).where(t.custody.c.case_id == case_id).values(actor="x"),
        delete(t.custody).where(t.custody.c.case_id == case_id),
        text("TRUNCATE custody"),
    ):
        with pytest.raises(SQLAlchemyError, match="append-only"), store.write() as conn:
            conn.execute(stmt)
    with store.read() as conn:
        assert len(conn.execute(select(t.custody)).all()) == 3
    assert verify(store, case_id).ok


# -- a file that changes while it is being added ----------------------------------------------


def rewrite(p: Path) -> None:
    # File times tick with the kernel's coarse clock (a few ms): a real recorder writes later
    # than that, and a rewrite within the same tick, same size, is beyond what stat can see.
    time.sleep(0.02)
    p.write_bytes(b"X" * p.stat().st_size)


def append(p: Path) -> None:
    with p.open("ab") as fh:
        fh.write(b"more bytes")


CHANGES = {
    "appended": append,
    "rewritten": rewrite,
    "truncated": lambda p: os.truncate(p, 10),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_file_changing_during_add_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    case_id = store.create_case(title="变化中", category="quality").id
    src = tmp_path / "video.mp4"
    src.write_bytes(b"frame" * 100_000)
    copy = evidence_files._copy

    def copy_then_change(*args: Any) -> Any:
        out = copy(*args)
        CHANGES[change](src)  # the phone is still writing the recording
        return out

    monkeypatch.setattr(evidence_files, "_copy", copy_then_change)
    with pytest.raises(EvidenceError) as err:
        add_evidence(store, case_id, src, type="unboxing_video")
    assert "changed while it was being read" in err.value.en and "被改动" in err.value.zh
    assert list_evidence(store, case_id) == [] and custody_log(store, case_id) == []
    assert not list((store.home / "evidence").glob(".incoming-*"))


def test_a_copy_that_differs_from_the_streamed_bytes_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = store.create_case(title="坏盘", category="quality").id
    src = tmp_path / "photo.jpg"
    src.write_bytes(b"\xff\xd8\xff" + b"pixels" * 1000)
    copy = evidence_files._copy

    def bad_disk(src_fh: Any, dst: Any, *rest: Any) -> Any:
        out = copy(src_fh, dst, *rest)
        dst.seek(7)
        dst.write(b"?")  # what a failing disk or another writer would leave
        dst.seek(0, 2)
        return out

    monkeypatch.setattr(evidence_files, "_copy", bad_disk)
    with pytest.raises(EvidenceError):
        add_evidence(store, case_id, src, type="defect_photo")
    assert list_evidence(store, case_id) == []


def test_a_rewritten_chain_is_caught_against_a_submissions_manifest(
    store: Store, tmp_path: Path
) -> None:
    """The submission embeds the custody head (report appendix); verify-submission compares."""
    from casework.report.markup import MANIFEST_ID, json_script
    from casework.report.verify import verify_submission

    case_id, _ = case_with_files(store)
    manifest = {
        "format": "casework-manifest/1",
        "case_id": case_id,
        "manifest_sha256": "",
        "custody_head": chain_head(store, case_id),
        "evidence": [],
    }
    page = tmp_path / "submission.html"
    page.write_text(f"<html><body>{json_script(MANIFEST_ID, manifest)}</body></html>", "utf-8")
    before = {p["en"] for p in verify_submission(store, page).problems}
    assert not any("rewritten" in p for p in before)
    rewrite_chain(store, case_id)
    after = {p["en"] for p in verify_submission(store, page).problems} - before
    assert any("custody log was rewritten" in p for p in after), after
