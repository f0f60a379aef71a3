"""The case register on real SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.cases import Status
from casework.errors import ConflictError, InvalidInput, NotFound, TransitionError
from casework.store import Store


def test_create_and_read_back(store: Store) -> None:
    c = store.create_case(
        title="耳机左耳无声",
        category="quality",
        amount_paid="¥1,299.00",
        complainant_name="张三",
        order_numbers=["4021557788990011223"],
    )
    assert c.id == "2026-0001"
    got = store.get_case(c.id)
    assert got.amount_paid == Decimal("1299.00")
    assert got.order_numbers == ["4021557788990011223"]
    assert got.complainant_name == "张三"
    assert got.status is Status.INTAKE
    assert store.create_case(title="第二件", category="other").id == "2026-0002"


def test_stale_update_raises_conflict_and_keeps_the_first(store: Store) -> None:
    c = store.create_case(title="t", category="return")
    store.update_case(c.id, {"request": "退款"}, expected_version=c.version)
    with pytest.raises(ConflictError):
        store.update_case(c.id, {"request": "换货"}, expected_version=c.version)
    assert store.get_case(c.id).request == "退款"


def test_bad_input_changes_nothing(store: Store) -> None:
    c = store.create_case(title="t", category="return")
    with pytest.raises(InvalidInput):
        store.update_case(c.id, {"amount_paid": "abc"})
    with pytest.raises(InvalidInput):
        store.update_case(c.id, {"no_such_field": "x"})
    store.set_status(c.id, Status.RESOLVED)  # legal: version 2
    with pytest.raises(TransitionError):
        store.set_status(c.id, Status.FILED)  # a resolved case reopens into evidence gathering only
    with pytest.raises(NotFound):
        store.get_case("2026-9999")
    after = store.get_case(c.id)
    assert (after.version, after.status) == (2, Status.RESOLVED)
    assert [r["action"] for r in store.audit_log(c.id)] == ["create", "status"]


def test_audit_log_records_before_and_after(store: Store) -> None:
    c = store.create_case(title="t", category="price")
    store.update_case(c.id, {"shop_name": "某某旗舰店"})
    log = store.audit_log(c.id)
    assert [r["action"] for r in log] == ["create", "update"]
    assert log[1]["before"] == {"shop_name": ""}
    assert log[1]["after"] == {"shop_name": "某某旗舰店"}


def test_sqlite_register_is_in_wal_mode(sqlite_store: Store) -> None:
    from sqlalchemy import text

    with sqlite_store.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    assert (sqlite_store.home / "register.sqlite3").exists()


def test_migrations_are_recorded_and_rerun_is_a_no_op(store: Store) -> None:
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from casework.store.migrate import alembic_config, upgrade

    upgrade(store.engine)  # a second start must not fail or duplicate anything
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store.read() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
