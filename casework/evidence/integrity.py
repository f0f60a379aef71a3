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

from ..store import Store
from . import custody
from .files import sha256_file
from .items import list_evidence


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


def verify(store: Store, case_id: str, *, record: bool = False) -> VerifyResult:
    """Re-hash every evidence file of the case and check its custody chain.

    With ``record=True`` the check itself is appended to the custody log (action ``verify``).
    """
    items = list_evidence(store, case_id)
    result = VerifyResult(case_id, checked=len(items))
    for item in items:
        path = item.path(store)
        label = f"#{item.id} {item.display_name}"
        base = {"evidence_id": item.id, "name": item.display_name, "sha256": item.sha256}
        if not path.is_file():
            result.problems.append(
                base
                | {
                    "problem": "missing",
                    "zh": f"证据 {label} 的文件缺失",
                    "en": f"evidence {label}: the stored file is missing",
                }
            )
            continue
        try:
            actual = sha256_file(path)
        except OSError as exc:
            result.problems.append(
                base
                | {
                    "problem": "missing",
                    "zh": f"证据 {label} 的文件无法读取",
                    "en": f"evidence {label}: the stored file cannot be read ({exc.strerror})",
                }
            )
            continue
        if actual != item.sha256:
            result.problems.append(
                base
                | {
                    "problem": "changed",
                    "actual_sha256": actual,
                    "zh": f"证据 {label} 的文件已被改动（哈希值不符）",
                    "en": f"evidence {label}: the stored file was changed (hash mismatch)",
                }
            )
    entries = custody.custody_log(store, case_id)
    result.chain = custody.check_chain(entries)
    result.chain += _unrecorded(items, entries)
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


def _unrecorded(items: list[Any], entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items whose recorded hash is not the one their custody entry recorded when added: the
    register row was edited (or added behind the log's back)."""
    added = {
        e["evidence_id"]: e["detail"].get("sha256")
        for e in entries
        if e["action"] in ("add", "derive") and e["evidence_id"] is not None
    }
    out = []
    for item in items:
        if added.get(item.id) != item.sha256:
            out.append(
                {
                    "evidence_id": item.id,
                    "problem": "unrecorded",
                    "zh": f"证据 #{item.id} 的登记与保管记录不符",
                    "en": f"evidence #{item.id}: its register entry does not match the custody log",
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


__all__ = ["VerifyResult", "manifest", "manifest_sha256", "verify"]
