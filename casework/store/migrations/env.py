"""Alembic environment: migrations run on a connection casework hands in."""

from alembic import context
from sqlalchemy import text

from casework.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from the command line
    from sqlalchemy import create_engine

    connection = create_engine(context.config.get_main_option("sqlalchemy.url") or "").connect()

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Two advocates opening a fresh team register at once: one migrates, the other waits.
        connection.execute(text("SELECT pg_advisory_xact_lock(727272)"))
    context.run_migrations()
