"""Which documents a case's clocks call for (文书清单), and a document's text: generated from the
record, or the advocate's kept edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..rules import settled
from ..rules.deadlines import Deadline, deadlines_for, escalating
from ..rules.drafts import kind, kind_ids, kinds, triggers
from ..rules.schema_drafts import DraftKind
from ..vocabulary import DraftKindLabel
from .facts import Facts, gather
from .kept import save, saved

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Call:
    """One document a clock calls for: the kind and the clock that triggers it."""

    kind: DraftKind
    clock: Deadline

    @property
    def clock_key(self) -> str:
        return settled.clock_key(self.clock)


def called_for(clocks: list[Deadline]) -> list[Call]:
    """The documents the clocks call for, in the order of drafts.json, each clock by due date.
    Of two conflicting clocks for one duty only the one that prevails calls (as in routing)."""
    prevailing = {id(d) for d in escalating(clocks)}
    out: list[Call] = []
    for k in kinds():
        hits = [
            d
            for d in clocks
            if triggers(k, d) and (d.kind != "duty" or d.status != "overdue" or id(d) in prevailing)
        ]
        out += [Call(k, d) for d in sorted(hits, key=lambda d: d.due or date.max)]
    return out


def calls(store: Store, case_id: str, today: date | None = None) -> list[Call]:
    """The documents the case's clocks call for now, as (kind, clock) pairs."""
    today = today or store.clock().date()
    return called_for(deadlines_for(store, case_id, today=today))


def recipient(f: Facts) -> str:
    k = f.kind.id
    if k == "admin_review":
        return f.government or f.kind.recipient_zh
    if k == "seller_demand":
        return f.case.respondent_name or f.case.shop_name or f.kind.recipient_zh
    if k == "platform_escalation":
        return f.kind.recipient_zh.replace("平台", f.case.platform or "平台", 1)
    return f.department or f.kind.recipient_zh


def offers(store: Store, case_id: str, today: date | None = None) -> list[dict[str, Any]]:
    """One row per document called for: kind, its label, the clock, its due date and status,
    the recipient and the routing step it answers."""
    today = today or store.clock().date()
    clocks = deadlines_for(store, case_id, today=today)
    rows = []
    for call in called_for(clocks):
        f = gather(store, case_id, call.kind, call.clock, today)
        label = DraftKindLabel(call.kind.id)
        rows.append(
            {
                "kind": call.kind.id,
                "label_zh": label.zh,
                "label_en": label.en,
                "title_zh": call.kind.title_zh,
                "clock": call.clock_key,
                "clock_name_zh": call.clock.name_zh,
                "clock_name_en": call.clock.name_en,
                "due": call.clock.due.isoformat() if call.clock.due else None,
                "status": call.clock.status,
                "recipient": recipient(f),
                "step": call.kind.route_step,
                "edited": bool(saved(store, case_id, call.kind.id, call.clock_key)),
                "sent": _sent(call, clocks),
            }
        )
    return rows


def _sent(call: Call, clocks: list[Deadline]) -> dict[str, Any] | None:
    """The last time this document went out for this clock (its reply clock), if it did."""
    since = call.clock.start or date.min
    out = [d for d in clocks if d.draft_kind == call.kind.id and (d.start or date.min) >= since]
    if not out:
        return None
    last = max(out, key=lambda d: d.start or date.min)
    return {
        "clock": last.rule_id,
        "on": last.start.isoformat() if last.start else None,
        "ref": last.ref,
        "reply_due": last.due.isoformat() if last.due else None,
        "status": last.status,
    }


def resolve(
    store: Store, case_id: str, kind_id: str, clock: str | None = None, today: date | None = None
) -> Call:
    """The (kind, clock) a request names; a kind no clock calls for is refused in words."""
    if kind(kind_id) is None:
        raise InvalidInput(
            f"没有文书类型「{kind_id}」（可选: {', '.join(kind_ids())}）",
            f"no document kind {kind_id!r} (choose from: {', '.join(kind_ids())})",
            field="kind",
        )
    found = [c for c in calls(store, case_id, today) if c.kind.id == kind_id]
    if clock is not None:
        found = [c for c in found if c.clock_key == clock]
    if not found:
        offered = ", ".join(f"{c.kind.id}@{c.clock_key}" for c in calls(store, case_id, today))
        raise InvalidInput(
            f"案件 {case_id} 没有需要「{DraftKindLabel(kind_id).zh}」的期限"
            f"{f'「{clock}」' if clock else ''}（现有: {offered or '无'}）",
            f"no clock of case {case_id}{f' {clock!r}' if clock else ''} calls for "
            f"{DraftKindLabel(kind_id).en} (offered: {offered or 'none'})",
            field="kind",
        )
    return found[0]


def facts(
    store: Store, case_id: str, kind_id: str, clock: str | None = None, today: date | None = None
) -> Facts:
    today = today or store.clock().date()
    call = resolve(store, case_id, kind_id, clock, today)
    return gather(store, case_id, call.kind, call.clock, today)


def generated_text(
    store: Store, case_id: str, kind_id: str, clock: str | None = None, today: date | None = None
) -> str:
    """The document as generated from the record, ignoring any kept edit."""
    from .compose import render

    return render(facts(store, case_id, kind_id, clock, today))


def draft_text(
    store: Store, case_id: str, kind_id: str, clock: str | None = None, today: date | None = None
) -> str:
    """The document's text: the advocate's kept edit if there is one, else generated."""
    call = resolve(store, case_id, kind_id, clock, today)
    edit = saved(store, case_id, kind_id, call.clock_key)
    return edit + "\n" if edit else generated_text(store, case_id, kind_id, call.clock_key, today)


def is_edited(store: Store, case_id: str, kind_id: str, clock: str | None = None) -> bool:
    call = resolve(store, case_id, kind_id, clock)
    return bool(saved(store, case_id, kind_id, call.clock_key))


def save_draft(
    store: Store, case_id: str, kind_id: str, text: str, clock: str | None = None
) -> str:
    """Keep the advocate's edit of the document (audited); returns the clock key it is kept
    under. An empty text goes back to the generated one."""
    call = resolve(store, case_id, kind_id, clock)
    save(store, case_id, kind_id, call.clock_key, text)
    return call.clock_key


__all__ = [
    "Call",
    "called_for",
    "calls",
    "draft_text",
    "facts",
    "generated_text",
    "is_edited",
    "offers",
    "recipient",
    "resolve",
    "save_draft",
]
