"""What someone with shell or database access would do to a register, for the tamper tests.

On PostgreSQL the custody table refuses UPDATE and DELETE; a superuser can still switch the
triggers off for a session (``session_replication_role = replica``) — the tests do just that, so
what they show is what verify catches when the database's own guard is bypassed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, delete, text, update

from casework.evidence import EvidenceItem
from casework.store import Store
from casework.store import schema as t


@contextmanager
def raw(store: Store) -> Iterator[Connection]:
    """A write transaction with the register's own guards switched off."""
    with store.write() as conn:
        if not store.is_sqlite:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        yield conn


def tamper_content(store: Store, item: EvidenceItem, data: bytes | None = None) -> None:
    """Change the stored bytes of an item (flip one byte, or write ``data``)."""
    if store.is_sqlite:
        path = item.path(store)
        os.chmod(path, 0o644)
        body = bytearray(path.read_bytes())
        body[5] ^= 0xFF
        path.write_bytes(data if data is not None else bytes(body))
        return
    with raw(store) as conn:
        row = conn.execute(
            t.blob_chunks.select().where(
                t.blob_chunks.c.sha256 == item.sha256, t.blob_chunks.c.n == 0
            )
        ).first()
        assert row is not None
        body = bytearray(row.data)
        body[5] ^= 0xFF
        conn.execute(
            update(t.blob_chunks)
            .where(t.blob_chunks.c.sha256 == item.sha256, t.blob_chunks.c.n == 0)
            .values(data=data if data is not None else bytes(body))
        )


def remove_content(store: Store, item: EvidenceItem) -> None:
    """Delete the stored bytes of an item (the file, or the register's blob)."""
    if store.is_sqlite:
        item.path(store).unlink()
        return
    with raw(store) as conn:
        conn.execute(delete(t.blob_chunks).where(t.blob_chunks.c.sha256 == item.sha256))
        conn.execute(delete(t.blobs).where(t.blobs.c.sha256 == item.sha256))
