"""group complaints (共同投诉)

Revision ID: 0008
Revises: 0007
Placeholder reserved for #17 (group cases and their members); filled in by that work (no-op until then).
"""

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
