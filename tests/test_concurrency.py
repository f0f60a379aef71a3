"""Races and crashes: two writers, parallel creation, a writer killed mid-transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from casework.errors import ConflictError
from casework.store import Store


def _open(home: Path, db_url: str | None) -> Store:
    return Store.open(home, db_url)


def test_two_writers_one_conflict_other_kept(home: Path, db_url: str | None) -> None:
    a, b = _open(home, db_url), _open(home, db_url)
    case = a.create_case(title="同一案件", category="quality")
    seen_by_a = a.get_case(case.id)
    seen_by_b = b.get_case(case.id)
    a.update_case(case.id, {"request": "退货退款"}, expected_version=seen_by_a.version)
    with pytest.raises(ConflictError):
        b.update_case(case.id, {"request": "换货"}, expected_version=seen_by_b.version)
    final = b.get_case(case.id)
    assert final.request == "退货退款"
    assert [r["action"] for r in b.audit_log(case.id)] == ["create", "update"]
    a.close()
    b.close()


def _create_many(args: tuple[str, str | None, int]) -> list[str]:
    home, db_url, n = args
    s = Store.open(home, db_url)
    ids = [s.create_case(title=f"并发 {i}", category="other").id for i in range(n)]
    s.close()
    return ids


def test_parallel_creation_gives_unique_readable_ids(home: Path, db_url: str | None) -> None:
    _open(home, db_url).close()  # migrate once, as a first user would
    with ProcessPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_create_many, [(str(home), db_url, 10)] * 4))
    ids = [i for r in results for i in r]
    assert len(ids) == 40
    assert len(set(ids)) == 40
    year = ids[0].split("-")[0]
    assert sorted(ids) == [f"{year}-{n:04d}" for n in range(1, 41)]


WRITER = textwrap.dedent("""
    import sys
    from sqlalchemy import insert
    from casework.store import Store
    from casework.store import schema as t
    home, db = sys.argv[1], (sys.argv[2] or None)
    s = Store.open(home, db)
    for i in range(3):
        s.create_case(title=f"已提交 {i}", category="quality")
    with s.write() as conn:
        conn.execute(insert(t.cases).values(
            id="2099-9999", title="半截", category="other", status="intake", platform="",
            product="", order_numbers=[], request="", facts="", is_report=False,
            authorization_on_file=False, channel="", narrative_zh="", narrative_en="",
            created_at="x", updated_at="x", version=1))
        print("in-transaction", flush=True)
        sys.stdin.readline()  # wait here until killed
""")


def test_sigkill_mid_transaction_keeps_committed_cases(home: Path, db_url: str | None) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), db_url or ""],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "in-transaction"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    s = _open(home, db_url)
    titles = sorted(c.title for c in s.list_cases())
    assert titles == ["已提交 0", "已提交 1", "已提交 2"]
    # The register is still writable and whole after the crash.
    assert s.create_case(title="之后", category="other").id.endswith("-0004")
    if s.is_sqlite:
        with s.read() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    s.close()
