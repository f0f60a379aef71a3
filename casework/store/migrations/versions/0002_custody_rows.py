"""custody entries hash the evidence rows they concern

Revision ID: 0002
Revises: 0001
Placeholder reserved for #18 (tamper evidence); filled in by that work (no-op until then).
"""

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
