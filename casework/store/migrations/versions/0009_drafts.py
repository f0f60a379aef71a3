"""next-step drafts and their kept edits

Revision ID: 0009
Revises: 0008

``draft_edits`` keeps the advocate's edit of a next-step document (#19): one row per save, the
latest of a (case, kind, clock) is the text the export uses.
"""

from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft_edits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("clock", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_draft_edits_case", "draft_edits", ["case_id", "kind", "clock"])


def downgrade() -> None:
    op.drop_index("ix_draft_edits_case", table_name="draft_edits")
    op.drop_table("draft_edits")
