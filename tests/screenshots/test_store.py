"""The register keeps one reading per file hash; a second write of the same file replaces it."""

from __future__ import annotations

from sqlalchemy import func, select

from casework.evidence.ocr import Line, Reading
from casework.store import Store
from casework.store import schema as t
from casework.store import screenshots as sql


def _reading(text: str) -> dict[str, object]:
    line = Line(text, [[0, 0], [10, 0], [10, 5], [0, 5]], 0.5)
    r = Reading("rapidocr", "3.10.0 test", 100, 50, [line], sha256="ab" * 32, read_at="t")
    return r.to_dict()


def test_one_row_per_hash_and_the_later_reading_wins(store: Store) -> None:
    with store.write() as conn:
        sql.put_reading(conn, _reading("first"))
    with store.write() as conn:
        sql.put_reading(conn, _reading("second"))
    with store.read() as conn:
        count = conn.execute(select(func.count()).select_from(t.screenshot_text)).scalar_one()
        kept = sql.get_reading(conn, "ab" * 32)
    assert count == 1 and kept is not None
    back = Reading.from_dict(kept)
    assert back.text == "second" and back.lines[0].low and back.lines[0].box[2] == [10, 5]
