"""Evidence (证据): a tamper-evident store of a case's files and a completeness check.

Files are stored content-addressed by SHA-256 under ``<home>/evidence``, read-only; every add,
derive, export and verify goes into a hash-chained custody log (保管链); :func:`check` says, for the
case's category and filing channel, which evidence is there, which is missing and how to get it.
"""

from .bundle import BundleResult, check_bundle, export_bundle
from .completeness import CompletenessReport, check, evidence_list, render_text
from .content import content_for, open_content
from .custody import chain_head, check_head, custody_log, log_custody
from .integrity import VerifyResult, manifest_sha256, verify
from .items import add_evidence, get_evidence, list_evidence, staged_evidence
from .names import display_name
from .requirements import CHANNELS, load_rules, parse_channel
from .types import EvidenceError, EvidenceItem, EvidenceType

__all__ = [
    "CHANNELS",
    "BundleResult",
    "CompletenessReport",
    "EvidenceError",
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
