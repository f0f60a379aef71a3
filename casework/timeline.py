"""The dispute timeline (时间线): everything that happened in a case, one row each, and its figure.

:class:`Timeline` merges the case log (events), the communications log, imported bill rows
(payments and refunds) and evidence items into one frame, one row each: ``at`` (aware,
Asia/Shanghai), ``lane`` (the actor), ``kind``, ``label``, ``text``, ``source``, ``ref`` — and
says what it left out (bill rows unrelated to the case's orders, evidence with no capture time).
The figure is drawn by :mod:`casework.timeline_drawing`; this module reads the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.figure import Figure

from .clock import SHANGHAI
from .money import fmt, from_fen
from .rules.deadlines import deadlines_for
from .timeline_drawing import Redact, draw_timeline, save_figure
from .timeline_style import kind_label

if TYPE_CHECKING:
    from .cases import Communication
    from .store import Store

COLUMNS = ["at", "lane", "kind", "label", "text", "source", "ref"]


@dataclass
class Timeline:
    """A case's timeline: the rows in time order and what was left off them (said in the
    figure's subtitle)."""

    frame: pd.DataFrame  # COLUMNS, sorted by ``at``
    unrelated: int = 0  # imported bill rows left off as unrelated to the case's orders
    undated: int = 0  # evidence items with no capture time (取得时间), left off the time axis


def case_timeline(store: Store, case_id: str, lang: str = "zh") -> Timeline:
    """Everything that happened in a case, one row each, in time order."""
    events = _event_rows(store, case_id, lang)
    rows = list(events)
    for c in store.list_communications(case_id):
        row = _communication_row(c, events, lang)
        if row is not None:
            rows.append(row)
    bill_rows, unrelated = _case_transactions(store, case_id)
    for bill in (_txn_row(t, lang) for t in bill_rows):
        if not _joins_twin(bill, events):
            rows.append(bill)
    evidence, undated = _evidence(store, case_id)
    rows += [_evidence_row(ev, lang) for ev in evidence]
    frame = pd.DataFrame(rows, columns=COLUMNS)  # the twin marks are dropped here
    frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601").dt.tz_convert(SHANGHAI)
    frame = frame.sort_values("at", kind="stable").reset_index(drop=True)
    return Timeline(frame, unrelated=unrelated, undated=undated)


def _event_rows(store: Store, case_id: str, lang: str) -> list[dict[str, Any]]:
    """The case log's events (those read from a screenshot cite 证据N)."""
    from .evidence.screenshots import cite_events

    return [
        {
            "at": e.at,
            "lane": e.actor.value,
            "kind": e.kind.value,
            "label": kind_label(e.kind.value, lang),
            "text": e.text,
            "source": "event",
            "ref": f"event:{e.id}",
        }
        for e in cite_events(store, case_id, store.list_events(case_id), lang)
    ]


def _communication_row(
    c: Communication, events: list[dict[str, Any]], lang: str
) -> dict[str, Any] | None:
    """A contact record's row, or None when an event within a minute is the same act.

    The same act logged twice — the event "complaint filed" and the contact record with its
    12315 number — is one marker: the event, carrying the contact's reference (as the narrative
    tells it once)."""
    twin = next(
        (e for e in events if "comm" not in e and abs((e["at"] - c.at).total_seconds()) < 60),
        None,
    )
    if twin is not None:
        twin["comm"] = True
        twin["ref"] += f"; {c.ref or f'comm:{c.id}'}"
        twin["text"] = "；".join(t for t in (twin["text"], c.summary) if t)
        return None
    out = c.direction == "out"
    label = (
        (f"contact {c.counterpart}" if out else f"{c.counterpart} replied")
        if lang == "en"
        else (f"联系{c.counterpart}" if out else f"{c.counterpart}答复")
    )
    return {
        "at": c.at,
        "lane": c.counterpart_kind.value,
        "kind": "contact_out" if out else "contact_in",
        "label": label,
        "text": c.summary,
        "source": "communication",
        "ref": c.ref or f"comm:{c.id}",
    }


def _joins_twin(bill: dict[str, Any], events: list[dict[str, Any]]) -> bool:
    """The logged payment and its bill line are one marker, with the bill's amount: True when an
    event of the same lane within a minute took the bill row."""
    at = pd.Timestamp(bill["at"])
    twin = next(
        (
            e
            for e in events
            if e["lane"] == bill["lane"]
            and "bill" not in e
            and abs((pd.Timestamp(e["at"]) - at).total_seconds()) < 60
        ),
        None,
    )
    if twin is None:
        return False
    twin.update(bill=True, label=bill["label"], ref=f"{twin['ref']}; {bill['ref']}")
    return True


def _evidence_row(ev: dict[str, Any], lang: str) -> dict[str, Any]:
    prefix = "evidence: " if lang == "en" else "证据："
    return {
        "at": ev["captured_at"],
        "lane": "consumer",
        "kind": "evidence",
        "label": prefix + _evidence_type_label(str(ev["type"]), lang),
        "text": ev.get("description") or ev.get("original_name", ""),
        "source": "evidence",
        "ref": f"evidence:{ev['id']}",
    }


def _case_transactions(store: Store, case_id: str) -> tuple[list[dict[str, Any]], int]:
    """The bill rows that belong to the dispute, and how many others were left out.

    A bill holds every purchase of the month (a ¥78 coffee order is not the disputed earphones):
    only the rows the money trail (资金往来) links to the case's orders — the order record, its
    payments and their refunds — go on the payment lane.
    """
    from .records import money_trail, transactions

    frame = transactions(store, case_id)
    if not len(frame):
        return [], 0
    linked = {
        (line["file_sha256"], line["line"])
        for lines in money_trail(store, case_id).orders["lines"]
        for line in lines
    }
    keep = [(sha, n) in linked for sha, n in zip(frame["file_sha256"], frame["line"], strict=True)]
    rows = frame[keep].to_dict("records")
    return rows, len(frame) - len(rows)  # type: ignore[return-value]


def _evidence(store: Store, case_id: str) -> tuple[list[dict[str, Any]], int]:
    """The evidence to draw, each at the time it was captured, and how many have no such time.

    A derived item (a crop, a redacted copy) shows what its original showed when it was taken,
    so it takes the original's capture time. An imported bill is not drawn: its transactions are.
    The time an item was registered (added_at) is the advocate's desk, not the dispute: an item
    with no capture time is counted, not drawn at the day it was typed in."""
    from .evidence import EvidenceType, list_evidence

    items = list_evidence(store, case_id)
    by_id = {e.id: e for e in items}

    def captured(e: Any) -> Any:
        seen: set[int] = set()
        while not e.captured_at and e.derived_from in by_id and e.id not in seen:
            seen.add(e.id)
            e = by_id[e.derived_from]
        return e.captured_at

    rows, undated = [], 0
    for e in items:
        if e.type == EvidenceType.TRANSACTION_RECORD:
            continue
        at = captured(e)
        if not at:
            undated += 1
            continue
        rows.append(
            {
                "id": e.id,
                "type": str(e.type),
                "original_name": e.original_name,
                "description": e.description,
                "captured_at": at,
            }
        )
    return rows, undated


def _evidence_type_label(value: str, lang: str) -> str:
    from .evidence import EvidenceType

    try:
        t = EvidenceType(value)
    except ValueError:
        return value
    return t.value.replace("_", " ") if lang == "en" else str(t.zh)


def _txn_row(t: dict[str, Any], lang: str) -> dict[str, Any]:
    amount = fmt(from_fen(int(t["amount_fen"])))
    direction = t.get("direction")
    if t.get("is_refund"):
        kind = "refund"
    else:
        kind = {"out": "payment", "in": "income"}.get(str(direction), "transaction")
    names = {
        "refund": ("退款", "refund"),
        "payment": ("付款", "paid"),
        "income": ("收入", "income"),
        "transaction": ("交易", "transaction"),
    }[kind]
    label = f"{names[1] if lang == 'en' else names[0]} {amount}"
    text = " ".join(str(t.get(k) or "") for k in ("counterparty", "item")).strip()
    return {
        "at": t["time"],
        "lane": "payment",
        "kind": kind,
        "label": label,
        "text": text,
        "source": "transaction",
        "ref": f"{t.get('source', '')}:{t.get('line', '')}",
    }


def timeline_figure(
    store: Store,
    case_id: str,
    *,
    lang: str = "zh",
    redact: Redact | None = None,
    today: date | None = None,
) -> Figure:
    """The case's timeline figure (an Agg-backed matplotlib Figure; nothing is shown)."""
    case = store.get_case(case_id)
    today = today or store.clock().date()
    timeline = case_timeline(store, case_id, lang=lang)
    clocks = deadlines_for(store, case_id, today=today)
    return draw_timeline(
        timeline, clocks, title=f"{case.id}  {case.title}", today=today, lang=lang, redact=redact
    )


def save_timeline(
    store: Store,
    case_id: str,
    path: str | Path,
    *,
    lang: str = "zh",
    redact: Redact | None = None,
    today: date | None = None,
) -> Path:
    """Draw the case's timeline and write it to ``path`` (.png or .svg)."""
    return save_figure(timeline_figure(store, case_id, lang=lang, redact=redact, today=today), path)


__all__ = [
    "COLUMNS",
    "Timeline",
    "case_timeline",
    "save_timeline",
    "timeline_figure",
]
