"""Migrations 0002 (custody heads, append-only trigger) and 0003 (blobs) on a register that
already holds evidence: the old custody log keeps verifying, and both go down and up again."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from casework.clock import fixed
from casework.evidence import add_evidence, chain_head, custody_log, verify
from casework.evidence.content import FolderContent
from casework.evidence.migrate import migrate_folder
from casework.store import Store
from casework.store import schema as t
from casework.store.migrate import alembic_config

from ..conftest import NOW


def test_downgrading_below_0003_refuses_while_the_register_holds_content(store: Store) -> None:
    if store.is_sqlite:
        pytest.skip("only a PostgreSQL register holds content")
    case_id = store.create_case(title="内容", category="quality").id
    add_evidence(store, case_id, b"in the register" * 10, type="other", name="x.bin")
    with pytest.raises(RuntimeError, match="casework backup"):
        alembic(store, "downgrade", "0002")
    assert verify(store, case_id).ok


def alembic(store: Store, action: str, revision: str) -> None:
    cfg = alembic_config()
    with store.engine.connect() as conn:
        conn.info["casework_write"] = True
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)


def test_a_register_from_before_0002_keeps_verifying(store: Store) -> None:
    """PostgreSQL registers of then kept content in the home's folder: migrate moves it in."""
    store._evidence_content = FolderContent(store)  # type: ignore[attr-defined]  # as then
    case_id = store.create_case(title="旧登记库", category="quality").id
    add_evidence(store, case_id, b"old photo" * 40, type="defect_photo", name="old.jpg")
    head = chain_head(store, case_id)
    alembic(store, "downgrade", "0001")
    with store.read() as conn:
        assert conn.execute(select(t.custody.c.seq)).scalars().all() == [1]
    # Written the way the register was before: no heads table, no sealed row fields.
    alembic(store, "upgrade", "head")
    with store.read() as conn:
        assert conn.execute(select(t.custody_heads.c.seq, t.custody_heads.c.hash)).one() == (
            1,
            head["hash"],
        )
    del store._evidence_content  # type: ignore[attr-defined]
    if not store.is_sqlite:
        assert migrate_folder(store).ok
    assert verify(store, case_id, against=head).ok
    add_evidence(store, case_id, b"new photo" * 40, type="defect_photo", name="new.jpg")
    expected = [1, 2] if store.is_sqlite else [1, 2, 3]  # (the migrate entry)
    assert [e["seq"] for e in custody_log(store, case_id)] == expected
    assert verify(store, case_id).ok


def test_legacy_add_entries_without_sealed_fields_still_check_the_hash(tmp_path: Path) -> None:
    """An entry from before #18 carries the content hash only: a changed hash is still caught."""
    store = Store.open(tmp_path / "h", None, clock=fixed(NOW))
    case_id = store.create_case(title="旧", category="quality").id
    item = add_evidence(store, case_id, b"x" * 100, type="other", name="x.bin")
    legacy = {"sha256": item.sha256, "type": "other", "name": "x.bin", "size": 100}
    entry = custody_log(store, case_id)[0]
    from casework.evidence.custody import entry_hash

    entry = dict(entry, detail=legacy)
    entry["hash"] = entry_hash(entry)
    with store.write() as conn:
        conn.execute(
            t.custody.update()
            .where(t.custody.c.id == entry["id"])
            .values(detail=legacy, hash=entry["hash"])
        )
        conn.execute(t.custody_heads.update().values(hash=entry["hash"]))
    assert verify(store, case_id).ok  # a legacy entry: fields beyond the hash were not sealed
    with store.write() as conn:
        conn.execute(t.evidence.update().values(sha256="f" * 64))
    assert {p["problem"] for p in verify(store, case_id).chain} == {"unrecorded"}
    store.close()
