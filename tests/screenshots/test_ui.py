"""The evidence panel's screenshot reader: read text beside the image, fields, add as events."""

from __future__ import annotations

from casework.demo import build_demo
from casework.store import Store
from casework.ui.common import Session
from casework.ui.evidence import EvidenceModel, EvidenceView
from casework.ui.screenshot import ScreenshotModel, ScreenshotView


def test_panel_shows_a_read_chat_and_adds_chosen_messages_as_events(sqlite_store: Store) -> None:
    store = sqlite_store
    case = build_demo(store)  # its screenshots' readings are kept by the demo
    session = Session(case_id=case.id)
    view = ScreenshotView(ScreenshotModel(store, session))
    labels = dict(view.pick.options)
    chat_id = next(v for k, v in labels.items() if "evidence_chat.png" in k)
    view.pick.value = chat_id
    assert "机器识别文字" in view.text.value and "已拆封" in view.text.value
    assert view.picture.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(view.messages.options) == 5
    before = len(store.list_events(case.id))
    view.messages.value = (2,)
    view.add_events()
    assert not view.notice.is_error, view.notice.value
    events = store.list_events(case.id)
    assert len(events) == before + 1
    added = [e for e in events if e.source == f"evidence:{chat_id}"]
    assert len(added) == 1 and "已拆封" in added[0].text and added[0].actor.value == "seller"
    order_id = next(v for k, v in labels.items() if "evidence_order.png" in k)
    view.pick.value = order_id
    assert "4021557788990011223" in view.found.value and "✓" in view.found.value


def test_the_reader_sits_in_the_evidence_panel(sqlite_store: Store) -> None:
    case = build_demo(sqlite_store)
    panel = EvidenceView(EvidenceModel(sqlite_store, Session(case_id=case.id)))
    assert any(isinstance(c, ScreenshotView) for c in panel.body.children)
