"""evidence content inside the register (chunked, by hash)

Revision ID: 0003
Revises: 0002
Placeholder reserved for #12 (team register); filled in by that work (no-op until then).
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
