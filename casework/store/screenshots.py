"""SQL for text read from screenshots (截图文字). Only this module talks SQL for it.

One row per file hash; a new reading of the same file (asked for explicitly) replaces the row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from . import schema as t

_META = ("scale", "seconds")


def get_reading(conn: Connection, sha256: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(t.screenshot_text).where(t.screenshot_text.c.sha256 == sha256)
    ).first()
    if row is None:
        return None
    data = dict(row._mapping)
    extra = data.pop("data") or {}
    return {
        "sha256": data["sha256"],
        "engine": data["engine"],
        "version": data["engine_version"],
        "width": data["width"],
        "height": data["height"],
        "lines": data["lines"],
        "read_at": data["read_at"],
        **{k: extra[k] for k in _META if k in extra},
    }


def put_reading(conn: Connection, reading: dict[str, Any]) -> None:
    """Keep a reading (``Reading.to_dict()``), replacing an earlier one of the same file.

    An upsert, so two advocates reading the same new screenshot at once both succeed (the later
    reading is kept; both came from the same file)."""
    values = {
        "sha256": reading["sha256"],
        "engine": reading["engine"],
        "engine_version": reading["version"],
        "width": reading["width"],
        "height": reading["height"],
        "text": "\n".join(line["text"] for line in reading["lines"]),
        "lines": reading["lines"],
        "data": {k: reading[k] for k in _META if k in reading},
        "read_at": reading["read_at"],
    }
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(t.screenshot_text).values(**values)
    update = {k: stmt.excluded[k] for k in values if k != "sha256"}
    conn.execute(stmt.on_conflict_do_update(index_elements=["sha256"], set_=update))
