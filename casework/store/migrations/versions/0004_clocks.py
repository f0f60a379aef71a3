"""clocks and follow-ups maintained in the register

Revision ID: 0004
Revises: 0003
Placeholder reserved for #12 (portfolio at scale); filled in by that work (no-op until then).
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
