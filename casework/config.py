"""Where casework keeps things: the casework home (案件工作目录) and the register's URL.

* ``CASEWORK_HOME`` (or ``--home``): a folder holding ``register.sqlite3``, ``evidence/`` and
  ``exports/``. Default: ``~/.casework``.
* ``CASEWORK_DB_URL`` (or ``--db``): a SQLAlchemy URL, e.g. ``postgresql://user@host/casework``,
  for a team's shared register. Evidence files still live under the home folder (shared storage).
"""

from __future__ import annotations

import os
from pathlib import Path


def home_dir(home: str | os.PathLike[str] | None = None) -> Path:
    path = Path(home or os.environ.get("CASEWORK_HOME") or Path.home() / ".casework")
    return path.expanduser().resolve()


def db_url(home: Path, db: str | None = None) -> str:
    url = db or os.environ.get("CASEWORK_DB_URL")
    if url:
        # Plain postgresql:// means psycopg 3 here (the only driver we ship).
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{home / 'register.sqlite3'}"
