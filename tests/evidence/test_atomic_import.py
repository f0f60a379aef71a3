"""An import is one transaction (#18 item 5): bill rows, the bill's evidence item and its custody
entry commit together; a process killed between them leaves none. Stale ``.incoming-*``
temporaries of interrupted adds are cleaned, the one being written never."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.demo import CASE
from casework.evidence import custody, custody_log, list_evidence, verify
from casework.evidence.files import clean_incoming
from casework.resources import data_path
from casework.store import Store
from casework.store import schema as t
from casework.workflow import import_bill

BILL = data_path("alipay_demo.csv")
REPO = Path(__file__).resolve().parents[2]


def counts(store: Store, case_id: str) -> dict[str, int]:
    out = {}
    with store.read() as conn:
        for table in (t.imports, t.transactions, t.evidence, t.custody):
            out[table.name] = conn.execute(
                select(func.count()).select_from(table).where(table.c.case_id == case_id)
            ).scalar_one()
    return out


def test_an_import_writes_rows_evidence_and_custody_together(store: Store) -> None:
    case = store.create_case(CASE)
    result = import_bill(store, case.id, BILL)
    assert result.evidence_id is not None and result.added > 0
    [item] = list_evidence(store, case.id)
    assert item.id == result.evidence_id and item.type.value == "transaction_record"
    assert [e["action"] for e in custody_log(store, case.id)] == ["add"]
    assert verify(store, case.id).ok
    with store.read() as conn:
        assert conn.execute(select(t.imports.c.evidence_id)).scalar_one() == item.id


def test_a_failure_after_the_rows_leaves_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = store.create_case(CASE)

    def fail(*_a: object, **_k: object) -> None:
        raise RuntimeError("the machine went down here")

    monkeypatch.setattr(custody, "append", fail)
    with pytest.raises(RuntimeError):
        import_bill(store, case.id, BILL)
    assert counts(store, case.id) == {"imports": 0, "transactions": 0, "evidence": 0, "custody": 0}
    monkeypatch.undo()
    again = import_bill(store, case.id, BILL)  # and the import can simply be run again
    assert again.already_present == 0 and again.evidence_id is not None


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from casework.evidence import custody
    from casework.workflow import import_bill
    from casework.store import Store

    def killed(*a, **k):
        os.kill(os.getpid(), signal.SIGKILL)  # after the rows, before the custody entry

    custody.append = killed
    store = Store.open(sys.argv[1], sys.argv[2] or None)
    import_bill(store, sys.argv[3], sys.argv[4])
    """
)


def test_a_process_killed_mid_import_leaves_nothing(store: Store) -> None:
    case = store.create_case(CASE)
    args = [str(store.home), "" if store.is_sqlite else store.url]
    run = subprocess.run(
        [sys.executable, "-c", KILLED, *args, case.id, str(BILL)],
        env=os.environ | {"PYTHONPATH": str(REPO)},
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == -9, run.stderr.decode()
    assert counts(store, case.id) == {"imports": 0, "transactions": 0, "evidence": 0, "custody": 0}
    # The killed process left its staged copy behind; it is cleaned once it is stale.
    left = list((store.home / "evidence").glob(".incoming-*"))
    assert len(left) == 1
    assert clean_incoming(store.home / "evidence") == []  # fresh: may still be written
    old = time.time() - 2 * 3600
    os.utime(left[0], (old, old))
    assert clean_incoming(store.home / "evidence") == left


def test_the_temporary_being_written_is_never_cleaned(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    root.mkdir()
    busy, stale = root / ".incoming-busy", root / ".incoming-stale"
    for p in (busy, stale):
        p.write_bytes(b"partial")
        old = time.time() - 3 * 3600  # a 200 MB copy over a slow share can take a while
        os.utime(p, (old, old))
    with busy.open("rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        assert clean_incoming(root) == [stale]
    assert busy.exists() and not stale.exists()
