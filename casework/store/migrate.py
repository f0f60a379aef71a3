"""Alembic migrations, run on first use and on upgrade (named, each in a transaction)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the register's schema to ``revision``. Safe when several processes start at once."""
    cfg = alembic_config()
    with engine.connect() as conn:
        conn.info["casework_write"] = True  # SQLite: BEGIN IMMEDIATE serialises migrators
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.info.pop("casework_write", None)
