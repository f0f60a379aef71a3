"""The register's tables (SQLAlchemy Core). Migrations under ``migrations/`` create them.

Money columns hold integer fen; ids are text; times are stored as ISO text with their +08:00
offset, so SQLite and PostgreSQL read back the same value and the same sort order.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: One row per year: the next readable case number (2026-0001), taken under a row lock.
counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("status", String(32), nullable=False),
    Column("platform", Text, nullable=False, default=""),
    Column("product", Text, nullable=False, default=""),
    Column("order_numbers", JSON, nullable=False),
    Column("purchase_date", String(10)),
    Column("amount_paid_fen", BigInteger),
    Column("request", Text, nullable=False, default=""),
    Column("facts", Text, nullable=False, default=""),
    Column("is_report", Boolean, nullable=False, default=False),
    Column("authorization_on_file", Boolean, nullable=False, default=False),
    Column("channel", String(32), nullable=False, default=""),
    #: How the complainant prefers to be reached (联系方式); ``channel`` is where it is filed.
    Column("contact_method", String(32), nullable=False, default=""),
    Column("narrative_zh", Text, nullable=False, default=""),
    Column("narrative_en", Text, nullable=False, default=""),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("version", Integer, nullable=False),
)
Index("ix_cases_status", cases.c.status)

#: complainant, respondent and agent of a case (当事人).
parties = Table(
    "parties",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("name", Text, nullable=False, default=""),
    Column("phone", Text, nullable=False, default=""),
    Column("address", Text, nullable=False, default=""),
    Column("shop_name", Text, nullable=False, default=""),
    Column("credit_code", Text, nullable=False, default=""),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("at", String(40), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("actor", String(32), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("source", String(64), nullable=False, default="manual"),
)
Index("ix_events_case", events.c.case_id, events.c.at)

communications = Table(
    "communications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("at", String(40), nullable=False),
    Column("counterpart", Text, nullable=False),
    Column("counterpart_kind", String(32), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("ref", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False),
    Column("response_due", String(10)),
    Column("follow_up", String(10)),
)
Index("ix_comms_case", communications.c.case_id, communications.c.at)

#: Append-only: who changed what, when, with the values before and after (审计日志).
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(64), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
)
Index("ix_audit_case", audit.c.case_id, audit.c.id)

#: Evidence items (证据). The file itself lives content-addressed under the casework home.
evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("type", String(32), nullable=False),
    Column("original_name", Text, nullable=False),
    Column("stored_name", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("mime", Text, nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("proves", Text, nullable=False, default=""),
    Column("captured_at", String(40)),
    Column("captured_by", Text, nullable=False, default=""),
    Column("captured_how", Text, nullable=False, default=""),
    Column("captured_from", Text, nullable=False, default=""),
    Column("derived_from", Integer, ForeignKey("evidence.id")),
    Column("added_at", String(40), nullable=False),
    Column("added_by", Text, nullable=False, default=""),
    Column("data", JSON, nullable=False),
    UniqueConstraint("case_id", "sha256", name="uq_evidence_case_sha"),
)

#: Hash-chained custody log per case (保管链): each entry carries the previous entry's hash.
custody = Table(
    "custody",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("evidence_id", Integer),
    Column("detail", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("case_id", "seq", name="uq_custody_case_seq"),
)

#: One row per bill imported into a case (导入的账单).
imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("source", String(32), nullable=False),
    Column("layout", String(64), nullable=False, default=""),
    Column("rows", Integer, nullable=False),
    Column("added_rows", Integer, nullable=False),
    Column("rejected", JSON, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("evidence_id", Integer),
    Column("at", String(40), nullable=False),
)

#: Transactions from imported bills (交易记录), with provenance (file hash + line).
transactions = Table(
    "transactions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("source", String(32), nullable=False),
    Column("time", String(40), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("counterparty", Text, nullable=False, default=""),
    Column("item", Text, nullable=False, default=""),
    Column("status", Text, nullable=False, default=""),
    Column("txn_id", Text, nullable=False, default=""),
    Column("merchant_order_id", Text, nullable=False, default=""),
    Column("method", Text, nullable=False, default=""),
    Column("card_last4", String(8), nullable=False, default=""),
    Column("category", Text, nullable=False, default=""),
    Column("is_refund", Boolean, nullable=False, default=False),
    Column("refund_of", Text, nullable=False, default=""),
    Column("file_sha256", String(64), nullable=False),
    Column("line", Integer, nullable=False),
    #: What makes a transaction the same one when two bills overlap: source + id (or, with no id,
    #: time + amount + counterparty). Unique per case, so re-importing never doubles it.
    Column("dedupe_key", Text, nullable=False),
    Column("data", JSON, nullable=False),
    UniqueConstraint("case_id", "dedupe_key", name="uq_txn_case_key"),
)

#: Each exported submission (递交记录): where it went and the hash of the file.
filings = Table(
    "filings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("at", String(40), nullable=False),
    Column("channel", String(32), nullable=False, default=""),
    Column("format", String(8), nullable=False),
    Column("profile", String(16), nullable=False),
    Column("lang", String(4), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("manifest_sha256", String(64), nullable=False, default=""),
    Column("data", JSON, nullable=False),
)

# -- vault (#12, #18): custody heads and evidence content in the register ----------------------

#: The last custody entry of each case (seq + hash), written with every entry: deleting the
#: log's tail or appending behind casework's back leaves this and the log disagreeing.
custody_heads = Table(
    "custody_heads",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

#: Evidence content kept in the register (PostgreSQL): one row per distinct SHA-256, shared by
#: every case holding that content; the bytes are in ``blob_chunks``, 1 MiB a row.
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("chunks", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
)

blob_chunks = Table(
    "blob_chunks",
    metadata,
    Column(
        "sha256",
        String(64),
        ForeignKey("blobs.sha256", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("n", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

# -- screenshots (#13) ----------------------------------------------------------------------------

#: Text read from an evidence image (截图文字), one row per file hash: the same screenshot in two
#: cases is read once. ``lines`` holds each line's text, box and score; ``engine_version`` names
#: the engine and its models, so a reading can be told apart from one by a later engine.
screenshot_text = Table(
    "screenshot_text",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("engine", String(32), nullable=False),
    Column("engine_version", Text, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("lines", JSON, nullable=False),
    Column("data", JSON, nullable=False),
    Column("read_at", String(40), nullable=False),
)

# -- portfolio (#12): what the portfolio views read, kept current by casework.store.clocks -------
# Derived rows: every write that changes a case replaces its rows in the same transaction, and
# `casework clocks rebuild` recomputes them all after a change of rule data. Nothing here is a
# source of truth; dropping these rows and rebuilding loses nothing.

#: One row per case (案件摘要): what the portfolio lists and groups by, so no view loads a Case.
case_summary = Table(
    "case_summary",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("title", Text, nullable=False),
    Column("status", String(32), nullable=False),
    Column("is_open", Boolean, nullable=False),
    Column("category", String(32), nullable=False),
    #: As the portfolio groups them: the platform stripped, the merchant key without spaces.
    Column("platform", Text, nullable=False),
    Column("merchant", Text, nullable=False),
    Column("shop_name", Text, nullable=False),
    Column("respondent_name", Text, nullable=False),
    #: The agent (代理人) named in the case, and who registered it on this register.
    Column("advocate", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("opened", String(40), nullable=False),
    Column("last_contact", String(40)),
    Column("last_activity", String(40), nullable=False),
)
Index("ix_summary_open", case_summary.c.is_open, case_summary.c.status, case_summary.c.case_id)
Index("ix_summary_merchant", case_summary.c.merchant)

#: Every clock (期限) of a case as the deadline engine returns it, in the engine's order (seq).
#: ``state`` does not depend on today: ``running`` (no closing event yet; overdue or not is
#: decided at read time from ``due``), ``met``, ``late`` (closed after the due date),
#: ``not_applicable``, or a state set by the advocate (e.g. settled / dismissed).
clocks = Table(
    "clocks",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("clock_id", Text, nullable=False),
    Column("kind", String(32), nullable=False, default=""),
    Column("party", String(32), nullable=False, default=""),
    Column("source", String(32), nullable=False, default=""),
    Column("title_zh", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("start", String(10)),
    Column("due", String(10)),
    Column("closed_on", String(10)),
    Column("basis_zh", Text, nullable=False, default=""),
    Column("basis_en", Text, nullable=False, default=""),
    Column("state", String(32), nullable=False),
    #: What started the clock: the start event's text, or the contact's reference number.
    Column("source_ref", Text, nullable=False, default=""),
    #: The case is open (a copy of case_summary.is_open, rewritten with every status change), so
    #: the due list reads only open cases' clocks from the index.
    Column("case_open", Boolean, nullable=False),
)
Index("ix_clocks_due", clocks.c.case_open, clocks.c.state, clocks.c.due)

#: Replies due (答复期限) and follow-ups (下次跟进) from the communications log still pending.
follow_ups = Table(
    "follow_ups",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("communication_id", Integer, nullable=False),
    Column("what", String(16), nullable=False),
    Column("due", String(10), nullable=False),
    Column("counterpart", Text, nullable=False),
    Column("ref", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("case_open", Boolean, nullable=False),
)
Index("ix_follow_ups_due", follow_ups.c.case_open, follow_ups.c.due)


# -- workbook (#15) ----------------------------------------------------------------------------

#: A clock the advocate settled (期限已满足: met by an act the rules do not count, e.g. a contact
#: that asked for a return) or dismissed (不适用, with a reason). Rows are never deleted: an undo
#: stamps ``undone_at``, so the history stays; the live settlement is the clock's last row
#: without it. Every row also has its audit entry.
clock_settlements = Table(
    "clock_settlements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("clock", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("event_id", Integer),
    Column("communication_id", Integer),
    Column("met_on", String(10)),
    Column("note", Text, nullable=False, default=""),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("undone_at", String(40)),
    Column("undone_by", Text),
)
Index("ix_settlements_case", clock_settlements.c.case_id, clock_settlements.c.clock)


# -- groups (#17): group complaints (共同投诉) ----------------------------------------------------

#: A case that is a group complaint (共同投诉, 办法 Art. 12): its own case row holds the common
#: title, request and facts and its own filing, events and clocks; ``merchant`` is the portfolio's
#: merchant key every member must share.
case_groups = Table(
    "case_groups",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("merchant", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("created_by", Text, nullable=False),
)

#: The member cases of a group, in the order they joined (``seq``: 甲, 乙, 丙 …). Nothing of a
#: member is copied: the group reads its case live. A member who leaves keeps the row with
#: ``left_at`` (the history stays); at most two are representatives (代表人).
group_members = Table(
    "group_members",
    metadata,
    Column(
        "group_id",
        String(32),
        ForeignKey("case_groups.case_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("joined_at", String(40), nullable=False),
    Column("left_at", String(40)),
    Column("is_representative", Boolean, nullable=False, default=False),
)
Index("ix_group_members_case", group_members.c.case_id)


# -- next-step drafts (#19) --------------------------------------------------------------------

#: The advocate's edit of a next-step document (督促履职申请, 催告函 …): the latest row of a
#: (case, kind, clock) is the text the export uses; an empty text goes back to the generated one.
#: Rows are never updated, so every edit stays (and has its audit entry).
draft_edits = Table(
    "draft_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("clock", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
)
Index("ix_draft_edits_case", draft_edits.c.case_id, draft_edits.c.kind, draft_edits.c.clock)
# -- privacy (#17 items 2-4): consent ledger, retention, erasure -------------------------------

#: The consent ledger (同意记录, 个人信息保护法 Arts. 13-15, 17, 23, 29): append-only, one row per
#: notice shown, consent given or consent withdrawn; a scope's state is its last row. ``recipient``
#: is a recipient kind for ``scope = recipient`` and empty otherwise; ``evidence_id`` names the
#: signed paper when ``how = paper``; ``data`` keeps the notice's version and hash.
consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("scope", String(16), nullable=False),
    Column("recipient", String(16), nullable=False, default=""),
    Column("state", String(16), nullable=False),
    Column("on", String(10), nullable=False),
    Column("how", String(16), nullable=False),
    Column("evidence_id", Integer),
    Column("notice_version", String(32), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("data", JSON, nullable=False),
)
Index("ix_consents_case", consents.c.case_id, consents.c.id)

#: Settings of this register (登记库设置), e.g. ``retention_years``: one text value a name.
register_settings = Table(
    "register_settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Cases whose personal information was erased (已清除个人信息): the case row stays with its
#: anonymised statistics; this row says when and by whom, so nothing is erased twice.
purges = Table(
    "purges",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("at", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("closed_on", String(10)),
)
