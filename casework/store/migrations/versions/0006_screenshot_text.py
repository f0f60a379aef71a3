"""text read from screenshots, per file hash

Revision ID: 0006
Revises: 0005
Placeholder reserved for #13 (screenshots); filled in by that work (no-op until then).
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
