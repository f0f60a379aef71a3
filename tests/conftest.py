"""Shared fixtures: a fresh register per test, on SQLite always and on PostgreSQL when
``CASEWORK_TEST_PG_URL`` is set (``scripts/pg-start.sh`` starts one; CI always sets it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from casework.clock import fixed
from casework.store import Store

PG_URL = os.environ.get("CASEWORK_TEST_PG_URL", "")
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "data" / "bills"

#: Tests see a fixed "now" so deadline statuses and ids are reproducible: 2026-11-29 10:00.
NOW = datetime(2026, 11, 29, 10, 0)

pg_only = pytest.mark.skipif(
    not PG_URL,
    reason="CASEWORK_TEST_PG_URL is not set "
    '(run `eval "$(bash scripts/pg-start.sh)"` or `make test`)',
)


def pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test; dropped afterwards."""
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=[pg_only, pytest.mark.pg])])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """``None`` (SQLite under the test's home) or a PostgreSQL URL with its own schema."""
    if request.param == "sqlite":
        yield None
    else:
        yield from pg_schema_url()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def store(home: Path, db_url: str | None) -> Iterator[Store]:
    """A fresh register (SQLite and, when available, PostgreSQL) with a fixed clock. The actor is
    fixed too: on PostgreSQL it would be the test URL's user (#17), which the reports would name."""
    s = Store.open(home, db_url, clock=fixed(NOW), actor="advocate")
    yield s
    s.close()


@pytest.fixture
def sqlite_store(home: Path) -> Iterator[Store]:
    s = Store.open(home, None, clock=fixed(NOW))
    yield s
    s.close()


# CI runs the same Hypothesis examples every time (a red run must be reproducible, and a random
# find must not block a landing); local runs keep exploring and remember failures in .hypothesis/.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
