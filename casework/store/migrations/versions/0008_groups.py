"""group complaints (共同投诉)

Revision ID: 0008
Revises: 0007
A group case is a case of its own (its own filing, events, clocks and filings) plus a row in
``case_groups``; ``group_members`` links it to the member cases, which keep their own register
entries. Only new tables: ``cases`` is not touched (on SQLite altering it rebuilds the table).
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _catch_up_0007() -> None:
    """0007 was released as an empty placeholder before the consent ledger filled it in: a
    register stamped 0007 then has none of its tables. Run 0007's upgrade for such a register
    (a register that ran the filled-in 0007 has them and is left alone)."""
    if sa.inspect(op.get_bind()).has_table("consents"):
        return
    spec = importlib.util.spec_from_file_location("_m0007", Path(__file__).with_name("0007_people.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.upgrade()


def upgrade() -> None:
    _catch_up_0007()
    op.create_table(
        "case_groups",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("merchant", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "group_members",
        sa.Column("group_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.String(length=40), nullable=False),
        sa.Column("left_at", sa.String(length=40), nullable=True),
        sa.Column("is_representative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["case_groups.case_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "case_id"),
    )
    op.create_index("ix_group_members_case", "group_members", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_group_members_case", table_name="group_members")
    op.drop_table("group_members")
    op.drop_table("case_groups")
