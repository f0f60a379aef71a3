"""Erasure (删除个人信息, 个人信息保护法 Art. 47): ``purge`` a closed case.

What goes: the complainant's and the agent's details, the title, order numbers, request, facts
and narrative, the text of every event, the communications log, the consent ledger, every
evidence item with its custody log, the imported bills and their transactions, the filings, the
edited drafts (#19), and the files — evidence content (the home's folder store, or the register's blobs on PostgreSQL and
this home's read-through cache), the text read from screenshots, and everything casework wrote
under ``<home>/exports/<case>/``. Evidence content another case also holds stays for that case.
The audit log keeps who did what and when, but no value of the case: every row is scrubbed to
the keys that hold no personal data (a status, a consent scope, a format).

What stays (anonymised statistics, so the portfolio keeps counting the case): category, status
(the outcome), platform, the respondent business, purchase date, amount, filing channel, the
dates of its events, created / closed dates. One audit entry, ``purge``, lists the SHA-256 of
every file removed.

On SQLite the file is vacuumed afterwards, so no freed page still holds a deleted value. Backups
(``casework backup``, ``pg_dump``) and other advocates' caches keep copies until they expire: the
result says so.
"""

from __future__ import annotations

import shutil
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from .cases import OPEN_STATUSES
from .errors import InvalidInput

if TYPE_CHECKING:
    from .store import Store

#: Audit values that hold no personal data, kept through a purge; everything else is dropped.
SAFE_KEYS = frozenset({"status", "scope", "recipient", "how", "format", "profile", "lang", "what"})
PURGED_TITLE = "（个人信息已清除）"
BACKUPS = (
    "备份（casework backup、pg_dump）和其他同事电脑上的缓存仍保留副本，直到其按期删除",
    "backups (casework backup, pg_dump) and colleagues' local caches still hold copies until "
    "they expire",
)


@dataclass
class PurgeResult:
    case_id: str
    evidence: list[str] = field(default_factory=list)
    kept_shared: list[str] = field(default_factory=list)
    bills: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    files_removed: int = 0
    outside_home: list[str] = field(default_factory=list)
    backups_zh: str = BACKUPS[0]
    backups_en: str = BACKUPS[1]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def render_text(self, lang: str = "zh") -> str:
        en = lang == "en"
        lines = [
            (
                f"Case {self.case_id}: personal information erased — {len(self.evidence)} "
                f"evidence file(s), {len(self.bills)} bill(s), {len(self.exports)} export(s), "
                f"{self.files_removed} file(s) deleted; the statistics stay"
            )
            if en
            else (
                f"案件 {self.case_id}：个人信息已清除 — 证据 {len(self.evidence)} 份，账单 "
                f"{len(self.bills)} 份，导出 {len(self.exports)} 份，删除文件 "
                f"{self.files_removed} 个；统计数据保留"
            )
        ]
        if self.kept_shared:
            lines.append(
                f"  {len(self.kept_shared)} evidence file(s) also belong to another case: kept"
                if en
                else f"  {len(self.kept_shared)} 份证据内容同时属于其他案件：保留"
            )
        for p in self.outside_home:
            lines.append(
                f"  not under the casework home, delete it yourself: {p}"
                if en
                else f"  不在案件工作目录下，请自行删除: {p}"
            )
        lines.append("  " + (self.backups_en if en else self.backups_zh))
        return "\n".join(lines)


def scrub(value: Any) -> Any:
    """An audit value without personal data: only the :data:`SAFE_KEYS` of a mapping."""
    if isinstance(value, dict):
        kept = {k: v for k, v in value.items() if k in SAFE_KEYS and not isinstance(v, dict)}
        return kept or None
    return None


def _refuse(case_id: str, zh: str, en: str) -> InvalidInput:
    return InvalidInput(zh, en, where=case_id)


def _hashes_elsewhere(conn: Connection, case_id: str, hashes: set[str]) -> set[str]:
    from .store import schema as t

    if not hashes:
        return set()
    found = set(
        conn.execute(
            select(t.evidence.c.sha256).where(
                t.evidence.c.case_id != case_id, t.evidence.c.sha256.in_(sorted(hashes))
            )
        ).scalars()
    )
    found |= set(
        conn.execute(
            select(t.imports.c.file_sha256).where(
                t.imports.c.case_id != case_id, t.imports.c.file_sha256.in_(sorted(hashes))
            )
        ).scalars()
    )
    return found


def _inventory(
    store: Store, conn: Connection, case_id: str, result: PurgeResult
) -> tuple[set[str], list[str]]:
    """What the case holds: fills ``result``; returns the content hashes no other case holds
    and the paths of the case's filed submissions."""
    from .store import schema as t

    ev = conn.execute(select(t.evidence.c.sha256).where(t.evidence.c.case_id == case_id)).scalars()
    hashes = set(ev)
    bills = set(
        conn.execute(
            select(t.imports.c.file_sha256).where(t.imports.c.case_id == case_id)
        ).scalars()
    )
    filings = conn.execute(
        select(t.filings.c.path, t.filings.c.sha256).where(t.filings.c.case_id == case_id)
    ).all()
    shared = _hashes_elsewhere(conn, case_id, hashes | bills)
    result.evidence = sorted(hashes - shared)
    result.kept_shared = sorted((hashes | bills) & shared)
    result.bills = sorted(bills)
    result.exports = sorted({sha for _, sha in filings} | set(result.exports))
    home = store.home.resolve()
    result.outside_home = sorted(
        p for p, _ in filings if p and not Path(p).resolve().is_relative_to(home)
    )
    return (hashes | bills) - shared, [str(p) for p, _ in filings if p]


def _delete_rows(conn: Connection, case_id: str, gone: set[str]) -> None:
    """The case's own rows, and the content rows (blobs, screenshot text) no other case needs."""
    from .store import blobs
    from .store import schema as t

    # draft_edits: the advocate's edited letters (#19) name the complainant
    for table in (
        t.transactions,
        t.imports,
        t.consents,
        t.filings,
        t.communications,
        t.draft_edits,
        t.clock_settlements,
    ):
        conn.execute(delete(table).where(table.c.case_id == case_id))
    conn.execute(
        update(t.evidence).where(t.evidence.c.case_id == case_id).values(derived_from=None)
    )
    for table in (t.evidence, t.custody, t.custody_heads):
        conn.execute(delete(table).where(table.c.case_id == case_id))
    if gone:
        conn.execute(delete(t.screenshot_text).where(t.screenshot_text.c.sha256.in_(sorted(gone))))
        for sha in sorted(gone):
            blobs.drop_blob(conn, sha)
    conn.execute(
        delete(t.parties).where(
            t.parties.c.case_id == case_id, t.parties.c.role.in_(["complainant", "agent"])
        )
    )


def _blank_case(store: Store, conn: Connection, case_id: str) -> None:
    """The case row keeps its statistics; its events their kind and date; its audit rows who
    did what and when, with only the values of :data:`SAFE_KEYS`."""
    from .store import schema as t

    conn.execute(
        update(t.events).where(t.events.c.case_id == case_id).values(text="", source="purged")
    )
    conn.execute(
        update(t.cases)
        .where(t.cases.c.id == case_id)
        .values(
            title=PURGED_TITLE,
            order_numbers=[],
            request="",
            facts="",
            narrative_zh="",
            narrative_en="",
            contact_method="",
            authorization_on_file=False,
            updated_at=store.now(),
            version=t.cases.c.version + 1,
        )
    )
    for row in conn.execute(
        select(t.audit.c.id, t.audit.c.before, t.audit.c.after).where(t.audit.c.case_id == case_id)
    ).all():
        conn.execute(
            update(t.audit)
            .where(t.audit.c.id == row.id)
            .values(before=scrub(row.before), after=scrub(row.after))
        )


def _remove_files(
    store: Store, case_id: str, gone: set[str], paths: list[str], result: PurgeResult
) -> None:
    """The files after the commit: evidence content, this home's cache, the case's exports."""
    from .evidence import files

    root = files.evidence_root(store.home)
    cache = store.home / "cache" / "blobs"
    targets = [base / files.stored_name(sha) for sha in sorted(gone) for base in (root, cache)]
    home = store.home.resolve()
    targets += [Path(p) for p in paths if Path(p).resolve().is_relative_to(home)]
    for path in targets:
        with suppress(FileNotFoundError):
            path.unlink()
            result.files_removed += 1
    folder = store.home / "exports" / case_id
    if folder.is_dir():
        result.files_removed += sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder)


def _compact(store: Store) -> None:
    """SQLite keeps deleted values in freed pages and in its write-ahead log until they are
    reused: vacuum the file and empty the log, so the bytes are gone from disk too."""
    if not store.is_sqlite:
        return
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("VACUUM")
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.close()
    finally:
        raw.close()


def check_purgeable(store: Store, case_id: str) -> None:
    """Refuse, before anyone is asked to confirm, a case that does not exist, is open or was
    already erased (``purge`` checks again inside its write)."""
    case = store.get_case(case_id)  # NotFound first
    if case.status in OPEN_STATUSES:
        raise _refuse(
            case_id,
            f"案件尚未结案（{case.status.zh}），不能清除个人信息；结案后再清除",
            f"the case is still open ({case.status.value}); close it before erasing its "
            "personal information",
        )
    if is_purged(store, case_id):
        raise _refuse(
            case_id,
            "该案件的个人信息已清除过",
            "the case's personal information was already erased",
        )


def purge(store: Store, case_id: str) -> PurgeResult:
    """Erase the personal information and evidence of a closed case (see the module docstring).
    Refused for an open case and for a case already purged."""
    from .store import schema as t

    check_purgeable(store, case_id)
    from .evidence.files import sha256_file
    from .retention import closed_dates

    closed = closed_dates(store).get(case_id)
    result = PurgeResult(case_id)
    folder = store.home / "exports" / case_id  # bundles, letters, archives: hashed for the entry
    if folder.is_dir():
        result.exports = sorted({sha256_file(p) for p in folder.rglob("*") if p.is_file()})
    with store.write() as conn:
        if conn.execute(select(t.purges.c.case_id).where(t.purges.c.case_id == case_id)).first():
            raise _refuse(
                case_id,
                "该案件的个人信息已清除过",
                "the case's personal information was already erased",
            )
        if store.is_sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
        else:  # the custody trigger lets this transaction delete (migration 0007)
            conn.exec_driver_sql("SET LOCAL casework.purge = 'on'")
        gone, paths = _inventory(store, conn, case_id, result)
        _delete_rows(conn, case_id, gone)
        _blank_case(store, conn, case_id)
        conn.execute(
            insert(t.purges).values(
                case_id=case_id,
                at=store.now(),
                actor=store.actor,
                closed_on=closed.isoformat() if closed else None,
            )
        )
        store.log(
            conn,
            case_id,
            "purge",
            None,
            {
                "evidence_sha256": result.evidence,
                "bill_sha256": result.bills,
                "export_sha256": result.exports,
                "kept_shared": len(result.kept_shared),
                "backups": BACKUPS[1],
            },
        )
    _remove_files(store, case_id, gone, paths, result)
    _compact(store)
    return result


def is_purged(store: Store, case_id: str) -> bool:
    from .store import schema as t

    with store.read() as conn:
        return (
            conn.execute(select(t.purges.c.case_id).where(t.purges.c.case_id == case_id)).first()
            is not None
        )


__all__ = ["PURGED_TITLE", "SAFE_KEYS", "PurgeResult", "is_purged", "purge", "scrub"]
