"""Tamper evidence: changed and missing files, a broken custody chain, the manifest hash."""

from __future__ import annotations

import itertools
import os

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, update

from casework.cli import cli
from casework.errors import InvalidInput
from casework.evidence import (
    add_evidence,
    custody_log,
    get_evidence,
    log_custody,
    manifest_sha256,
    verify,
)
from casework.evidence.custody import GENESIS, check_chain, entry_hash
from casework.store import Store
from casework.store import schema as t

from .tampering import raw, remove_content, tamper_content


def case_with_files(store: Store) -> tuple[str, list[int]]:
    case_id = store.create_case(title="篡改测试", category="quality").id
    ids = [
        add_evidence(store, case_id, body, type=kind, name=name).id
        for body, kind, name in [
            (b"order page" * 50, "order_record", "订单.png"),
            (b"defect photo" * 50, "defect_photo", "左耳.jpg"),
            (b"chat log" * 50, "chat_log", "聊天.png"),
        ]
    ]
    return case_id, ids


def cli_args(store: Store) -> list[str]:
    return ["--home", str(store.home), "--db", store.url]


def test_intact_case_verifies(store: Store) -> None:
    case_id, _ = case_with_files(store)
    result = verify(store, case_id)
    assert result.ok and result.checked == 3
    assert result.problems == [] and result.chain == []


def test_changed_file_is_named_and_cli_exits_1(store: Store) -> None:
    case_id, ids = case_with_files(store)
    item = get_evidence(store, ids[1])
    tamper_content(store, item)
    result = verify(store, case_id)
    assert not result.ok
    [problem] = result.problems
    assert problem["evidence_id"] == ids[1] and problem["problem"] == "changed"
    assert problem["name"] == "左耳.jpg"
    run = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id])
    assert run.exit_code == 1
    assert "左耳.jpg" in run.output and "changed" in run.output
    assert "订单.png" not in run.output
    # The check itself is logged in the custody chain.
    assert custody_log(store, case_id)[-1]["action"] == "verify"


def test_missing_file_is_named(store: Store) -> None:
    case_id, ids = case_with_files(store)
    remove_content(store, get_evidence(store, ids[2]))
    result = verify(store, case_id)
    assert [(p["evidence_id"], p["problem"]) for p in result.problems] == [(ids[2], "missing")]
    run = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id, "--json"])
    assert run.exit_code == 1
    assert '"missing"' in run.output


def test_re_adding_the_same_content_restores_a_missing_file(store: Store) -> None:
    case_id, ids = case_with_files(store)
    item = get_evidence(store, ids[0])
    remove_content(store, item)
    again = add_evidence(store, case_id, b"order page" * 50, type="order_record", name="x.png")
    assert again.duplicate and again.id == ids[0]
    assert verify(store, case_id).ok


def test_re_adding_the_original_mends_a_changed_file(store: Store) -> None:
    """The advocate re-adds the file from the phone after verify named it: the bad copy is
    replaced, and a second case adding the same bytes never takes on the changed copy."""
    case_id, ids = case_with_files(store)
    item = get_evidence(store, ids[0])
    tamper_content(store, item)
    assert not verify(store, case_id).ok
    again = add_evidence(store, case_id, b"order page" * 50, type="order_record", name="x.png")
    assert again.duplicate and again.id == ids[0]
    assert verify(store, case_id).ok
    path = item.path(store)
    assert path.read_bytes() == b"order page" * 50
    assert not os.access(path, os.W_OK) or os.geteuid() == 0  # read-only again


def test_cli_verify_intact_exits_0(store: Store) -> None:
    case_id, _ = case_with_files(store)
    run = CliRunner().invoke(cli, [*cli_args(store), "verify", case_id])
    assert run.exit_code == 0, run.output
    assert "3" in run.output


def test_altered_custody_entry_breaks_the_chain(store: Store) -> None:
    case_id, _ids = case_with_files(store)
    with raw(store) as conn:
        conn.execute(
            update(t.custody)
            .where(t.custody.c.case_id == case_id, t.custody.c.seq == 2)
            .values(detail={"sha256": "0" * 64, "type": "defect_photo"})
        )
    result = verify(store, case_id)
    assert not result.ok and result.problems == []
    kinds = {(c.get("seq"), c["problem"]) for c in result.chain}
    assert (2, "altered") in kinds


def test_deleted_custody_entry_is_a_gap(store: Store) -> None:
    case_id, _ids = case_with_files(store)
    with raw(store) as conn:
        conn.execute(delete(t.custody).where(t.custody.c.case_id == case_id, t.custody.c.seq == 2))
    result = verify(store, case_id)
    problems = {c["problem"] for c in result.chain}
    assert {"gap", "link", "unrecorded"} <= problems


def test_edited_register_hash_is_caught(store: Store) -> None:
    """Swapping a file and its register hash together still disagrees with the custody log."""
    case_id, ids = case_with_files(store)
    with store.write() as conn:
        conn.execute(update(t.evidence).where(t.evidence.c.id == ids[0]).values(sha256="a" * 64))
    result = verify(store, case_id)
    assert any(c["problem"] == "unrecorded" and c["evidence_id"] == ids[0] for c in result.chain)


def test_chain_links_and_hashes(store: Store) -> None:
    case_id, _ = case_with_files(store)
    log_custody(store, case_id, "export", {"to": "pdf", "sha256": "b" * 64})
    entries = custody_log(store, case_id)
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    assert entries[0]["prev_hash"] == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after["prev_hash"] == before["hash"]
    assert all(entry_hash(e) == e["hash"] for e in entries)
    assert check_chain(entries) == []
    assert entries[-1]["action"] == "export" and entries[-1]["detail"]["to"] == "pdf"
    with pytest.raises(InvalidInput):
        log_custody(store, case_id, "delete", "not an action")


def test_manifest_hash_is_order_free_and_changes_with_the_set(store: Store) -> None:
    a = store.create_case(title="甲", category="quality").id
    b = store.create_case(title="乙", category="quality").id
    files = [(b"one" * 10, "order_record", "1.png"), (b"two" * 10, "chat_log", "2.png")]
    for body, kind, name in files:
        add_evidence(store, a, body, type=kind, name=name)
    for body, kind, name in reversed(files):
        add_evidence(store, b, body, type=kind, name=name)
    assert manifest_sha256(store, a) == manifest_sha256(store, b)
    assert len(manifest_sha256(store, a)) == 64
    before = manifest_sha256(store, a)
    add_evidence(store, a, b"three" * 10, type="other", name="3.txt")
    assert manifest_sha256(store, a) != before
