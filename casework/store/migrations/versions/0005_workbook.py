"""filing channel, settled and dismissed clocks

Revision ID: 0005
Revises: 0004
Placeholder reserved for #15 (workbook); filled in by that work (no-op until then).
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
