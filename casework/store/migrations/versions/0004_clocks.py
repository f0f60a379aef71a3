"""clocks and follow-ups maintained in the register

Revision ID: 0004
Revises: 0003
The portfolio's derived tables (#12): one summary row per case, every clock of a case, and the
pending follow-ups. The rows of a register that existed before are filled in when the register is
next opened (casework.store.clocks.heal), since computing clocks needs the rules engine.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_summary",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("merchant", sa.Text(), nullable=False),
        sa.Column("shop_name", sa.Text(), nullable=False),
        sa.Column("respondent_name", sa.Text(), nullable=False),
        sa.Column("advocate", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("opened", sa.String(length=40), nullable=False),
        sa.Column("last_contact", sa.String(length=40), nullable=True),
        sa.Column("last_activity", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id"),
    )
    with op.batch_alter_table("case_summary", schema=None) as batch_op:
        batch_op.create_index("ix_summary_open", ["is_open", "status", "case_id"], unique=False)
        batch_op.create_index("ix_summary_merchant", ["merchant"], unique=False)

    op.create_table(
        "clocks",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("clock_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("party", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("title_zh", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("closed_on", sa.String(length=10), nullable=True),
        sa.Column("basis_zh", sa.Text(), nullable=False),
        sa.Column("basis_en", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.Text(), nullable=False),
        sa.Column("case_open", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", "seq"),
    )
    with op.batch_alter_table("clocks", schema=None) as batch_op:
        batch_op.create_index("ix_clocks_due", ["case_open", "state", "due"], unique=False)

    op.create_table(
        "follow_ups",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("communication_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=False),
        sa.Column("counterpart", sa.Text(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("case_open", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", "seq"),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index("ix_follow_ups_due", ["case_open", "due"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_ups_due")
    op.drop_table("follow_ups")
    with op.batch_alter_table("clocks", schema=None) as batch_op:
        batch_op.drop_index("ix_clocks_due")
    op.drop_table("clocks")
    with op.batch_alter_table("case_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_summary_merchant")
        batch_op.drop_index("ix_summary_open")
    op.drop_table("case_summary")
