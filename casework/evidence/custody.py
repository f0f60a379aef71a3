"""The custody log (保管链): per case, append-only and hash-chained.

Each entry records who did what to the evidence and when (add, derive, export, verify), and carries
the hash of the entry before it; its own hash is SHA-256 over a canonical JSON of the entry. Editing
or deleting an earlier entry breaks every later link, which :func:`check_chain` reports. This is
the cheap tamper evidence 证据规定 Art. 93 asks about ("completely preserved, transmitted and
extracted") and 互联网法院规定 Art. 11 names (哈希值校验).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection

from ..errors import InvalidInput
from ..store import Store
from ..store import evidence as sql

GENESIS = "0" * 64
ACTIONS = ("add", "derive", "export", "verify", "import", "migrate")
#: The evidence-row fields an ``add`` / ``derive`` entry seals (what a reader relies on).
ROW_FIELDS = ("sha256", "type", "original_name", "size", "description", "captured_at")
HEAD_FORMAT = "casework-custody-head/1"


def row_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The sealed fields of an evidence row, as plain JSON values; the facts casework stored
    for an item it described itself too (rows without them hash as they always did)."""
    sealed = {k: row.get(k) for k in ROW_FIELDS}
    said = (row.get("data") or {}).get("facts")
    return sealed | ({"facts": said} if said else {})


def row_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an evidence row's sealed fields: an ``add`` entry
    carries it, so editing the row's type, name, size, description or capture time afterwards
    no longer matches the log (and the log itself cannot be edited without breaking the chain)."""
    text = json.dumps(row_fields(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of the entry's content,
    including ``prev_hash`` — everything but the database id and the hash itself."""
    content = {
        k: entry.get(k)
        for k in ("case_id", "seq", "at", "actor", "action", "evidence_id", "detail", "prev_hash")
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(
    store: Store,
    conn: Connection,
    case_id: str,
    action: str,
    detail: dict[str, Any],
    evidence_id: int | None = None,
) -> dict[str, Any]:
    """Append one entry inside the caller's write (which must hold the case lock)."""
    if action not in ACTIONS:
        raise InvalidInput(
            f"未知的保管记录动作: {action!r}（可选: {', '.join(ACTIONS)}）",
            f"unknown custody action: {action!r} (choose from: {', '.join(ACTIONS)})",
            field="action",
        )
    last = sql.last_custody(conn, case_id)
    entry: dict[str, Any] = {
        "case_id": case_id,
        "seq": (last["seq"] + 1) if last else 1,
        "at": store.now(),
        "actor": store.actor,
        "action": action,
        "evidence_id": evidence_id,
        # Through JSON once, so the hash is over exactly what the database gives back.
        "detail": json.loads(json.dumps(detail, ensure_ascii=False, default=str)),
        "prev_hash": last["hash"] if last else GENESIS,
    }
    entry["hash"] = entry_hash(entry)
    sql.insert_custody(conn, entry)
    sql.set_custody_head(conn, case_id, entry["seq"], entry["hash"])
    return entry


def log_custody(
    store: Store,
    case_id: str,
    action: str,
    detail: dict[str, Any] | str,
    evidence_id: int | None = None,
) -> dict[str, Any]:
    """Record an action on a case's evidence (the export calls this with ``"export"``)."""
    if isinstance(detail, str):
        detail = {"note": detail}
    with store.write() as conn:
        sql.lock_case(conn, case_id)
        return append(store, conn, case_id, action, detail, evidence_id)


def custody_log(store: Store, case_id: str) -> list[dict[str, Any]]:
    """The case's custody entries in order."""
    store.get_case(case_id)
    with store.read() as conn:
        return sql.custody_rows(conn, case_id)


def chain_head(store: Store, case_id: str) -> dict[str, Any]:
    """The head of a case's custody log: how many entries and the last one's hash.

    Written into every submission's manifest, every archive and backup, and the receipt of
    ``casework verify --head``: a later register whose log no longer holds this entry at this
    place was truncated or rewritten (:func:`check_head`).
    """
    store.get_case(case_id)
    with store.read() as conn:
        last = sql.last_custody(conn, case_id)
    return {
        "format": HEAD_FORMAT,
        "case_id": case_id,
        "count": int(last["seq"]) if last else 0,
        "hash": last["hash"] if last else GENESIS,
        "at": last["at"] if last else None,
    }


def check_head(store: Store, head: dict[str, Any]) -> list[dict[str, Any]]:
    """Problems of the register's log against a head kept elsewhere (a receipt, a manifest).

    The entry the head names must still be there with the same hash; with the chain whole, that
    proves every entry up to it is unchanged. Entries after it are later work, not a problem.
    """
    case_id = str(head.get("case_id", ""))
    count = int(head.get("count", 0))
    if count == 0:
        return []
    with store.read() as conn:
        entry = sql.custody_entry(conn, case_id, count)
        last = sql.last_custody(conn, case_id)
    have = int(last["seq"]) if last else 0
    if entry is None:
        return [
            {
                "seq": count,
                "problem": "truncated",
                "zh": f"保管记录被截短：回执记有 {count} 条，登记库只有 {have} 条",
                "en": f"the custody log was truncated: the receipt records {count} entries, "
                f"the register holds {have}",
            }
        ]
    if entry["hash"] != head.get("hash"):
        return [
            {
                "seq": count,
                "problem": "rewritten",
                "zh": f"保管记录被改写：第 {count} 条的哈希值与回执不符",
                "en": f"the custody log was rewritten: entry {count} does not match the receipt",
            }
        ]
    return []


def check_chain(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every break in the chain: a gap in the numbering, a wrong link, or an entry whose content
    no longer matches its hash. An empty list means the chain is whole."""
    problems: list[dict[str, Any]] = []
    prev, prev_seq = GENESIS, 0
    for entry in entries:
        seq = entry["seq"]
        expected = prev_seq + 1
        if seq != expected:
            problems.append(
                {
                    "seq": seq,
                    "problem": "gap",
                    "zh": f"保管记录第 {expected} 至 {seq - 1} 条缺失",
                    "en": f"custody entries {expected} to {seq - 1} are missing",
                }
            )
        if entry["prev_hash"] != prev:
            problems.append(
                {
                    "seq": seq,
                    "problem": "link",
                    "zh": f"保管记录第 {seq} 条与上一条的链接不符",
                    "en": f"custody entry {seq} does not link to the entry before it",
                }
            )
        if entry_hash(entry) != entry["hash"]:
            problems.append(
                {
                    "seq": seq,
                    "problem": "altered",
                    "zh": f"保管记录第 {seq} 条内容已被改动",
                    "en": f"custody entry {seq} was altered after it was written",
                }
            )
        prev, prev_seq = entry["hash"], seq
    return problems
