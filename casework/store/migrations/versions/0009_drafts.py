"""next-step drafts and their kept edits

Revision ID: 0009
Revises: 0008
Placeholder reserved for #19 (next-step documents); filled in by that work (no-op until then).
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
