"""Next-step documents from the record (下一步文书, #19): when a clock runs out, the document that
answers it, written from the case and kept for the advocate's review before it goes out.

* :func:`offers` — the documents the case's late clocks call for (kind, clock, recipient);
* :func:`draft_text` — a document as plain text: the advocate's kept edit, else generated;
* :func:`save_draft` — keep the advocate's edit (an empty text goes back to generated);
* :func:`draft_review` — the review sheet of a document (doubts, inferred recipients, the case's
  blocking items); :func:`export_draft` writes the PDF or the text only through it;
* :func:`log_sent` — log the document as sent (a contact with its reference number), which
  starts its own reply clock in the deadline table.

The rule data (which clock calls for which document, its articles, the reply period) is
``rules/data/drafts.json``; the templates are ``report/templates/drafts/*.txt.j2``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..rules.drafts import Call, called_for, kind, kind_ids
from ..vocabulary import DraftFormat, DraftKindLabel
from . import kept
from .facts import Facts, gather

if TYPE_CHECKING:
    from ..cases import Communication
    from ..report.review import ReviewSheet
    from ..store import Store

FORMATS = tuple(f.value for f in DraftFormat)


def calls(store: Store, case_id: str, today: date | None = None) -> list[Call]:
    """The documents the case's clocks call for now, as (kind, clock) pairs."""
    from ..rules import deadlines_for

    today = today or store.clock().date()
    return called_for(deadlines_for(store, case_id, today=today))


def _recipient(f: Facts) -> str:
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
    rows = []
    for call in calls(store, case_id, today):
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
                "recipient": _recipient(f),
                "step": call.kind.route_step,
                "edited": bool(kept.saved(store, case_id, call.kind.id, call.clock_key)),
            }
        )
    return rows


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
    edit = kept.saved(store, case_id, kind_id, call.clock_key)
    return edit + "\n" if edit else generated_text(store, case_id, kind_id, call.clock_key, today)


def is_edited(store: Store, case_id: str, kind_id: str, clock: str | None = None) -> bool:
    call = resolve(store, case_id, kind_id, clock)
    return bool(kept.saved(store, case_id, kind_id, call.clock_key))


def save_draft(
    store: Store, case_id: str, kind_id: str, text: str, clock: str | None = None
) -> str:
    """Keep the advocate's edit of the document (audited); returns the clock key it is kept
    under. An empty text goes back to the generated one."""
    call = resolve(store, case_id, kind_id, clock)
    kept.save(store, case_id, kind_id, call.clock_key, text)
    return call.clock_key


def draft_review(
    store: Store, case_id: str, kind_id: str, clock: str | None = None, today: date | None = None
) -> ReviewSheet:
    from .review import draft_review as _review

    return _review(store, case_id, kind_id, clock, today)


def export_draft(
    store: Store,
    case_id: str,
    kind_id: str,
    *,
    to: str = "pdf",
    out: str | Path | None = None,
    clock: str | None = None,
    accept_warnings: bool = False,
) -> Path:
    """Write the document (the kept edit, else generated) as PDF or plain text, all or nothing,
    once its review sheet lets it go (no blocking item; warnings accepted and audited)."""
    from ..atomic import write_atomic
    from .pdf import text_pdf
    from .review import check

    if to not in FORMATS:
        raise InvalidInput(
            f"输出格式只能是 {'、'.join(FORMATS)}，不是「{to}」",
            f"the output format is one of {', '.join(FORMATS)}, not {to!r}",
            field="to",
        )
    call = resolve(store, case_id, kind_id, clock)
    check(store, case_id, kind_id, call.clock_key, accept_warnings=accept_warnings)
    text = draft_text(store, case_id, kind_id, call.clock_key)
    data = text_pdf(text) if to == "pdf" else text.encode("utf-8")
    if out is None:
        stamp = store.clock().strftime("%Y%m%d-%H%M%S")
        ext = "pdf" if to == "pdf" else "txt"
        out = store.home / "exports" / case_id / f"{case_id}_{kind_id}_{stamp}.{ext}"
    path = Path(out).expanduser().resolve()
    write_atomic(path, data)
    with store.write() as conn:
        store.log(
            conn,
            case_id,
            "draft.export",
            None,
            {"kind": kind_id, "clock": call.clock_key, "to": to, "path": str(path)},
        )
    return path


def log_sent(
    store: Store,
    case_id: str,
    kind_id: str,
    *,
    ref: str,
    counterpart: str = "",
    channel: str = "letter",
    at: datetime | str | None = None,
    clock: str | None = None,
) -> Communication:
    """Log the document as sent — a contact with its reference number (挂号信号、工单号 …) whose
    summary names the document — so its reply clock runs in the deadline table."""
    call = resolve(store, case_id, kind_id, clock)
    if not ref.strip():
        raise InvalidInput(
            "请填写发送的编号（挂号信号、工单号或网上提交的编号）",
            "give the reference of the sending (registered-mail number, ticket or web-form number)",
            field="ref",
        )
    f = gather(store, case_id, call.kind, call.clock, store.clock().date())
    who = counterpart.strip() or _recipient(f)
    return store.add_communication(
        case_id,
        at=at or store.now(),
        counterpart=who,
        counterpart_kind=call.kind.recipient.value,
        channel=channel,
        direction="out",
        ref=ref.strip(),
        summary=f"发送{call.kind.title_zh}（答复「{call.clock.name_zh}」逾期）",
    )


__all__ = [
    "FORMATS",
    "calls",
    "draft_review",
    "draft_text",
    "export_draft",
    "generated_text",
    "is_edited",
    "log_sent",
    "offers",
    "resolve",
    "save_draft",
]
