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

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidInput
from ..vocabulary import DraftFormat
from .facts import gather
from .offers import (
    Call,
    calls,
    draft_text,
    generated_text,
    is_edited,
    offers,
    recipient,
    resolve,
    save_draft,
)
from .review import check, draft_review

if TYPE_CHECKING:
    from ..cases import Communication
    from ..store import Store

FORMATS = tuple(f.value for f in DraftFormat)


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
    who = counterpart.strip() or recipient(f)
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
    "Call",
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
