"""Retention (保存期限, 个人信息保护法 Art. 19): how long a closed case keeps its personal
information, and which closed cases are past it (then ``casework purge`` erases them, Art. 47).

The period is the register's own setting (``casework retention --set-years N``), else
``CASEWORK_RETENTION_YEARS``, else the office policy default of 3 years after closing. A case is
closed on the day its status last became resolved, closed unresolved or withdrawn (from the
audit log, which keeps status changes through a purge).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from .cases import OPEN_STATUSES, Status
from .errors import ConfigError, InvalidInput

if TYPE_CHECKING:
    from .store import Store

DEFAULT_YEARS = 3
MAX_YEARS = 100
SETTING = "retention_years"
ENV = "CASEWORK_RETENTION_YEARS"


def _years(text: str, where: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_YEARS:
        raise (ConfigError if where == ENV else InvalidInput)(
            f"保存期限应为 1 到 {MAX_YEARS} 之间的整数年，现为 {value!r}",
            f"the retention period must be a whole number of years from 1 to {MAX_YEARS}, "
            f"not {value!r}",
            where=where,
        )
    return int(value)


def retention_years(store: Store) -> int:
    """The register's retention period in years after closing."""
    from .store import schema as t

    with store.read() as conn:
        stored = conn.execute(
            select(t.register_settings.c.value).where(t.register_settings.c.name == SETTING)
        ).scalar()
    if stored is not None:
        return _years(str(stored), SETTING)
    env = os.environ.get(ENV, "")
    return _years(env, ENV) if env.strip() else DEFAULT_YEARS


def set_retention_years(store: Store, years: int | str) -> int:
    """Set this register's retention period (every advocate on it shares it)."""
    from .store import schema as t

    n = _years(str(years), "years")
    with store.write() as conn:
        done = conn.execute(
            update(t.register_settings)
            .where(t.register_settings.c.name == SETTING)
            .values(value=str(n))
        )
        if done.rowcount != 1:
            conn.execute(insert(t.register_settings).values(name=SETTING, value=str(n)))
    return n


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@dataclass
class Expired:
    """A closed case past the retention period."""

    case_id: str
    status: str
    closed_on: str
    keep_until: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def closed_dates(store: Store) -> dict[str, date]:
    """Each closed case's closing day: its last status change into an ending, else (a case
    closed before the audit log knew) its last update."""
    from .store import schema as t

    endings = {s.value for s in Status} - {s.value for s in OPEN_STATUSES}
    with store.read() as conn:
        closed = dict(
            conn.execute(
                select(t.cases.c.id, t.cases.c.updated_at).where(t.cases.c.status.in_(endings))
            ).all()
        )
        found: dict[str, date] = {}
        if not closed:
            return found
        rows = conn.execute(
            select(t.audit.c.case_id, t.audit.c.at, t.audit.c.after)
            .where(t.audit.c.action == "status", t.audit.c.case_id.in_(sorted(closed)))
            .order_by(t.audit.c.id)
        )
        for case_id, at, after in rows:
            if isinstance(after, dict) and after.get("status") in endings:
                found[case_id] = date.fromisoformat(str(at)[:10])
    for case_id, updated in closed.items():
        found.setdefault(case_id, date.fromisoformat(str(updated)[:10]))
    return found


def past_retention(store: Store, today: date | None = None) -> list[Expired]:
    """Closed cases whose retention period has ended and whose information is not yet erased."""
    from .store import schema as t

    today = today or store.clock().date()
    years = retention_years(store)
    with store.read() as conn:
        purged = set(conn.execute(select(t.purges.c.case_id)).scalars())
        status = dict(conn.execute(select(t.cases.c.id, t.cases.c.status)).all())
    out = []
    for case_id, closed in sorted(closed_dates(store).items()):
        until = add_years(closed, years)
        if case_id not in purged and until <= today:
            out.append(Expired(case_id, status[case_id], closed.isoformat(), until.isoformat()))
    return out


__all__ = [
    "DEFAULT_YEARS",
    "Expired",
    "closed_dates",
    "past_retention",
    "retention_years",
    "set_retention_years",
]
