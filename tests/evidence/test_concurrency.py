"""Several writers adding evidence to one case at once: one custody chain, no lost item."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from casework.evidence import add_evidence, custody_log, list_evidence, verify
from casework.evidence.custody import check_chain
from casework.store import Store


def test_parallel_adds_keep_one_whole_chain(store: Store) -> None:
    case_id = store.create_case(title="并发", category="quality").id
    bodies = [f"file {i}".encode() * 20 for i in range(8)] + [b"same" * 20] * 4

    def add(n: int) -> int:
        return add_evidence(store, case_id, bodies[n], type="other", name=f"{n}.bin").id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(add, range(len(bodies))))
    items = list_evidence(store, case_id)
    assert len(items) == 9  # eight distinct files and one shared by four writers
    assert len(set(ids[8:])) == 1
    entries = custody_log(store, case_id)
    assert [e["seq"] for e in entries] == list(range(1, 10))
    assert check_chain(entries) == []
    assert verify(store, case_id).ok
