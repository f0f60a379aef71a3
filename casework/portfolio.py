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
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from .cases import OPEN_STATUSES, Case, Category, Status
from .store import Store, clocks
from .store import portfolio_queries as sql
from .vocabulary import DueStatus

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
DUE_STATUS_ZH = {s.value: s.zh for s in DueStatus}
#: What a pending item of the communications log is, in Chinese.
FOLLOW_UP_ZH = {"response_due": "答复期限", "follow_up": "下次跟进"}

_CATEGORY_ZH = {c.value: c.zh for c in Category}
_STATUS_ZH = {s.value: s.zh for s in Status}


def merchant_key(case: Case) -> str:
    """Who the complaint is against: the respondent's legal name, else the shop name.

    Whitespace (also the full-width space) is dropped so one merchant typed two ways is one key.
    """
    return clocks.merchant_key(case.respondent_name, case.shop_name)


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


def _due_frame(found: tuple[list[tuple[Any, ...]], dict[str, str]], today: date) -> pd.DataFrame:
    """Rows of :func:`casework.store.portfolio_queries.due_rows` given their case's title and their
    status and days left as of ``today``, by due date then case.

    The same order as the old stable sort of the concatenated per-case lists: by due date and
    case, then deadlines before follow-ups, each in the order its case lists them. Due dates are
    ISO text, which sorts as the dates do; each distinct date is parsed once.
    """
    rows, titles = found
    items = [r for r in rows if r[0] in titles]  # as the join on the summary row kept them
    if not items:
        return pd.DataFrame(columns=DUE_COLUMNS)
    items.sort(key=_ORDER)
    case_id, what, what_zh, due, counterpart, ref, ref_en, summary, src, _ = zip(
        *items, strict=True
    )
    day = today.toordinal()
    dates = {d: date.fromisoformat(d) for d in set(due)}
    status = {
        d: "overdue" if v < today else "due_today" if v == today else "upcoming"
        for d, v in dates.items()
    }
    left = {d: v.toordinal() - day for d, v in dates.items()}
    zh = FOLLOW_UP_ZH
    return pd.DataFrame(
        {
            "case_id": case_id,
            "title": [titles[c] for c in case_id],
            "what": what,
            "what_zh": [
                zh.get(w, w) if s else z for w, z, s in zip(what, what_zh, src, strict=True)
            ],
            "due": [dates[d] for d in due],
            "status": [status[d] for d in due],
            # An int64 array at once: pandas infers a list of ints ten times slower.
            "days": np.fromiter((left[d] for d in due), dtype=np.int64, count=len(due)),
            "counterpart": counterpart,
            "ref": ref,
            "ref_en": ref_en,
            "summary": summary,
        }
    )


#: The portfolio's order of due items: date, case, deadlines before follow-ups, case order.
_ORDER = itemgetter(3, 0, 8, 9)


def _due_items(
    store: Store, horizon: date, **which: Any
) -> tuple[list[tuple[Any, ...]], dict[str, str]]:
    """:func:`casework.store.portfolio_queries.due_rows` in a read of its own (``which``: its filters)."""
    with store.read() as conn:
        return sql.due_rows(conn, horizon, **which)


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
    items = _due_items(store, horizon, deadlines=False, case_id=case_id, what=what)
    return _due_frame(items, today)


def deadlines_due(store: Store, today: date, *, days_ahead: int = 14) -> pd.DataFrame:
    """Legal deadlines of open cases (from ``casework.rules``) overdue or due within the window.

    A clock the advocate has settled or dismissed is not on the list (its state is not one of
    :data:`casework.store.portfolio_queries.DUE_STATES`).
    """
    horizon = today + timedelta(days=days_ahead)
    return _due_frame(_due_items(store, horizon, follow_ups=False), today)


def due(store: Store, today: date, *, days_ahead: int = 14) -> pd.DataFrame:
    """Everything due across open cases: legal deadlines and follow-ups, overdue first."""
    horizon = today + timedelta(days=days_ahead)
    # Reply-due dates of contacts are clocks the rules already count (source "communication"),
    # settled by the answer; only the advocate's own follow-ups come from the log.
    return _due_frame(_due_items(store, horizon, what="follow_up"), today)
