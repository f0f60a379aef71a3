"""SQL for evidence content kept in the register (证据内容): ``blobs`` and ``blob_chunks``.

On a PostgreSQL register every advocate's home reads the same bytes: each distinct SHA-256 is one
``blobs`` row, shared by every case holding that content, and its bytes are ``blob_chunks`` rows
of 1 MiB, written and read one chunk at a time so a 200 MB video never sits in memory. Only this
module talks SQL for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from . import schema as t

CHUNK = 1024 * 1024


def blob_info(conn: Connection, sha256: str) -> dict[str, Any] | None:
    row = conn.execute(select(t.blobs).where(t.blobs.c.sha256 == sha256)).first()
    return dict(row._mapping) if row else None


def put_blob(conn: Connection, sha256: str, size: int, source: Path, at: str) -> bool:
    """Store the content of ``source`` under ``sha256`` inside the caller's transaction; False
    when the register already holds it (kept once for every case).

    ``ON CONFLICT DO NOTHING`` on the hash: a second writer adding the same bytes at the same
    moment waits for the first one's commit and then skips, or writes them if that one rolled back.
    """
    make = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    chunks = max(1, -(-size // CHUNK))
    done = conn.execute(
        make(t.blobs)
        .values(sha256=sha256, size=size, chunks=chunks, created_at=at)
        .on_conflict_do_nothing(index_elements=["sha256"])
    )
    if done.rowcount != 1:
        return False
    with open(source, "rb") as fh:
        write_chunks(conn, sha256, fh)
    return True


def write_chunks(conn: Connection, sha256: str, fh: BinaryIO) -> int:
    """Insert the file's bytes as numbered chunks; returns how many."""
    n = 0
    for data in iter(lambda: fh.read(CHUNK), b""):
        conn.execute(insert(t.blob_chunks).values(sha256=sha256, n=n, data=data))
        n += 1
    return n


def read_chunks(engine: Engine, sha256: str) -> Iterator[bytes]:
    """The content's chunks in order on a connection of its own (see :func:`chunks_on`)."""
    with engine.connect() as conn:
        yield from chunks_on(conn, sha256)


def chunks_on(conn: Connection, sha256: str) -> Iterator[bytes]:
    """The content's chunks in order, one query each (only one chunk in memory at a time).
    Nothing when the register does not hold it; a missing chunk ends the stream early, so the
    hash of what came out will not match."""
    info = blob_info(conn, sha256)
    if info is None:
        return
    count = conn.execute(
        select(func.count()).select_from(t.blob_chunks).where(t.blob_chunks.c.sha256 == sha256)
    ).scalar_one()
    for n in range(max(int(count), int(info["chunks"]))):
        data = conn.execute(
            select(t.blob_chunks.c.data).where(
                t.blob_chunks.c.sha256 == sha256, t.blob_chunks.c.n == n
            )
        ).scalar()
        if data is None:
            return
        yield bytes(data)


def replace_chunks(conn: Connection, sha256: str, size: int, source: Path) -> None:
    """Write good bytes over damaged content (re-adding the original mends it)."""
    conn.execute(delete(t.blob_chunks).where(t.blob_chunks.c.sha256 == sha256))
    with open(source, "rb") as fh:
        n = write_chunks(conn, sha256, fh)
    conn.execute(update(t.blobs).where(t.blobs.c.sha256 == sha256).values(size=size, chunks=n))


def stored_hashes(conn: Connection) -> set[str]:
    return set(conn.execute(select(t.blobs.c.sha256)).scalars())


def insert_blob_row(conn: Connection, sha256: str, at: str) -> None:
    """The ``blobs`` row first (its chunks refer to it); size and count come at the end."""
    conn.execute(insert(t.blobs).values(sha256=sha256, size=0, chunks=0, created_at=at))


def insert_chunk(conn: Connection, sha256: str, n: int, data: bytes) -> None:
    conn.execute(insert(t.blob_chunks).values(sha256=sha256, n=n, data=data))


def finish_blob(conn: Connection, sha256: str, size: int, chunks: int) -> None:
    conn.execute(update(t.blobs).where(t.blobs.c.sha256 == sha256).values(size=size, chunks=chunks))


def drop_blob(conn: Connection, sha256: str) -> None:
    conn.execute(delete(t.blob_chunks).where(t.blob_chunks.c.sha256 == sha256))
    conn.execute(delete(t.blobs).where(t.blobs.c.sha256 == sha256))
