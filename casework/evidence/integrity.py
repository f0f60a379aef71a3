"""The integrity check (完整性校验): every stored file re-hashed, the custody chain re-checked.

A changed or missing file is named; the export (#7) refuses a case whose check fails. The manifest
hash is one value over the whole evidence set, printed in the submission's appendix so a reader
can tell later that the set is the one that was filed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ..errors import CaseworkError
from ..store import Store
from ..store import evidence as sql
from . import custody
from .content import Content, content_for
from .files import evidence_root, stored_name
from .items import EvidenceItem, list_evidence


@dataclass
class VerifyResult:
    """``ok`` is True when every file hashes to its recorded value and the custody chain holds.

    ``problems`` names each item: ``{evidence_id, name, problem: "changed" | "missing", …}``;
    ``chain`` lists breaks of the custody log (``{seq, problem: gap | link | altered, …}``).
    """

    case_id: str
    checked: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    chain: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.chain

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "ok": self.ok,
            "checked": self.checked,
            "problems": self.problems,
            "chain": self.chain,
        }

    def lines(self, lang: str = "both") -> list[str]:
        """One line per problem, for the terminal."""
        out = []
        for p in self.problems + self.chain:
            out.append(
                p["zh"] if lang == "zh" else p["en"] if lang == "en" else f"{p['zh']} / {p['en']}"
            )
        return out


def verify(
    store: Store, case_id: str, *, record: bool = False, against: dict[str, Any] | None = None
) -> VerifyResult:
    """Re-hash every evidence file of the case and check its custody chain.

    The chain must be whole, end where the register's recorded head says, and every evidence
    row must match the fields its ``add`` entry sealed (a changed or deleted row is named).
    ``against`` is a chain head kept elsewhere (a ``verify --head`` receipt, a submission's or
    archive's manifest): the log must still hold that entry, else it was truncated or rewritten.
    With ``record=True`` the check itself is appended to the custody log (action ``verify``).
    """
    items = list_evidence(store, case_id)
    result = VerifyResult(case_id, checked=len(items))
    content = content_for(store)
    for item in items:
        found = content.check(item.sha256)
        if found is not None:
            result.problems.append(_file_problem(store, content, item, *found))
    result.chain = _chain_problems(store, case_id, against)
    if record:
        custody.log_custody(
            store,
            case_id,
            "verify",
            {
                "ok": result.ok,
                "checked": result.checked,
                "problems": [p["problem"] for p in result.problems + result.chain],
            },
        )
    return result


def _file_problem(
    store: Store, content: Content, item: EvidenceItem, problem: str, detail: str
) -> dict[str, Any]:
    """What is wrong with one item's stored file: missing, unreadable or changed."""
    label = f"#{item.id} {item.display_name}"
    base = {"evidence_id": item.id, "name": item.display_name, "sha256": item.sha256}
    if problem == "missing":
        # A team register from before content lived in it: say how to bring it in.
        hint = content.kind == "register" and files_here(store, item.sha256)
        return base | {
            "problem": "missing",
            "zh": f"证据 {label} 的文件缺失"
            + ("（本机证据文件夹中有：运行 casework evidence migrate 移入登记库）" if hint else ""),
            "en": f"evidence {label}: the stored file is missing"
            + (
                " (this home's evidence folder has it: casework evidence migrate moves "
                "it into the register)"
                if hint
                else ""
            ),
        }
    if problem == "unreadable":
        return base | {
            "problem": "missing",
            "zh": f"证据 {label} 的文件无法读取",
            "en": f"evidence {label}: the stored file cannot be read ({detail})",
        }
    return base | {
        "problem": "changed",
        "actual_sha256": detail,
        "zh": f"证据 {label} 的文件已被改动（哈希值不符）",
        "en": f"evidence {label}: the stored file was changed (hash mismatch)",
    }


def _chain_problems(
    store: Store, case_id: str, against: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The custody chain whole, ending at the recorded head, sealing every row as it is, and
    still holding ``against`` (a head kept elsewhere)."""
    entries = custody.custody_log(store, case_id)
    chain = custody.check_chain(entries)
    chain += _head(store, case_id, entries)
    with store.read() as conn:
        rows = {r["id"]: r for r in sql.list_rows(conn, case_id)}
    chain += _rows(rows, entries)
    if against is not None:
        chain += custody.check_head(store, against | {"case_id": case_id})
    return chain


def files_here(store: Store, sha256: str) -> bool:
    """Whether this home's evidence folder holds the content (a folder store not migrated)."""
    return (evidence_root(store.home) / stored_name(sha256)).is_file()


def _head(store: Store, case_id: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The log must end at the head recorded beside it (written with every entry)."""
    with store.read() as conn:
        head = sql.custody_head(conn, case_id)
    last = entries[-1] if entries else None
    if head is None and last is None:
        return []
    if (
        head is not None
        and last is not None
        and (head["seq"], head["hash"])
        == (
            last["seq"],
            last["hash"],
        )
    ):
        return []
    recorded = head["seq"] if head else 0
    have = last["seq"] if last else 0
    return [
        {
            "seq": have,
            "problem": "head",
            "zh": f"保管记录的末条与登记的链头不符（链头记为第 {recorded} 条，现有 {have} 条）："
            "末尾的记录被删除或在 casework 之外追加",
            "en": f"the custody log does not end at its recorded head (entry {recorded}; the "
            f"log has {have}): entries were removed from its end or appended outside casework",
        }
    ]


def _rows(rows: dict[int, dict[str, Any]], entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every evidence row against the custody entry that added it: a row with no entry was added
    behind the log's back, an entry whose row is gone was deleted, and a row whose sealed
    fields (hash, type, name, size, description, capture time) differ was edited."""
    added = {
        e["evidence_id"]: e
        for e in entries
        if e["action"] in ("add", "derive") and e["evidence_id"] is not None
    }
    out = []
    for eid, entry in added.items():
        if eid not in rows:
            name = entry["detail"].get("name", "")
            out.append(
                {
                    "evidence_id": eid,
                    "problem": "deleted",
                    "zh": f"证据 #{eid} {name} 已从登记库中删除（保管记录第 {entry['seq']} 条记有它）",
                    "en": f"evidence #{eid} {name} was deleted from the register (custody entry "
                    f"{entry['seq']} records it)",
                }
            )
    for eid, row in rows.items():
        adder = added.get(eid)
        detail = adder["detail"] if adder else {}
        sealed = detail.get("row_sha256")
        if adder is None or detail.get("sha256") != row["sha256"]:
            matches = False
        else:
            # Entries written before rows were sealed (#18) carry the content hash only.
            matches = sealed is None or sealed == custody.row_hash(row)
        if not matches:
            changed = [
                k
                for k, d in (
                    ("sha256", "sha256"),
                    ("type", "type"),
                    ("original_name", "name"),
                    ("size", "size"),
                    ("description", "description"),
                    ("captured_at", "captured_at"),
                )
                if d in detail and detail.get(d) != row.get(k)
            ]
            what = ", ".join(changed)
            out.append(
                {
                    "evidence_id": eid,
                    "problem": "unrecorded",
                    "fields": changed,
                    "zh": f"证据 #{eid} 的登记与保管记录不符" + (f"（{what}）" if what else ""),
                    "en": f"evidence #{eid}: its register entry does not match the custody log"
                    + (f" ({what})" if what else ""),
                }
            )
    return out


def manifest(store: Store, case_id: str) -> list[tuple[str, str, str]]:
    """The evidence set as sorted (sha256, type, name) triples."""
    return sorted((i.sha256, i.type.value, i.display_name) for i in list_evidence(store, case_id))


def manifest_sha256(store: Store, case_id: str) -> str:
    """One SHA-256 over the case's sorted (sha256, type, name) list (canonical JSON)."""
    text = json.dumps(manifest(store, case_id), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def require_intact(store: Store, case_id: str, error: type[CaseworkError], zh: str, en: str) -> str:
    """The case's manifest hash once every evidence file verifies; else ``error`` saying what is
    not done (``zh`` / ``en``) and each failing line, so nothing is written from bad evidence."""
    result = verify(store, case_id)
    if not result.ok:
        raise error(
            f"证据校验未通过，{zh}: " + "；".join(result.lines("zh")),
            f"evidence verification failed, {en}: " + "; ".join(result.lines("en")),
            where=case_id,
        )
    return manifest_sha256(store, case_id)


__all__ = ["VerifyResult", "manifest", "manifest_sha256", "require_intact", "verify"]
