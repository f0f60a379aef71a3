"""The case register: SQLAlchemy over SQLite (default) or PostgreSQL (teams)."""

from .register import Store

__all__ = ["Store"]
