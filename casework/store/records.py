"""SQL for imported bills (导入的账单) and their transactions (交易记录).

The records package decides what a row is and when two rows are the same one (``dedupe_key``);
this module only reads and writes the ``imports`` and ``transactions`` tables. The unique
constraint on (case_id, dedupe_key) is the last guard against a doubled transaction when two
advocates import overlapping bills at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from . import schema as t

#: Rows per INSERT batch (and per progress report).
BATCH = 5000


def add_import(conn: Connection, case_id: str, **values: Any) -> int:
    """One ``imports`` row; returns its id."""
    return int(
        conn.execute(
            insert(t.imports).values(case_id=case_id, **values).returning(t.imports.c.id)
        ).scalar_one()
    )


def update_import(conn: Connection, import_id: int, **values: Any) -> None:
    """Fill in what is known only after the rows are written (added_rows, evidence_id)."""
    conn.execute(update(t.imports).where(t.imports.c.id == import_id).values(**values))


def existing_keys(conn: Connection, case_id: str, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` the case already holds."""
    found: set[str] = set()
    has_any = conn.execute(
        select(t.transactions.c.id).where(t.transactions.c.case_id == case_id).limit(1)
    ).first()
    if has_any is None:
        return found  # a case's first bill: nothing to look up
    wanted = list(keys)
    col = t.transactions.c.dedupe_key
    for i in range(0, len(wanted), 900):  # stay under SQLite's bound-parameter limit
        chunk = wanted[i : i + 900]
        found.update(
            conn.execute(
                select(col).where(t.transactions.c.case_id == case_id, col.in_(chunk))
            ).scalars()
        )
    return found


def add_transactions(
    conn: Connection,
    rows: Sequence[dict[str, Any]],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Insert rows, skipping any whose (case_id, dedupe_key) is already there; returns how many
    were written."""
    dialect = conn.dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    written = 0
    total = len(rows)
    for i in range(0, total, BATCH):
        chunk = rows[i : i + BATCH]
        stmt = make(t.transactions).on_conflict_do_nothing(index_elements=["case_id", "dedupe_key"])
        result = conn.execute(stmt, list(chunk))
        written += result.rowcount if result.rowcount and result.rowcount > 0 else 0
        if progress is not None:
            progress(min(i + BATCH, total), total)
    return written


def load_transactions(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    """Every stored transaction of a case, with the name of the file it came from."""
    tx, im = t.transactions, t.imports
    q = (
        select(tx, im.c.file_name)
        .join(im, im.c.id == tx.c.import_id, isouter=True)
        .where(tx.c.case_id == case_id)
        .order_by(tx.c.time, tx.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(q)]


def list_imports(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    q = select(t.imports).where(t.imports.c.case_id == case_id).order_by(t.imports.c.id)
    return [dict(r._mapping) for r in conn.execute(q)]
