"""Where the workbook left off (续接): the case each advocate had open, kept in the casework home,
so a kernel restart plus Run All reopens it instead of offering a blank new case.

One small JSON file per user (``<home>/workbook/<user>.json``), keyed by the register it belongs
to: a second register (a team's PostgreSQL) never reopens a case id of the first.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ..atomic import write_atomic
from ..errors import NotFound
from ..store import Store
from ..store import schema as t


def user_name() -> str:
    """The advocate: the JupyterHub user, else the login name."""
    name = os.environ.get("JUPYTERHUB_USER") or ""
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (some containers)
            name = "advocate"
    return re.sub(r"[^\w.-]", "_", name) or "advocate"


def remembered_file(store: Store) -> Path:
    return store.home / "workbook" / f"{user_name()}.json"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: start afresh rather than fail
        return {}
    return data if isinstance(data, dict) else {}


def follow(session: Any, store: Store) -> None:
    """Remember each case the session moves to, and log it as opened (访问记录, #17)."""
    from ..access import log_open

    session.observe(lambda change: remember(store, change["new"]), names="case_id")
    session.observe(lambda change: log_open(store, change["new"]), names="case_id")
    log_open(store, session.case_id)


def remember(store: Store, case_id: str) -> None:
    """Keep ``case_id`` as this user's open case on this register (atomically replaced)."""
    path = remembered_file(store)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _read(path)
        data[store.safe_url] = case_id
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError:  # a read-only home: the workbook works, it only cannot resume
        return


def recall(store: Store) -> str:
    """The case this user had open on this register, if it still exists; else ``""``."""
    case_id = str(_read(remembered_file(store)).get(store.safe_url) or "")
    if not case_id:
        return ""
    try:
        store.get_case(case_id)
    except NotFound:
        return ""
    return case_id


def register_signature(store: Store, case_id: str = "") -> tuple[Any, ...]:
    """What changes when anyone writes: the number of cases, the latest activity, and the open
    case's version. The picker compares it to notice a case made by the CLI or a colleague."""
    with store.read() as conn:
        count, latest = conn.execute(select(func.count(), func.max(t.cases.c.updated_at))).one()
        version = None
        if case_id:
            version = conn.execute(
                select(t.cases.c.version).where(t.cases.c.id == case_id)
            ).scalar()
    return (count, latest, version)
