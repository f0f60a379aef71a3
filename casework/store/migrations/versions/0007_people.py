"""consent ledger, retention, access log

Revision ID: 0007
Revises: 0006
Placeholder reserved for #17 (the consumer's personal information: consent, retention, purge, access log);
filled in by that work (no-op until then).
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
