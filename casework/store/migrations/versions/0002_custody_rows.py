"""custody entries hash the evidence rows they concern

Revision ID: 0002
Revises: 0001
A ``custody_heads`` row per case keeps the log's last entry (seq + hash), filled here from the
log as it stands; on PostgreSQL a trigger makes ``custody`` append-only (no UPDATE, DELETE or
TRUNCATE), so the application role cannot rewrite the chain. The evidence-row fields each new
``add`` entry hashes live in the entry's own ``detail``: no column is needed for them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION casework_custody_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the custody log is append-only (保管记录只能追加，不能修改或删除)';
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "custody_heads",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.execute(
        "INSERT INTO custody_heads (case_id, seq, hash) "
        "SELECT c.case_id, c.seq, c.hash FROM custody c "
        "WHERE c.seq = (SELECT MAX(d.seq) FROM custody d WHERE d.case_id = c.case_id)"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY)
        op.execute(
            "CREATE TRIGGER custody_append_only BEFORE UPDATE OR DELETE ON custody "
            "FOR EACH ROW EXECUTE FUNCTION casework_custody_append_only()"
        )
        op.execute(
            "CREATE TRIGGER custody_no_truncate BEFORE TRUNCATE ON custody "
            "FOR EACH STATEMENT EXECUTE FUNCTION casework_custody_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS custody_no_truncate ON custody")
        op.execute("DROP TRIGGER IF EXISTS custody_append_only ON custody")
        op.execute("DROP FUNCTION IF EXISTS casework_custody_append_only()")
    op.drop_table("custody_heads")
