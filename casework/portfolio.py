"""The register at a glance (案件总览): counts, what is due, and merchants in several cases.

Plain functions over the store returning DataFrames, so the portfolio notebook, the case
workbook's follow-up list and scripts share one implementation. A merchant in two or more cases
is a candidate for a group complaint (集体投诉) or a report to the market regulator (举报).

Each view is one indexed query of the rows the register keeps current on every write
(:mod:`casework.store.clocks`: a summary row per case, its clocks, its pending follow-ups), not a
loop over cases. What depends on today — overdue, due today, upcoming, days left — is worked out
here from the stored due dates, so the lists are right whatever the date.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .cases import OPEN_STATUSES, Case, Category, Status
from .store import Store
from .store import clocks as sql

#: What the breakdown can group by: a column of :func:`case_frame`.
DIMENSIONS = ("platform", "category", "merchant", "status")

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
#: What a pending item of the communications log is, in Chinese.
FOLLOW_UP_ZH = {"response_due": "答复期限", "follow_up": "下次跟进"}

_CATEGORY_ZH = {c.value: c.zh for c in Category}
_STATUS_ZH = {s.value: s.zh for s in Status}


def merchant_key(case: Case) -> str:
    """Who the complaint is against: the respondent's legal name, else the shop name.

    Whitespace (also the full-width space) is dropped so one merchant typed two ways is one key.
    """
    return sql.merchant_key(case.respondent_name, case.shop_name)


def case_frame(store: Store) -> pd.DataFrame:
    """One row per case: id, title, status, category, platform, merchant, open, updated_at."""
    with store.read() as conn:
        found = sql.summary_rows(conn)
    rows = [
        {
            "id": r.case_id,
            "title": r.title,
            "status": r.status,
            "status_zh": _STATUS_ZH.get(r.status, r.status),
            "open": bool(r.is_open),
            "category": r.category,
            "category_zh": _CATEGORY_ZH.get(r.category, r.category),
            "platform": r.platform,
            "merchant": r.merchant,
            "shop_name": r.shop_name,
            "respondent_name": r.respondent_name,
            "updated_at": r.last_activity,
        }
        for r in found
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
    with store.read() as conn:
        ids = sql.open_status_ids(conn)
    rows = [
        {
            "status": status.value,
            "status_zh": status.zh,
            "cases": len(ids.get(status.value, ())),
            "ids": ", ".join(ids.get(status.value, ())),
        }
        for status in Status
        if status in OPEN_STATUSES
    ]
    return pd.DataFrame(rows, columns=["status", "status_zh", "cases", "ids"])


def breakdown(store: Store, by: str) -> pd.DataFrame:
    """Cases per platform, category, merchant or status: all cases, open ones, and their ids."""
    if by not in DIMENSIONS:
        from .errors import InvalidInput

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
    with store.read() as conn:
        groups = sql.repeat_groups(conn, max(min_cases, 1))
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
    rows = [
        {
            "merchant": g.merchant,
            "cases": g.cases,
            "open": g.open,
            "shops": "、".join(sorted(g.shops)),
            "platforms": "、".join(sorted(g.platforms)),
            "categories": "、".join(sorted({_CATEGORY_ZH.get(c, c) for c in g.categories})),
            "categories_en": ", ".join(sorted(g.categories)).replace("_", " "),
            "ids": ", ".join(g.ids),
        }
        for g in sorted(groups, key=lambda g: g.merchant)
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["cases", "merchant"], ascending=[False, True], ignore_index=True)


def _due_status(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    return "due_today" if due == today else "upcoming"


#: One due item before today is applied: the DUE_COLUMNS but status and days, then the sort's
#: tie-breakers (deadlines before follow-ups of the same case and day, each in its case's order).
_Item = tuple[str, str, str, str, date, str, str, str, str, int, int]


def _due_frame(items: list[_Item], today: date) -> pd.DataFrame:
    """Items given their status and days left as of ``today``, by due date then case.

    The same order as the old stable sort of the concatenated per-case lists: by due date and
    case, then deadlines before follow-ups, each in the order its case lists them.
    """
    if not items:
        return pd.DataFrame(columns=DUE_COLUMNS)
    items.sort(key=lambda i: (i[4], i[0], i[9], i[10]))
    case_id, title, what, what_zh, due, counterpart, ref, ref_en, summary, _, _ = zip(
        *items, strict=True
    )
    day = today.toordinal()
    return pd.DataFrame(
        {
            "case_id": case_id,
            "title": title,
            "what": what,
            "what_zh": what_zh,
            "due": due,
            "status": [
                "overdue" if d < today else "due_today" if d == today else "upcoming" for d in due
            ],
            "days": [d.toordinal() - day for d in due],
            "counterpart": counterpart,
            "ref": ref,
            "ref_en": ref_en,
            "summary": summary,
        }
    )


def _follow_up_items(
    store: Store, horizon: date, case_id: str | None, what: str | None
) -> list[_Item]:
    with store.read() as conn:
        found = sql.due_follow_up_rows(conn, horizon, case_id, what)
    zh = FOLLOW_UP_ZH
    return [
        (cid, title, w, zh.get(w, w), date.fromisoformat(due), cp, ref, ref, summary, 1, seq)
        for cid, seq, title, w, due, cp, ref, summary in found
    ]


def _deadline_items(store: Store, horizon: date) -> list[_Item]:
    with store.read() as conn:
        found = sql.due_clock_rows(conn, horizon)
    return [
        (cid, title, en, zh, date.fromisoformat(due), "", basis_zh, basis_en, "", 0, seq)
        for cid, seq, title, en, zh, due, basis_zh, basis_en in found
    ]


def follow_ups(
    store: Store,
    today: date,
    *,
    case_id: str | None = None,
    days_ahead: int = 14,
    what: str | None = None,
) -> pd.DataFrame:
    """Replies due (答复期限) and follow-ups (下次跟进) still pending, overdue first.

    A reply due is settled by a later inbound contact from the same counterpart or with the same
    reference number; a follow-up by any contact on or after its date. Closed cases are left out.
    Items due later than ``days_ahead`` days from ``today`` are left out too; ``what`` keeps only
    ``response_due`` or ``follow_up`` items.
    """
    if case_id is not None:
        store.get_case(case_id)  # NotFound for an unknown case, as before
    horizon = today + timedelta(days=days_ahead)
    return _due_frame(_follow_up_items(store, horizon, case_id, what), today)


def deadlines_due(store: Store, today: date, *, days_ahead: int = 14) -> pd.DataFrame:
    """Legal deadlines of open cases (from ``casework.rules``) overdue or due within the window.

    A clock the advocate has settled or dismissed is not on the list (its state is not one of
    :data:`casework.store.clocks.DUE_STATES`).
    """
    horizon = today + timedelta(days=days_ahead)
    return _due_frame(_deadline_items(store, horizon), today)


def due(store: Store, today: date, *, days_ahead: int = 14) -> pd.DataFrame:
    """Everything due across open cases: legal deadlines and follow-ups, overdue first."""
    horizon = today + timedelta(days=days_ahead)
    # Reply-due dates of contacts are clocks the rules already count (source "communication"),
    # settled by the answer; only the advocate's own follow-ups come from the log.
    items = _deadline_items(store, horizon) + _follow_up_items(store, horizon, None, "follow_up")
    return _due_frame(items, today)
