"""Checking a submission against the register (核对提交材料): ``casework verify-submission FILE``.

A submission carries its evidence manifest: the HTML in a ``<script type="application/json">``
element of the appendix, the PDF as the attached file ``casework-manifest.json``. The check says
whether this exact file was recorded as a filing, whether the evidence set it lists is still the
register's (manifest hash and each item's SHA-256), and whether the stored files still verify.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ..store import Store
from ..store.filings import Filing, list_filings
from .exporters import manifest_from_html
from .markup import MANIFEST_ID


@dataclass
class SubmissionCheck:
    """The outcome: ``ok`` when nothing in ``problems``; each problem says what, in zh and en."""

    path: Path
    sha256: str
    case_id: str
    manifest_sha256: str
    register_manifest_sha256: str
    filings: list[Filing] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "sha256": self.sha256,
            "case_id": self.case_id,
            "ok": self.ok,
            "manifest_sha256": self.manifest_sha256,
            "register_manifest_sha256": self.register_manifest_sha256,
            "filings": [f.to_dict() for f in self.filings],
            "problems": self.problems,
        }


def read_manifest(path: Path, data: bytes) -> dict[str, Any]:
    """The manifest embedded in a submission file (HTML or PDF)."""
    manifest: dict[str, Any] | None = None
    if data[:5] == b"%PDF-":
        import io

        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            found = PdfReader(io.BytesIO(data)).attachments.get(f"{MANIFEST_ID}.json")
        except PdfReadError as exc:
            raise InvalidInput(
                f"无法读取 PDF: {exc}", f"cannot read the PDF: {exc}", where=str(path)
            ) from None
        if found:
            manifest = json.loads(found[0].decode("utf-8"))
    else:
        manifest = manifest_from_html(data.decode("utf-8", errors="replace"))
    if not manifest or manifest.get("format") != "casework-manifest/1":
        raise InvalidInput(
            "这不是 casework 导出的提交材料（找不到证据清单校验信息）",
            "not a casework submission (no evidence manifest found)",
            where=str(path),
        )
    return manifest


def verify_submission(store: Store, path: str | Path) -> SubmissionCheck:
    """Check a submission file against the register."""
    from ..evidence import list_evidence, manifest_sha256, verify

    path = Path(path)
    data = path.read_bytes()
    manifest = read_manifest(path, data)
    case_id = str(manifest["case_id"])
    sha = hashlib.sha256(data).hexdigest()
    current = manifest_sha256(store, case_id)  # NotFound for a case not in this register
    check = SubmissionCheck(
        path,
        sha,
        case_id,
        str(manifest.get("manifest_sha256", "")),
        current,
        filings=list_filings(store, case_id, sha256=sha),
    )

    def problem(zh: str, en: str) -> None:
        check.problems.append({"zh": zh, "en": en})

    if not check.filings:
        problem(
            "本文件未登记为递交记录（导出后被改动，或不是由 casework export 生成）",
            "this file is not a recorded filing (changed after export, or not made by "
            "casework export)",
        )
    if check.manifest_sha256 != current:
        problem(
            "证据清单校验值与登记库不一致：导出后证据有增减或改动",
            "the manifest hash differs from the register's: evidence was added, removed or "
            "changed since the export",
        )
    known = {i.sha256 for i in list_evidence(store, case_id)}
    for item in manifest.get("evidence", []):
        if item.get("sha256") not in known:
            problem(
                f"证据 {item.get('no')}（{item.get('name')}）不在登记库中",
                f"evidence {item.get('no')} ({item.get('name')}) is not in the register",
            )
    head = manifest.get("custody_head")
    result = verify(store, case_id, against=head if isinstance(head, dict) else None)
    for p in result.problems + result.chain:
        problem(p["zh"], p["en"])
    return check
