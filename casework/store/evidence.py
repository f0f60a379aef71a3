"""SQL for evidence items (证据) and the custody log (保管链). Only this module talks SQL for them.

Every function takes a Connection inside the caller's transaction (``store.write()`` or
``store.read()``), so an item, its custody entry and its audit row are committed together.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from ..errors import NotFound
from . import schema as t


def lock_case(conn: Connection, case_id: str) -> None:
    """Take the case's row lock so custody entries get their sequence numbers one at a time.

    PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: the write transaction is already
    ``BEGIN IMMEDIATE`` (one writer at a time) and ignores ``FOR UPDATE``.
    """
    row = conn.execute(
        select(t.cases.c.id).where(t.cases.c.id == case_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的案件", f"no case with id {case_id}", where="case")


def find_by_sha(conn: Connection, case_id: str, sha256: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(t.evidence).where(t.evidence.c.case_id == case_id, t.evidence.c.sha256 == sha256)
    ).first()
    return dict(row._mapping) if row else None


def get_row(conn: Connection, evidence_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(t.evidence).where(t.evidence.c.id == evidence_id)).first()
    return dict(row._mapping) if row else None


def insert_row(conn: Connection, values: dict[str, Any]) -> int:
    return int(
        conn.execute(insert(t.evidence).values(**values).returning(t.evidence.c.id)).scalar_one()
    )


def list_rows(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(t.evidence).where(t.evidence.c.case_id == case_id).order_by(t.evidence.c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def last_custody(conn: Connection, case_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(t.custody)
        .where(t.custody.c.case_id == case_id)
        .order_by(t.custody.c.seq.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row else None


def insert_custody(conn: Connection, entry: dict[str, Any]) -> None:
    conn.execute(insert(t.custody).values(**entry))


def custody_rows(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(t.custody)
        .where(t.custody.c.case_id == case_id)
        .order_by(t.custody.c.seq, t.custody.c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def custody_head(conn: Connection, case_id: str) -> dict[str, Any] | None:
    """The recorded head of the case's custody log (``seq``, ``hash``), kept beside the log."""
    row = conn.execute(
        select(t.custody_heads.c.seq, t.custody_heads.c.hash).where(
            t.custody_heads.c.case_id == case_id
        )
    ).first()
    return dict(row._mapping) if row else None


def set_custody_head(conn: Connection, case_id: str, seq: int, hash_: str) -> None:
    """Move the recorded head to the entry just appended (inside the same transaction)."""
    done = conn.execute(
        update(t.custody_heads)
        .where(t.custody_heads.c.case_id == case_id)
        .values(seq=seq, hash=hash_)
    )
    if done.rowcount != 1:
        conn.execute(insert(t.custody_heads).values(case_id=case_id, seq=seq, hash=hash_))


def custody_entry(conn: Connection, case_id: str, seq: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(t.custody).where(t.custody.c.case_id == case_id, t.custody.c.seq == seq)
    ).first()
    return dict(row._mapping) if row else None


def evidence_ids(conn: Connection, case_id: str) -> set[int]:
    rows = conn.execute(select(t.evidence.c.id).where(t.evidence.c.case_id == case_id))
    return {int(r[0]) for r in rows}


def holders(conn: Connection, sha256: str) -> list[tuple[str, int]]:
    """(case_id, evidence id) of every item, in any case, whose content is ``sha256``."""
    rows = conn.execute(
        select(t.evidence.c.case_id, t.evidence.c.id).where(t.evidence.c.sha256 == sha256)
    ).all()
    return [(str(r.case_id), int(r.id)) for r in rows]
