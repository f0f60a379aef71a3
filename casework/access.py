"""The access log (访问记录): who opened, exported, archived or purged which case, and who read
its evidence — rows of the audit log (个人信息保护法 Art. 51: security measures; Art. 55 ff.).

An access row is one plain insert into ``audit``: it changes nothing of the case, so it does not
mark the case's portfolio rows for recomputation (an open would otherwise cost a clock rebuild),
and a register opened read-only records nothing rather than refusing to be read. Portfolio lists
are not logged per case: listing is not opening.

The actor is the Store's: ``CASEWORK_USER``, else on PostgreSQL the connection's user name.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from .store import Store
from .store import access_rows as sql
from .vocabulary import AccessAction

#: Audit actions the access log shows, besides the ``access.*`` rows themselves.
SHOWN = {"access.open", "access.evidence", "access.export", "access.archive", "purge"}


def log_access(
    store: Store, case_id: str, action: str, detail: dict[str, Any] | None = None
) -> None:
    """Append one access row (``action`` one of :class:`AccessAction`) in its own transaction."""
    if store.read_only:
        return  # a colleague's copy or a backup opened to look: nothing can be written
    AccessAction(action)  # a typo in a hook is a bug, found by its test
    row = {
        "case_id": case_id,
        "at": store.now(),
        "actor": store.actor,
        "action": action,
        "before": None,
        "after": json.loads(json.dumps(detail or {}, default=str, ensure_ascii=False)),
    }
    try:
        sql.append(store.engine, row)
    except SQLAlchemyError:
        # A locked SQLite file must not stop an advocate reading a case; the write that follows
        # (if any) will say what is wrong with the register.
        return


def log_open(store: Store, case_id: str, via: str = "workbook") -> None:
    """This advocate opened ``case_id`` (in the workbook, by default); nothing for no case."""
    if case_id:
        log_access(store, case_id, "access.open", {"via": via})


def access_log(store: Store, case_id: str) -> list[dict[str, Any]]:
    """The case's access rows, oldest first: at, actor, action, its words, detail."""
    with store.read() as conn:
        rows = sql.rows(conn, case_id, SHOWN)
    out = []
    for r in rows:
        act = AccessAction(r.action)
        out.append(
            {
                "at": r.at,
                "actor": r.actor,
                "action": r.action,
                "zh": act.zh,
                "en": act.en,
                "detail": r.after or {},
            }
        )
    return out


def render_access(case_id: str, rows: list[dict[str, Any]], lang: str = "zh") -> str:
    en = lang == "en"
    lines = [f"{'Access log' if en else '访问记录'} — {case_id}"]
    if not rows:
        lines.append("  Nothing recorded." if en else "  没有记录。")
    for r in rows:
        words = r["en"] if en else r["zh"]
        detail = r["detail"]
        extra = ", ".join(f"{k}={v}" for k, v in detail.items() if k in _SHOWN_DETAIL)
        lines.append(f"  {r['at']}  {r['actor']}  {words}" + (f"  ({extra})" if extra else ""))
    return "\n".join(lines)


_SHOWN_DETAIL = ("recipient", "filing_id", "evidence_id", "format", "files", "how")

__all__ = ["SHOWN", "access_log", "log_access", "log_open", "render_access"]
