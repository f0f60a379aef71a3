"""SQL for filings (递交记录): each exported submission, where it was meant to go, and its hash.

Only this module talks SQL for the ``filings`` table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import insert, select

from . import schema as t
from .register import Store


@dataclass
class Filing:
    """One exported submission as the register keeps it."""

    id: int
    case_id: str
    at: str
    channel: str
    format: str
    profile: str
    lang: str
    path: str
    sha256: str
    manifest_sha256: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def add_filing(
    store: Store,
    case_id: str,
    *,
    channel: str,
    format: str,
    profile: str,
    lang: str,
    path: str,
    sha256: str,
    manifest_sha256: str,
    data: dict[str, Any] | None = None,
) -> Filing:
    """Record an exported submission (and an audit row) in one transaction."""
    row: dict[str, Any] = {
        "case_id": case_id,
        "at": store.now(),
        "channel": channel,
        "format": format,
        "profile": profile,
        "lang": lang,
        "path": path,
        "sha256": sha256,
        "manifest_sha256": manifest_sha256,
        "data": data or {},
    }
    with store.write() as conn:
        store.touch(conn, case_id)
        new_id = conn.execute(
            insert(t.filings).values(**row).returning(t.filings.c.id)
        ).scalar_one()
        store.log(
            conn,
            case_id,
            "filing.add",
            None,
            {k: row[k] for k in ("format", "profile", "lang", "path", "sha256")},
        )
    return Filing(id=int(new_id), **row)


def list_filings(
    store: Store, case_id: str | None = None, *, sha256: str | None = None
) -> list[Filing]:
    """Filings of a case, or every filing of a file with this SHA-256, oldest first."""
    q = select(t.filings).order_by(t.filings.c.id)
    if case_id is not None:
        q = q.where(t.filings.c.case_id == case_id)
    if sha256 is not None:
        q = q.where(t.filings.c.sha256 == sha256)
    with store.read() as conn:
        return [Filing(**dict(r._mapping)) for r in conn.execute(q).all()]
