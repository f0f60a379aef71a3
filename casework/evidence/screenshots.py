"""Screenshots into the case (截图入案): read, find fields, cross-check, add chat messages as events.

:func:`read_screenshot` is what the CLI (``casework evidence read``) and the evidence panel call:
the kept reading of an evidence image (read on first use), its fields by kind, its chat messages
and the cross-checks against the case and its bills. :func:`add_chat_events` turns chosen chat
messages into timeline events whose ``source`` is ``evidence:<id>``, so the narrative and the
timeline can cite 证据N (:func:`cite`). :func:`review_items` gives the advocate's review sheet its
warnings (differing values, low-confidence lines, values the intake lacks) from kept readings only:
an export never waits for the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..cases import Event, parse_datetime
from ..errors import InvalidInput
from .items import get_evidence, list_evidence
from .ocr import Reading, kept_reading, read_evidence
from .screenshot_checks import Check, cross_check
from .screenshot_fields import Message, extract, guess_kind, rows_of

if TYPE_CHECKING:
    from ..store import Store

#: The source of an event added from a screenshot: ``evidence:<evidence id>``.
SOURCE_PREFIX = "evidence:"
#: Marks machine-read text wherever it is shown (the submission, the panel).
MACHINE_READ = ("机器识别文字", "machine-read text")


@dataclass
class ScreenshotRead:
    """One evidence image, read: text, fields, chat messages and cross-checks."""

    evidence_id: int
    case_id: str
    kind: str
    reading: Reading
    fields: dict[str, Any] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.reading.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "evidence_id": self.evidence_id,
            "case_id": self.case_id,
            "kind": self.kind,
            "engine": f"{self.reading.engine} {self.reading.version}",
            "sha256": self.reading.sha256,
            "text": self.text,
            "lines": [line.to_dict() for line in self.reading.lines],
            "low_confidence_lines": [n for n, line in enumerate(self.reading.lines) if line.low],
            "fields": self.fields,
            "messages": [m.to_dict() for m in self.messages],
            "checks": [c.to_dict() for c in self.checks],
        }


def _bill_rows(store: Store, case_id: str) -> list[dict[str, Any]]:
    from ..store.records import load_transactions

    with store.read() as conn:
        return load_transactions(conn, case_id)


def _build(store: Store, evidence_id: int, reading: Reading, kind: str | None) -> ScreenshotRead:
    item = get_evidence(store, evidence_id)
    case = store.get_case(item.case_id)
    what = kind or guess_kind(reading, item.type.value)
    captured = parse_datetime(item.captured_at) if item.captured_at else None
    fields, messages = extract(reading, what, captured, case.purchase_date)
    checks = cross_check(fields, case, _bill_rows(store, case.id)) if what != "chat" else []
    return ScreenshotRead(item.id, item.case_id, what, reading, fields, messages, checks)


def read_screenshot(
    store: Store, evidence_id: int, *, force: bool = False, kind: str | None = None
) -> ScreenshotRead:
    """Read an evidence image (once per file; ``force`` reads again) and interpret it.

    ``kind`` (order, payment, chat, other) overrides the guess from the evidence type and text.
    """
    if kind is not None and kind not in ("order", "payment", "chat", "other"):
        raise InvalidInput(
            f"截图类型只能是 order、payment、chat 或 other: {kind!r}",
            f"kind must be order, payment, chat or other: {kind!r}",
            field="kind",
        )
    return _build(store, evidence_id, read_evidence(store, evidence_id, force=force), kind)


def kept_screenshot(store: Store, evidence_id: int) -> ScreenshotRead | None:
    """The interpretation of a kept reading, or None when the image was never read."""
    item = get_evidence(store, evidence_id)
    reading = kept_reading(store, item.sha256)
    return None if reading is None else _build(store, evidence_id, reading, None)


def _actor(side: str, counterpart: str) -> str:
    if side == "consumer":
        return "consumer"
    return "platform" if any(w in counterpart for w in ("小二", "平台", "官方客服")) else "seller"


def _event_kind(side: str, actor: str) -> str:
    if side == "consumer":
        return "contacted_seller" if actor != "platform" else "platform_complaint"
    return "seller_replied" if actor == "seller" else "reply_received"


def chat_events(read: ScreenshotRead, chosen: list[int] | None = None) -> list[Event]:
    """The events the chat's messages would become (not stored): one per dated message.

    ``chosen`` are message indexes (0-based); an undated message cannot be an event and
    raises a bilingual error when chosen."""
    counterpart = str(read.fields.get("counterpart", ""))
    picks = range(len(read.messages)) if chosen is None else chosen
    out = []
    for n in picks:
        if not 0 <= n < len(read.messages):
            raise InvalidInput(
                f"没有第 {n} 条消息（共 {len(read.messages)} 条）",
                f"no message {n} (there are {len(read.messages)})",
                field="messages",
            )
        m = read.messages[n]
        if m.time is None:
            if chosen is None:
                continue
            raise InvalidInput(
                f"第 {n} 条消息没有时间（截图中没有时间分隔行），不能作为事件",
                f"message {n} has no time (no time separator above it) and cannot be an event",
                field="messages",
            )
        side = _actor(m.side, counterpart)
        # the message in its own words (case data, in any language), the speaker named
        who = "" if m.side == "consumer" else f"{counterpart}：" if counterpart else ""
        out.append(
            Event.build(
                at=m.time,
                kind=_event_kind(m.side, side),
                actor=side,
                text=f"{who}「{m.text}」",
                source=f"{SOURCE_PREFIX}{read.evidence_id}",
            )
        )
    return out


def add_chat_events(store: Store, evidence_id: int, chosen: list[int] | None = None) -> list[Event]:
    """Add a chat screenshot's messages (all dated ones, or ``chosen``) as events of its case.

    A message already added (same time, text and source) is not added twice."""
    read = read_screenshot(store, evidence_id)
    if read.kind != "chat":
        raise InvalidInput(
            f"证据 #{evidence_id} 不是聊天记录截图（识别为 {read.kind}），没有可加入的消息",
            f"evidence #{evidence_id} is not a chat screenshot (read as {read.kind}); no messages",
            field="evidence",
        )
    existing = {(e.at, e.text, e.source) for e in store.list_events(read.case_id)}
    added = []
    for ev in chat_events(read, chosen):
        if (ev.at, ev.text, ev.source) in existing:
            continue
        added.append(store.add_event(read.case_id, ev))
        existing.add((ev.at, ev.text, ev.source))
    return added


# -- citations and the review sheet --------------------------------------------------------------


def evidence_numbers(store: Store, case_id: str) -> dict[int, int]:
    """Evidence id → its number in the 证据清单 (证据N), as the evidence list numbers it."""
    from .completeness import evidence_list

    return {row["evidence_id"]: row["no"] for row in evidence_list(store, case_id)}


def cite(source: str, numbers: dict[int, int], lang: str = "zh") -> str:
    """``（证据3）`` / `` (evidence no. 3)`` for an event whose source is an evidence item."""
    if not source.startswith(SOURCE_PREFIX):
        return ""
    try:
        no = numbers.get(int(source.removeprefix(SOURCE_PREFIX)))
    except ValueError:
        return ""
    if no is None:
        return ""
    return f" (evidence no. {no})" if lang == "en" else f"（证据{no}）"


def cite_events(store: Store, case_id: str, events: list[Event], lang: str = "zh") -> list[Event]:
    """The events with 证据N appended to the text of those read from a screenshot."""
    if not any(e.source.startswith(SOURCE_PREFIX) for e in events):
        return events
    numbers = evidence_numbers(store, case_id)
    return [
        e.model_copy(update={"text": e.text + cite(e.source, numbers, lang)})
        if e.source.startswith(SOURCE_PREFIX)
        else e
        for e in events
    ]


def review_items(store: Store, case_id: str, lang: str = "zh") -> list[dict[str, Any]]:
    """What the advocate must check about the case's screenshots, for the review sheet.

    One item per differing value, low-confidence field or message, and value the intake lacks,
    from readings already kept (nothing is read here): ``{"evidence_id", "evidence_no",
    "severity" (warning | note), "status", "field", "zh", "en", "text"}`` (``text`` in ``lang``)."""
    numbers = evidence_numbers(store, case_id)
    out: list[dict[str, Any]] = []

    def item(no: int | None, eid: int, status: str, key: str, zh: str, en: str) -> None:
        zh, en = f"证据{no}：{zh}", f"evidence no. {no}: {en}"
        out.append(
            {
                "evidence_id": eid,
                "evidence_no": no,
                "severity": "note" if status == "new" else "warning",
                "status": status,
                "field": key,
                "zh": zh,
                "en": en,
                "text": en if lang == "en" else zh,
            }
        )

    for ev in list_evidence(store, case_id):
        if not ev.mime.startswith("image/"):
            continue
        read = kept_screenshot(store, ev.id)
        if read is None:
            continue
        no = numbers.get(ev.id)
        for c in read.checks:
            if c.status != "match":
                item(no, ev.id, c.status, c.field, c.zh, c.en)
        low = [m for m in read.messages if m.low]
        if low:
            item(
                no,
                ev.id,
                "low",
                "messages",
                f"{len(low)} 条聊天消息识别置信度低，请对照原图核实",
                f"{len(low)} chat messages were read with low confidence; check them against "
                "the image",
            )
    return out


def exhibit_text(store: Store, evidence_id: int) -> str | None:
    """The machine-read text (机器识别文字) of an evidence image for its exhibit, one visual row a
    line, or None if it was never read (an export never waits on the engine)."""
    item = get_evidence(store, evidence_id)
    reading = kept_reading(store, item.sha256)
    if reading is None or not reading.lines:
        return None
    # one visual row a line ("订单编号 4021…", not the label and its value on two lines)
    return "\n".join(row.text for row in rows_of(reading))


def read_case_screenshots(store: Store, case_id: str) -> list[ScreenshotRead]:
    """Read every image of a case that is a screenshot (order, payment or chat evidence), in
    batch. Files read before are not read again."""
    out = []
    for item in list_evidence(store, case_id):
        if item.mime.startswith("image/") and item.type.value in (
            "order_record",
            "transaction_record",
            "chat_log",
        ):
            out.append(read_screenshot(store, item.id))
    return out
