"""The portfolio as it was before #12: a loop over every case, reloading and recomputing it.

Kept verbatim (imports aside) as the oracle the SQL views of casework.portfolio are compared
with: same register, same today, the same frames.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pandas as pd

from casework.cases import OPEN_STATUSES, Case, Category, Communication, Status
from casework.store import Store

#: What the breakdown can group by: a column of :func:`case_frame`.
DIMENSIONS = ("platform", "category", "merchant", "status")

_SPACE = re.compile(r"[\s\u3000]+")

#: Columns of the frames of what is due (follow-ups and deadlines alike).
DUE_COLUMNS = [
    "case_id",
    "title",
    "what",
    "what_zh",
    "due",
    "status",
    "days",
    "counterpart",
    "ref",
    "ref_en",
    "summary",
]
#: Chinese for the due statuses.
DUE_STATUS_ZH = {"overdue": "已逾期", "due_today": "今天到期", "upcoming": "即将到期"}


def merchant_key(case: Case) -> str:
    """Who the complaint is against: the respondent's legal name, else the shop name.

    Whitespace (also the full-width space) is dropped so one merchant typed two ways is one key.
    """
    return _SPACE.sub("", case.respondent_name or case.shop_name)


def case_frame(store: Store) -> pd.DataFrame:
    """One row per case: id, title, status, category, platform, merchant, open, updated_at."""
    rows = [
        {
            "id": c.id,
            "title": c.title,
            "status": c.status.value,
            "status_zh": c.status.zh,
            "open": c.status in OPEN_STATUSES,
            "category": c.category.value,
            "category_zh": c.category.zh,
            "platform": c.platform.strip(),
            "merchant": merchant_key(c),
            "shop_name": c.shop_name,
            "respondent_name": c.respondent_name,
            "updated_at": c.updated_at.isoformat(),
        }
        for c in store.list_cases()
    ]
    columns = [
        "id",
        "title",
        "status",
        "status_zh",
        "open",
        "category",
        "category_zh",
        "platform",
        "merchant",
        "shop_name",
        "respondent_name",
        "updated_at",
    ]
    return pd.DataFrame(rows, columns=columns)


def open_by_status(store: Store) -> pd.DataFrame:
    """Open cases per status, in workflow order (statuses with no case show 0)."""
    frame = case_frame(store)
    rows = []
    for status in Status:
        if status not in OPEN_STATUSES:
            continue
        ids = frame.loc[frame["status"] == status.value, "id"].tolist()
        rows.append(
            {
                "status": status.value,
                "status_zh": status.zh,
                "cases": len(ids),
                "ids": ", ".join(ids),
            }
        )
    return pd.DataFrame(rows, columns=["status", "status_zh", "cases", "ids"])


def breakdown(store: Store, by: str) -> pd.DataFrame:
    """Cases per platform, category, merchant or status: all cases, open ones, and their ids."""
    if by not in DIMENSIONS:
        from casework.errors import InvalidInput

        raise InvalidInput(
            f"无法按 {by!r} 分组（可选: {', '.join(DIMENSIONS)}）",
            f"cannot group by {by!r} (choose from: {', '.join(DIMENSIONS)})",
            field="by",
        )
    frame = case_frame(store)
    columns = ["key", "label", "cases", "open", "ids"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    labels = {
        "category": {c.value: c.zh for c in Category},
        "status": {s.value: s.zh for s in Status},
    }.get(by, {})
    rows = []
    for key, group in frame.groupby(by, sort=False):
        name = str(key)
        rows.append(
            {
                "key": name,
                "label": labels.get(name, name) or "（未填）",
                "cases": len(group),
                "open": int(group["open"].sum()),
                "ids": ", ".join(group["id"]),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["cases", "key"], ascending=[False, True], ignore_index=True)


def repeat_merchants(store: Store, min_cases: int = 2) -> pd.DataFrame:
    """Merchants named in at least ``min_cases`` cases (group complaint / 举报 candidates)."""
    frame = case_frame(store)
    frame = frame[frame["merchant"] != ""]
    columns = [
        "merchant",
        "cases",
        "open",
        "shops",
        "platforms",
        "categories",
        "categories_en",
        "ids",
    ]
    rows = []
    for merchant, group in frame.groupby("merchant", sort=True):
        if len(group) < min_cases:
            continue
        rows.append(
            {
                "merchant": merchant,
                "cases": len(group),
                "open": int(group["open"].sum()),
                "shops": "、".join(sorted({s for s in group["shop_name"] if s})),
                "platforms": "、".join(sorted({p for p in group["platform"] if p})),
                "categories": "、".join(sorted(set(group["category_zh"]))),
                "categories_en": ", ".join(sorted(set(group["category"]))).replace("_", " "),
                "ids": ", ".join(group["id"]),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["cases", "merchant"], ascending=[False, True], ignore_index=True)


def _answered(comm: Communication, later: list[Communication]) -> bool:
    """A reply is in when the same counterpart (or the same 工单号) wrote back after ``comm``."""
    return any(
        c.direction == "in"
        and c.at >= comm.at
        and ((comm.ref and c.ref == comm.ref) or c.counterpart == comm.counterpart)
        for c in later
    )


def _due_status(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    return "due_today" if due == today else "upcoming"


def follow_ups(
    store: Store, today: date, *, case_id: str | None = None, days_ahead: int = 14
) -> pd.DataFrame:
    """Replies due (答复期限) and follow-ups (下次跟进) still pending, overdue first.

    A reply due is settled by a later inbound contact from the same counterpart or with the same
    reference number; a follow-up by any contact on or after its date. Closed cases are left out.
    Items due later than ``days_ahead`` days from ``today`` are left out too.
    """
    cases = [store.get_case(case_id)] if case_id else store.list_cases()
    horizon = today + timedelta(days=days_ahead)
    rows: list[dict[str, Any]] = []
    for case in cases:
        if case.status not in OPEN_STATUSES:
            continue
        comms = store.list_communications(case.id)
        for comm in comms:
            pending = []
            if comm.response_due and not _answered(comm, comms):
                pending.append(("response_due", "答复期限", comm.response_due))
            if comm.follow_up and not any(c.at.date() >= comm.follow_up for c in comms):
                pending.append(("follow_up", "下次跟进", comm.follow_up))
            for what, what_zh, due in pending:
                if due > horizon:
                    continue
                rows.append(
                    {
                        "case_id": case.id,
                        "title": case.title,
                        "what": what,
                        "what_zh": what_zh,
                        "due": due,
                        "status": _due_status(due, today),
                        "days": (due - today).days,
                        "counterpart": comm.counterpart,
                        "ref": comm.ref,
                        "ref_en": comm.ref,
                        "summary": comm.summary,
                    }
                )
    columns = DUE_COLUMNS
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["due", "case_id"], ignore_index=True)


def deadlines_due(store: Store, today: date, *, days_ahead: int = 14) -> pd.DataFrame:
    """Legal deadlines of open cases (from ``casework.rules``) overdue or due within the window."""
    columns = DUE_COLUMNS
    from casework.rules import deadlines_for
    from casework.rules.basis import deadline_basis

    horizon = today + timedelta(days=days_ahead)
    rows = []
    for case in store.list_cases():
        if case.status not in OPEN_STATUSES:
            continue
        for d in deadlines_for(store, case.id, today=today):
            if d.due is None or d.status not in ("open", "overdue") or d.due > horizon:
                continue
            rows.append(
                {
                    "case_id": case.id,
                    "title": case.title,
                    "what": d.name_en,
                    "what_zh": d.name_zh,
                    "due": d.due,
                    "status": _due_status(d.due, today),
                    "days": (d.due - today).days,
                    "counterpart": "",
                    "ref": deadline_basis(d, "zh"),
                    "ref_en": deadline_basis(d, "en"),
                    "summary": "",
                }
            )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["due", "case_id"], ignore_index=True)


def due(store: Store, today: date, *, days_ahead: int = 14) -> pd.DataFrame:
    """Everything due across open cases: legal deadlines and follow-ups, overdue first."""
    deadlines = deadlines_due(store, today, days_ahead=days_ahead)
    pending = follow_ups(store, today, days_ahead=days_ahead)
    # Reply-due dates of contacts are clocks the rules already count (source "communication"),
    # settled by the answer; only the advocate's own follow-ups come from the log.
    pending = pending[pending["what"] == "follow_up"]
    parts = [f for f in (deadlines, pending) if not f.empty]
    if not parts:
        return pending
    return pd.concat(parts, ignore_index=True).sort_values(["due", "case_id"], ignore_index=True)
