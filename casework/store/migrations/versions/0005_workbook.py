"""filing channel, settled and dismissed clocks

Revision ID: 0005
Revises: 0004

``cases.channel`` is where the complaint is filed (platform, 12315, association, court, 12305 …);
the contact method older intakes stored there moves to the new ``cases.contact_method``.
``clock_settlements`` holds the clocks an advocate marked met or dismissed (#15).
"""
from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: Contact methods (沟通渠道) an older intake kept in ``channel``: they are not filing channels.
CONTACT_ONLY = ("phone", "email", "letter", "in_person", "wechat", "platform_chat")


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_method", sa.String(length=32), nullable=False, server_default="")
        )
    cases = sa.table(
        "cases", sa.column("channel", sa.String), sa.column("contact_method", sa.String)
    )
    op.execute(
        cases.update()
        .where(cases.c.channel.in_(CONTACT_ONLY))
        .values(contact_method=cases.c.channel, channel="")
    )
    op.execute(cases.update().where(cases.c.channel == "12315_online").values(channel="12315"))
    op.create_table(
        "clock_settlements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("clock", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("communication_id", sa.Integer(), nullable=True),
        sa.Column("met_on", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.String(length=40), nullable=True),
        sa.Column("undone_by", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("clock_settlements", schema=None) as batch_op:
        batch_op.create_index("ix_settlements_case", ["case_id", "clock"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("clock_settlements", schema=None) as batch_op:
        batch_op.drop_index("ix_settlements_case")
    op.drop_table("clock_settlements")
    cases = sa.table(
        "cases", sa.column("channel", sa.String), sa.column("contact_method", sa.String)
    )
    op.execute(
        cases.update()
        .where(sa.and_(cases.c.channel == "", cases.c.contact_method != ""))
        .values(channel=cases.c.contact_method)
    )
    # Not batch mode: on SQLite it rebuilds ``cases`` (copy, drop, rename), and dropping the old
    # table cascades (ON DELETE CASCADE, foreign keys on) into every case's events, evidence and
    # custody rows. SQLite ≥ 3.35 drops a plain column in place, as PostgreSQL does.
    op.execute("ALTER TABLE cases DROP COLUMN contact_method")
