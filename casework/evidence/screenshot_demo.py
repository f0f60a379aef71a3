"""The demo case's screenshots, read (演示截图识别): the order page and the chat.

The demo images are fixed files, so their readings are shipped beside them
(``casework/data/demo/readings.json``, made by the real engine; ``tests/screenshots/test_demo.py``
reads the images again and fails if the shipped readings drift). :func:`read_demo_screenshots`
keeps those readings in the register — when the installed engine is the one that made them,
else it reads the images itself — so building the demo (done by dozens of tests) never waits on
the engine, and a fresh ``casework demo`` shows the read text, fields and cross-checks.
"""

from __future__ import annotations

import json
from typing import Any

from ..cases import Case
from ..resources import data_path
from ..store import Store
from ..store import screenshots as sql
from .demo import CHAT_PNG, ORDER_PNG
from .items import list_evidence
from .ocr import engine
from .screenshots import ScreenshotRead, read_screenshot

READINGS = "readings.json"
DEMO_FILES = (ORDER_PNG, CHAT_PNG)


def shipped_readings() -> dict[str, dict[str, Any]]:
    """sha256 → the reading shipped for that demo image."""
    path = data_path(READINGS)
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def read_demo_screenshots(store: Store, case: Case) -> None:
    """The demo step: read the demo case's order and chat screenshots."""
    demo_reads(store, case)


def demo_reads(store: Store, case: Case) -> list[ScreenshotRead]:
    """Read the demo case's order and chat screenshots (and cross-check them with the bill)."""
    shipped = shipped_readings()
    items = [i for i in list_evidence(store, case.id) if i.original_name in DEMO_FILES]
    version = engine().version
    with store.write() as conn:
        for item in items:
            reading = shipped.get(item.sha256)
            if reading is not None and reading["version"] == version:
                if sql.get_reading(conn, item.sha256) is None:
                    sql.put_reading(conn, reading | {"read_at": store.now()})
    return [read_screenshot(store, item.id) for item in items]


def summary_lines(store: Store, case_id: str) -> list[str]:
    """What ``casework demo`` prints about the demo's read screenshots (kept readings only)."""
    from .screenshots import kept_screenshot

    out = []
    for item in list_evidence(store, case_id):
        if item.original_name not in DEMO_FILES:
            continue
        read = kept_screenshot(store, item.id)
        if read is None:
            continue
        head = f"截图识别 screenshot read: #{item.id} {item.display_name} — {len(read.reading.lines)} 行 lines"
        if read.messages:
            head += f", {len(read.messages)} 条消息 messages"
        out.append(head)
        out += [f"  {'✓' if c.status == 'match' else '✗'} {c.zh}" for c in read.checks]
    return out
