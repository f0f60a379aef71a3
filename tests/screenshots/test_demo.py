"""The demo case's screenshots are read and cross-checked with the demo bill."""

from __future__ import annotations

from casework.demo import build_demo
from casework.evidence.screenshot_demo import shipped_readings, summary_lines
from casework.evidence.screenshots import kept_screenshot
from casework.store import Store

from .conftest import ReplayEngine
from .regen_demo import readings


def test_shipped_readings_are_what_the_engine_reads(engine: ReplayEngine) -> None:
    """If this fails, a demo image or the engine changed: run
    ``python -m tests.screenshots.regen_demo`` and read the diff."""
    shipped = shipped_readings()
    fresh = readings()
    assert set(shipped) == set(fresh)
    for sha, reading in fresh.items():
        assert [x["text"] for x in shipped[sha]["lines"]] == [x["text"] for x in reading["lines"]]
        assert shipped[sha]["version"] == reading["version"]


def test_demo_reads_order_and_chat_and_checks_them_with_the_bill(sqlite_store: Store) -> None:
    store = sqlite_store
    case = build_demo(store)
    items = {i.original_name: i for i in _items(store, case.id)}
    order = kept_screenshot(store, items["evidence_order.png"].id)
    chat = kept_screenshot(store, items["evidence_chat.png"].id)
    assert order is not None and chat is not None
    assert order.fields["order_numbers"] == ["4021557788990011223"]
    assert order.fields["paid_fen"] == 129900 and order.fields["shop"] == "声悦数码旗舰店"
    bill = [c for c in order.checks if c.against == "bill"]
    assert bill and all(c.status == "match" for c in order.checks)
    assert all("alipay_demo.csv line" in c.where for c in bill)
    assert [m.side for m in chat.messages] == [
        "consumer",
        "consumer",
        "counterpart",
        "consumer",
        "counterpart",
    ]
    assert chat.messages[2].time == "2026-10-03T11:05:00+08:00"
    lines = summary_lines(store, case.id)
    assert any("evidence_order.png" in line for line in lines)


def _items(store: Store, case_id: str) -> list:  # type: ignore[type-arg]
    from casework.evidence import list_evidence

    return list_evidence(store, case_id)
