"""evidence content inside the register (chunked, by hash)

Revision ID: 0003
Revises: 0002
``blobs`` (one row per distinct SHA-256) and ``blob_chunks`` (its bytes, 1 MiB a row). Created
on SQLite too, so both registers have one schema; only PostgreSQL registers fill them (SQLite
keeps the content-addressed folder). ``casework evidence migrate`` moves a folder store in.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sha256", "n"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Photos and videos are compressed already: store the chunks out of line, uncompressed,
        # instead of letting TOAST try to compress every MiB first.
        op.execute("ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    held = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM blobs")).scalar()
    if held:
        # Dropping the tables would destroy the evidence itself: take it out first.
        raise RuntimeError(
            f"the register holds {held} evidence contents; write a `casework backup` and "
            "restore it into a SQLite home before downgrading below 0003"
        )
    op.drop_table("blob_chunks")
    op.drop_table("blobs")
