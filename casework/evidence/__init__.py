"""Evidence (证据): a tamper-evident store of a case's files and a completeness check.

Files are stored content-addressed by SHA-256 under ``<home>/evidence``, read-only; every add,
derive, export and verify goes into a hash-chained custody log (保管链); :func:`check` says, for the
case's category and filing channel, which evidence is there, which is missing and how to get it.

Every name is imported on first use, as in ``casework.report``: the ``casework`` command lists its
evidence types without paying for the completeness rules (pandas) behind ``check`` (#16).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .bundle import BundleResult, check_bundle, export_bundle
    from .completeness import CompletenessReport, check, evidence_list, render_text
    from .content import content_for, open_content
    from .custody import chain_head, check_head, custody_log, log_custody
    from .integrity import VerifyResult, manifest_sha256, verify
    from .items import (
        EvidenceFields,
        EvidenceItem,
        add_evidence,
        get_evidence,
        list_evidence,
        staged_evidence,
    )
    from .names import display_name
    from .requirements import CHANNELS, load_rules, parse_channel
    from .types import EvidenceError, EvidenceType

_WHERE = {
    "BundleResult": "bundle",
    "check_bundle": "bundle",
    "export_bundle": "bundle",
    "CompletenessReport": "completeness",
    "check": "completeness",
    "evidence_list": "completeness",
    "render_text": "completeness",
    "content_for": "content",
    "open_content": "content",
    "chain_head": "custody",
    "check_head": "custody",
    "custody_log": "custody",
    "log_custody": "custody",
    "VerifyResult": "integrity",
    "manifest_sha256": "integrity",
    "verify": "integrity",
    "EvidenceFields": "items",
    "add_evidence": "items",
    "get_evidence": "items",
    "list_evidence": "items",
    "staged_evidence": "items",
    "display_name": "names",
    "CHANNELS": "requirements",
    "load_rules": "requirements",
    "parse_channel": "requirements",
    "EvidenceError": "types",
    "EvidenceItem": "items",
    "EvidenceType": "types",
}

__all__ = [
    "CHANNELS",
    "BundleResult",
    "CompletenessReport",
    "EvidenceError",
    "EvidenceFields",
    "EvidenceItem",
    "EvidenceType",
    "VerifyResult",
    "add_evidence",
    "chain_head",
    "check",
    "check_bundle",
    "check_head",
    "content_for",
    "custody_log",
    "display_name",
    "evidence_list",
    "export_bundle",
    "get_evidence",
    "list_evidence",
    "load_rules",
    "log_custody",
    "manifest_sha256",
    "open_content",
    "parse_channel",
    "render_text",
    "staged_evidence",
    "verify",
]


__getattr__, __dir__ = exports(__name__, _WHERE)
