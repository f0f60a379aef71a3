"""The hand-off archive (移交归档): a set of cases with their evidence, custody and audit logs in
one verified ZIP, for a colleague on another register or a lawyer.

``export_archive`` packs every table's rows for the cases (JSON lines), each evidence content
once by hash, and a manifest with every file's SHA-256 and each case's custody head; a case whose
evidence does not verify is not handed over. ``import_archive`` checks the whole archive first —
the zip itself (see :mod:`casework.store.packing`), each case's custody chain against the head
in the manifest, and every evidence row against the entry that sealed it — and only then writes,
in one transaction: a case id already taken gets a new one (returned old → new), every row id is
new, and each case's custody log begins with an ``import`` entry that keeps the sender's log.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from .access import log_access
from .errors import InvalidInput
from .evidence import custody
from .evidence.content import content_for
from .evidence.files import Staged, evidence_root
from .evidence.integrity import _rows as sealed_rows
from .evidence.integrity import verify
from .evidence.items import add_detail
from .store import Store
from .store import schema as t
from .store.packing import Unpacked, refuse, sha256_path, unpacked, writing

FORMAT = "casework-archive/1"
#: The tables an archive carries for its cases, parents first (ids are remapped on import).
TABLES: tuple[Table, ...] = (
    t.cases,
    t.parties,
    t.events,
    t.communications,
    t.evidence,
    t.imports,
    t.transactions,
    t.filings,
    t.custody,
    t.audit,
    t.clock_settlements,
    t.draft_edits,
    t.consents,
    t.purges,
    t.case_groups,
    t.group_members,
)
#: Rows the register derives from the others (the portfolio's): recomputed on import, not copied.
DERIVED = frozenset({"case_summary", "clocks", "follow_ups"})
#: What the screenshot reader read from an evidence file, kept by the file's hash (no case_id).
READINGS = t.screenshot_text


@dataclass
class ArchiveResult:
    path: Path
    sha256: str
    cases: list[str]
    files: int

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


@dataclass
class ImportedArchive:
    """What an import did: each case's id in the archive → its id here."""

    sha256: str
    cases: dict[str, str] = field(default_factory=dict)
    evidence: int = 0
    skipped_tables: list[str] = field(default_factory=list)
    #: Group memberships whose group case is not in the archive (the member is imported alone).
    left_out_members: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "cases": self.cases,
            "evidence": self.evidence,
            "skipped_tables": self.skipped_tables,
            "left_out_members": self.left_out_members,
        }


def _case_tables() -> list[Table]:
    """Every table holding rows of a case: the known ones, then any other with a case_id."""
    known = {tb.name for tb in TABLES} | {"custody_heads"}
    extra = [tb for tb in t.metadata.sorted_tables if "case_id" in tb.c and tb.name not in known]
    return list(TABLES) + extra


def export_archive(store: Store, case_ids: list[str], out: str | os.PathLike[str]) -> ArchiveResult:
    """Write the cases into one archive at ``out``; each case gets a custody ``export`` entry."""
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise InvalidInput("请至少指定一个案件", "name at least one case", field="case_id")
    for case_id in ids:
        result = verify(store, case_id)  # NotFound for an unknown case
        if not result.ok:
            raise InvalidInput(
                f"案件 {case_id} 的证据校验未通过，未生成归档: " + "；".join(result.lines("zh")),
                f"case {case_id} does not verify, no archive written: "
                + "; ".join(result.lines("en")),
                where=case_id,
            )
    target = Path(out)
    for case_id in ids:  # the access log (#17), before the audit rows are packed: they carry it
        log_access(store, case_id, "access.archive", {"file": target.name})
    heads = {case_id: custody.chain_head(store, case_id) for case_id in ids}
    content = content_for(store)
    with writing(target) as writer, store.read() as conn:
        shas: set[str] = set()
        for table in _case_tables():
            key = table.c.id if table is t.cases else table.c.case_id
            order = [c for c in table.primary_key.columns]
            rows = [
                dict(r._mapping)
                for r in conn.execute(select(table).where(key.in_(ids)).order_by(*order))
            ]
            if table is t.evidence:
                shas = {r["sha256"] for r in rows}
            writer.rows(table.name, rows)
        readings = select(READINGS).where(READINGS.c.sha256.in_(sorted(shas)))
        writer.rows(READINGS.name, [dict(r._mapping) for r in conn.execute(readings)])
        for sha in sorted(shas):
            writer.content(sha, content.chunks(sha))
        writer.manifest = {  # type: ignore[attr-defined]
            "format": FORMAT,
            "created_at": store.now(),
            "created_by": store.actor,
            "cases": ids,
            "custody_heads": heads,
        }
        files = len(writer.files)
    digest = sha256_path(target)
    for case_id in ids:
        custody.log_custody(
            store, case_id, "export", {"what": "archive", "file": target.name, "sha256": digest}
        )
    return ArchiveResult(target, digest, ids, files)


def check_cases(pack: Unpacked, where: str) -> dict[str, list[dict[str, Any]]]:
    """Each case's custody chain whole and ending at the manifest's head, every evidence row
    matching its sealed entry, every content present: else the archive is refused."""
    heads = pack.manifest.get("custody_heads") or {}
    cases = [r["id"] for r in pack.tables.get("cases", [])]
    if sorted(cases) != sorted(pack.manifest.get("cases") or []) or not cases:
        raise refuse("案件清单与数据不符", "the manifest's cases do not match the data", where)
    by_case: dict[str, list[dict[str, Any]]] = {c: [] for c in cases}
    for name, table_rows in pack.tables.items():
        if name == READINGS.name:
            stray = next((r for r in table_rows if r.get("sha256") not in pack.content), None)
        else:
            stray = next(
                (r for r in table_rows if name != "cases" and r.get("case_id") not in by_case),
                None,
            )
        if stray is not None:
            raise refuse(
                f"{name} 中有不属于归档案件的行",
                f"{name} holds a row of a case not in the archive",
                where,
            )
    for e in sorted(pack.tables.get("custody", []), key=lambda e: (e.get("case_id"), e.get("seq"))):
        if e.get("case_id") not in by_case:
            raise refuse(
                "保管记录属于不在归档中的案件",
                "a custody entry of a case not in the archive",
                where,
            )
        by_case[e["case_id"]].append(e)
    for case_id, entries in by_case.items():
        problems = custody.check_chain(entries)
        head = heads.get(case_id) or {}
        last = entries[-1] if entries else {"seq": 0, "hash": custody.GENESIS}
        if (head.get("count"), head.get("hash")) != (last["seq"], last["hash"]):
            problems.append(
                {
                    "en": "the custody log does not end at the manifest's head",
                    "zh": "保管记录末条与清单中的链头不符",
                }
            )
        rows = {r["id"]: r for r in pack.tables.get("evidence", []) if r.get("case_id") == case_id}
        problems += sealed_rows(rows, entries)
        for row in rows.values():
            if row.get("sha256") not in pack.content:
                problems.append(
                    {
                        "en": f"evidence #{row['id']} has no content in the archive",
                        "zh": f"证据 #{row['id']} 的文件不在归档中",
                    }
                )
        if problems:
            raise refuse(
                f"案件 {case_id}: {problems[0]['zh']}",
                f"case {case_id}: {problems[0]['en']}",
                where,
            )
    return by_case


def import_archive(store: Store, path: str | os.PathLike[str]) -> ImportedArchive:
    """Verify the archive completely, then import its cases in one transaction."""
    where = str(path)
    with unpacked(path, evidence_root(store.home), "archive") as pack:
        by_case = check_cases(pack, where)
        report = ImportedArchive(pack.sha256)
        copied = {tb.name for tb in TABLES} | {READINGS.name}
        report.skipped_tables = sorted(set(pack.tables) - copied - DERIVED)
        content = content_for(store)
        with store.write() as conn:
            ids = _import_rows(store, conn, pack, report)
            for sha, staged_path in pack.content.items():
                with open(staged_path, "rb") as fh:
                    head = fh.read(16)
                content.put(conn, Staged(staged_path, sha, staged_path.stat().st_size, head))
            for old, new in report.cases.items():
                _new_chain(store, conn, old, new, by_case[old], pack, ids)
                store.log(
                    conn,
                    new,
                    "archive.import",
                    None,
                    {"from_case": old, "archive_sha256": pack.sha256},
                )
    return report


def _import_rows(
    store: Store, conn: Connection, pack: Unpacked, report: ImportedArchive
) -> dict[str, dict[int, int]]:
    """Insert every row under new ids; returns old → new ids per table."""
    _import_cases(store, conn, pack, report)
    cmap = report.cases
    for row in _rows_of(pack, t.parties):
        conn.execute(
            insert(t.parties).values(_known(t.parties, row) | {"case_id": cmap[row["case_id"]]})
        )
    ids: dict[str, dict[int, int]] = {}
    for table in (t.events, t.communications, t.filings, t.audit):
        ids[table.name] = {}
        for row in _rows_of(pack, table):
            values = _known(table, row) | {"case_id": cmap[row["case_id"]]}
            values.pop("id")
            ids[table.name][row["id"]] = _insert(conn, table, values)
    ids["evidence"] = _import_evidence(conn, pack, report, ids["events"])
    _relink_read_events(conn, pack, ids)
    ids["imports"] = _import_bills(conn, pack, cmap, ids["evidence"])
    _import_decisions(conn, pack, report, ids)
    _import_readings(conn, pack)
    return ids


def _import_decisions(
    conn: Connection, pack: Unpacked, report: ImportedArchive, ids: dict[str, dict[int, int]]
) -> None:
    """What the advocate decided and recorded beside the facts: clocks marked met or dismissed,
    edited next-step documents, the consumer's consents, an erasure, a group and its members.
    Their links to events, contacts and evidence are renumbered; a group member whose group is
    not in the archive (or a group whose member is not) is left out and counted."""
    cmap = report.cases
    links = {
        "event_id": ids["events"],
        "communication_id": ids["communications"],
        "evidence_id": ids["evidence"],
    }
    for table in (t.clock_settlements, t.draft_edits, t.consents):
        for row in _rows_of(pack, table):
            values = _known(table, row) | {"case_id": cmap[row["case_id"]]}
            values.pop("id")
            for column, renumbered in links.items():
                if column in values and values[column] is not None:
                    values[column] = renumbered.get(values[column])
            conn.execute(insert(table).values(values))
    for table in (t.purges, t.case_groups):
        for row in _rows_of(pack, table):
            conn.execute(
                insert(table).values(_known(table, row) | {"case_id": cmap[row["case_id"]]})
            )
    for row in _rows_of(pack, t.group_members):
        if row.get("group_id") not in cmap:
            report.left_out_members += 1
            continue
        values = _known(t.group_members, row)
        values |= {"case_id": cmap[row["case_id"]], "group_id": cmap[row["group_id"]]}
        conn.execute(insert(t.group_members).values(values))


def _import_readings(conn: Connection, pack: Unpacked) -> None:
    """The screenshot reader's text of each file, unless this register has read it already."""
    rows = pack.tables.get(READINGS.name, [])
    have = set(
        conn.execute(
            select(READINGS.c.sha256).where(READINGS.c.sha256.in_([r["sha256"] for r in rows]))
        ).scalars()
    )
    for row in rows:
        if row["sha256"] not in have:
            conn.execute(insert(READINGS).values(_known(READINGS, row)))


def _import_cases(store: Store, conn: Connection, pack: Unpacked, report: ImportedArchive) -> None:
    """Each case under its own id, or a new one when the register already has that id."""
    for row in pack.tables["cases"]:
        old = row["id"]
        taken = conn.execute(select(t.cases.c.id).where(t.cases.c.id == old)).first()
        new = store._next_id(conn) if taken else old
        report.cases[old] = new
        conn.execute(insert(t.cases).values(_known(t.cases, row) | {"id": new}))


def _rows_of(pack: Unpacked, table: Table) -> list[dict[str, Any]]:
    return sorted(pack.tables.get(table.name, []), key=lambda r: r.get("id") or 0)


def _insert(conn: Connection, table: Table, values: dict[str, Any]) -> int:
    """Insert one row and return its new id."""
    return int(conn.execute(insert(table).values(values).returning(table.c.id)).scalar_one())


def _import_evidence(
    conn: Connection, pack: Unpacked, report: ImportedArchive, events: dict[int, int]
) -> dict[int, int]:
    """Evidence rows, oldest first, their ``derived_from`` and linked events renumbered."""
    cmap = report.cases
    ids: dict[int, int] = {}
    for row in _rows_of(pack, t.evidence):
        values = _known(t.evidence, row) | {"case_id": cmap[row["case_id"]]}
        values.pop("id")
        values["derived_from"] = ids.get(row["derived_from"]) if row.get("derived_from") else None
        data = dict(values.get("data") or {})
        data["events"] = [events[e] for e in data.get("events", []) if e in events]
        values["data"] = data
        ids[row["id"]] = _insert(conn, t.evidence, values)
        report.evidence += 1
    return ids


def _relink_read_events(conn: Connection, pack: Unpacked, ids: dict[str, dict[int, int]]) -> None:
    """Events read from a screenshot name their evidence item (source "evidence:<id>")."""
    sources = {r["id"]: str(r.get("source", "")) for r in pack.tables.get("events", [])}
    for old_event, new_event in ids["events"].items():
        prefix, _, number = sources[old_event].partition(":")
        if prefix == "evidence" and number.isdigit() and int(number) in ids["evidence"]:
            conn.execute(
                update(t.events)
                .where(t.events.c.id == new_event)
                .values(source=f"evidence:{ids['evidence'][int(number)]}")
            )


def _import_bills(
    conn: Connection, pack: Unpacked, cmap: dict[str, str], evidence: dict[int, int]
) -> dict[int, int]:
    """Bill imports with their evidence renumbered, then their transactions in one batch."""
    ids: dict[int, int] = {}
    for row in _rows_of(pack, t.imports):
        values = _known(t.imports, row) | {"case_id": cmap[row["case_id"]]}
        values.pop("id")
        values["evidence_id"] = evidence.get(row["evidence_id"]) if row.get("evidence_id") else None
        ids[row["id"]] = _insert(conn, t.imports, values)
    batch = []
    for row in _rows_of(pack, t.transactions):
        values = _known(t.transactions, row) | {"case_id": cmap[row["case_id"]]}
        values.pop("id")
        values["import_id"] = ids.get(row["import_id"]) if row.get("import_id") else None
        batch.append(values)
    if batch:
        conn.execute(insert(t.transactions), batch)
    return ids


def _known(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """The row's values for this register's columns (an archive from an older or newer
    casework may carry a column fewer or more)."""
    return {k: v for k, v in row.items() if k in table.c}


def _new_chain(
    store: Store,
    conn: Connection,
    old: str,
    new: str,
    entries: list[dict[str, Any]],
    pack: Unpacked,
    ids: dict[str, dict[int, int]],
) -> None:
    """The imported case's custody log here: an ``import`` entry that keeps the sender's whole
    log (verified above), then one ``add`` entry per evidence item sealing its new row."""
    custody.append(
        store,
        conn,
        new,
        "import",
        {
            "archive_sha256": pack.sha256,
            "from_case": old,
            "source_head": (pack.manifest.get("custody_heads") or {}).get(old),
            "source_log": entries,
        },
    )
    for old_id, new_id in ids["evidence"].items():
        row = conn.execute(select(t.evidence).where(t.evidence.c.id == new_id)).first()
        if row is None or row.case_id != new:
            continue
        values = dict(row._mapping)
        custody.append(
            store,
            conn,
            new,
            "add",
            add_detail(values) | {"imported_from": old_id},
            evidence_id=new_id,
        )
