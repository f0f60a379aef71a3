"""consent ledger, retention, access log

Revision ID: 0007
Revises: 0006
The consumer's personal information (#17 items 2-4): the consent ledger, the register's settings
(the retention period) and the record of purged cases. The access log is the audit table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


#: Erasure (个人信息保护法 Art. 47) must delete a purged case's custody log, which the trigger
#: of 0002 keeps append-only: a DELETE passes only inside a transaction that said
#: ``SET LOCAL casework.purge = 'on'`` (casework.purge does, nothing else); UPDATE never does.
ERASABLE = """
CREATE OR REPLACE FUNCTION casework_custody_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('casework.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the custody log is append-only (保管记录只能追加，不能修改或删除)';
END
$$ LANGUAGE plpgsql
"""

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION casework_custody_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the custody log is append-only (保管记录只能追加，不能修改或删除)';
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(ERASABLE)
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("on", sa.String(length=10), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("notice_version", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consents_case", "consents", ["case_id", "id"])
    op.create_table(
        "register_settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "purges",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY)
    op.drop_table("purges")
    op.drop_table("register_settings")
    op.drop_index("ix_consents_case", table_name="consents")
    op.drop_table("consents")
