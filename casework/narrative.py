"""The facts in time order (事实与理由), generated from the case log — and the advocate's edit.

The generated text opens with the purchase (who bought what, where, for how much), lists every
event and contact in time order, and closes with the overdue clocks (the request has its own
section). The case's own facts (``facts``, told at intake) follow the opening. The advocate
may rewrite it; the edit is kept in the case (``narrative_zh`` / ``narrative_en``) and wins over
the generated text until it is cleared.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from .cases import Case, Communication, Event
from .errors import InvalidInput
from .money import fmt
from .rules.deadlines import Deadline, deadlines_for, escalating

if TYPE_CHECKING:
    from .store import Store

LANGS = ("zh", "en")
_END = "。！？.!?"


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InvalidInput(
            f"语言只能是 zh 或 en: {lang!r}", f"lang must be zh or en: {lang!r}", field="lang"
        )
    return lang


def _day(d: date, lang: str) -> str:
    if lang == "en":
        return f"{d.day} {d:%b} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


def _when(at: datetime, lang: str) -> str:
    return f"{_day(at.date(), lang)} {at:%H:%M}"


def _sentence(text: str, lang: str) -> str:
    text = text.strip()
    if not text or text[-1] in _END:
        return text
    return text + ("." if lang == "en" else "。")


def _opening(case: Case, lang: str) -> str:
    who = case.complainant_name
    seller = case.shop_name or case.respondent_name
    if lang == "en":
        parts = [
            f"On {_day(case.purchase_date, lang)}" if case.purchase_date else "",
            f"the consumer{f' ({who})' if who else ''} bought",
            case.product or "the goods",
            f"from {seller}" if seller else "",
            f"({case.respondent_name})" if case.shop_name and case.respondent_name else "",
            f"on {case.platform}" if case.platform else "",
        ]
        text = " ".join(p for p in parts if p)
        if case.order_numbers:
            text += f", order no. {', '.join(case.order_numbers)}"
        if case.amount_paid is not None:
            text += f", paying {fmt(case.amount_paid)}"
        return text + "."
    text = _day(case.purchase_date, lang) + "，" if case.purchase_date else ""
    text += f"消费者{who}" if who else "消费者"
    if case.platform:
        text += f"在{case.platform}"
    if seller:
        text += f"「{seller}」"
        if case.shop_name and case.respondent_name:
            text += f"（{case.respondent_name}）"
    text += f"购买{case.product or '商品'}"
    if case.order_numbers:
        text += f"，订单号 {'、'.join(case.order_numbers)}"
    if case.amount_paid is not None:
        text += f"，支付 {fmt(case.amount_paid)}"
    return text + "。"


def _event_line(ev: Event, lang: str) -> str:
    # Who acted is in the text the advocate wrote ("商家拒绝退货…"); a bracketed actor label
    # after the kind read as our bookkeeping, not as a sentence.
    if lang == "en":
        head = f"{_when(ev.at, lang)} — {ev.kind.value.replace('_', ' ')}"
        return f"{head}: {_sentence(ev.text, lang)}" if ev.text else head + "."
    head = f"{_when(ev.at, lang)}，{ev.kind.zh}"
    return f"{head}：{_sentence(ev.text, lang)}" if ev.text else head + "。"


def _ref(c: Communication, lang: str) -> str:
    if not c.ref:
        return ""
    return f", ref. {c.ref}" if lang == "en" else f"，编号 {c.ref}"


def _comm_line(c: Communication, lang: str) -> str:
    if lang == "en":
        how = c.channel.value.replace("_", " ")
        verb = (
            f"contacted {c.counterpart} by {how}"
            if c.direction == "out"
            else f"answer from {c.counterpart} by {how}"
        )
        return f"{_when(c.at, lang)} — {verb}{_ref(c, lang)}: {_sentence(c.summary, lang)}"
    verb = (
        f"通过{c.channel.zh}联系{c.counterpart}"
        if c.direction == "out"
        else f"{c.counterpart}通过{c.channel.zh}答复"
    )
    return f"{_when(c.at, lang)}，{verb}{_ref(c, lang)}：{_sentence(c.summary, lang)}"


def _lines(events: list[Event], comms: list[Communication], lang: str) -> list[str]:
    """Events and contacts in time order; a contact logged at the same minute as an event only
    adds its reference number to that event's line, so nothing is told twice."""
    items: list[tuple[datetime, int, str]] = []
    used: set[int] = set()
    for ev in events:
        line = _event_line(ev, lang)
        twin = next(
            (c for c in comms if id(c) not in used and abs((c.at - ev.at).total_seconds()) < 60),
            None,
        )
        if twin is not None:
            used.add(id(twin))
            if twin.ref:
                line = line.rstrip("。.") + _ref(twin, lang) + ("." if lang == "en" else "。")
        items.append((ev.at, 0, line))
    items += [(c.at, 1, _comm_line(c, lang)) for c in comms if id(c) not in used]
    items.sort(key=lambda x: (x[0], x[1]))
    return [f"{i}. {text}" for i, (_, _, text) in enumerate(items, 1)]


def _cite(d: Deadline, lang: str) -> str:
    """The first citation as the reader sees it: article and date of the text, no hedge about
    our own certainty (that goes to the review sheet)."""
    return d.citations[0].reader_label(lang)


def _closing(case: Case, overdue: list[Deadline], today: date, lang: str) -> list[str]:
    out = []
    for d in overdue:
        due = _day(d.due, lang) if d.due else "—"
        if not d.citations:
            # An answer-by date from the communications log: who owes the answer, by when.
            who = d.name_en.removeprefix("Answer due from ") if lang == "en" else d.name_zh
            who = who if lang == "en" else who.removesuffix(" 答复期限").removesuffix("答复期限")
            ref = f", ref. {d.ref}" if lang == "en" and d.ref else ""
            ref = ref if lang == "en" else (f"（编号 {d.ref}）" if d.ref else "")
            if lang == "en":
                out.append(
                    f"{who} was due to answer by {due}{ref}; as of {_day(today, lang)} no "
                    "answer has come."
                )
            else:
                out.append(f"{who}应于{due}前答复{ref}；截至{_day(today, lang)}仍未答复。")
            continue
        # The citation leads the sentence so its own （2022-03-24 文本） is not nested in brackets.
        cite = _cite(d, lang)
        if lang == "en":
            out.append(
                f"Under {cite}, the time limit for: {d.name_en.lower()} ended on {due}; as of "
                f"{_day(today, lang)} nothing has been done."
            )
        else:
            out.append(
                f"依据{cite}，{d.name_zh}的期限已于{due}届满；截至{_day(today, lang)}，仍没有结果。"
            )
    return out


def compose(
    case: Case,
    events: list[Event],
    comms: list[Communication],
    overdue: list[Deadline],
    today: date,
    lang: str = "zh",
) -> str:
    """The generated narrative for these facts (pure)."""
    lang = _check_lang(lang)
    intro = "What happened, in time order:" if lang == "en" else "经过如下（按时间顺序）："
    parts = [_opening(case, lang)]
    if case.facts.strip():
        # The facts as the consumer or advocate told them at intake (#18: they never reached
        # the submission); the log below gives each step its date.
        parts.append(case.facts.strip())
    lines = _lines(events, comms, lang)
    if lines:
        parts.append(intro + "\n" + "\n".join(lines))
    closing = _closing(case, overdue, today, lang)
    if closing:
        parts.append("\n".join(closing))
    return "\n\n".join(parts)


def generated_narrative(
    store: Store, case_id: str, lang: str = "zh", today: date | None = None
) -> str:
    """The narrative generated from the case log, ignoring any saved edit."""
    case = store.get_case(case_id)
    today = today or store.clock().date()
    overdue = escalating(deadlines_for(store, case_id, today=today))
    from .evidence.screenshots import cite_events  # events read from a screenshot cite 证据N

    events = cite_events(store, case_id, store.list_events(case_id), lang)
    return compose(case, events, store.list_communications(case_id), overdue, today, lang)


def narrative(store: Store, case_id: str, lang: str = "zh") -> str:
    """The facts in time order: the advocate's saved edit if there is one, else generated."""
    lang = _check_lang(lang)
    case = store.get_case(case_id)
    saved = case.narrative_en if lang == "en" else case.narrative_zh
    return saved if saved.strip() else generated_narrative(store, case_id, lang)


def is_edited(store: Store, case_id: str, lang: str = "zh") -> bool:
    case = store.get_case(case_id)
    return bool((case.narrative_en if _check_lang(lang) == "en" else case.narrative_zh).strip())


def facts_since_edit(store: Store, case_id: str, lang: str = "zh") -> int:
    """How many events and communications were logged or changed after the advocate's saved
    edit — facts the edit cannot tell. 0 when there is no edit. The edit still wins (it is the
    advocate's text); this count is what lets the workbook and the CLI say it may be stale."""
    key = f"narrative_{_check_lang(lang)}"
    if not is_edited(store, case_id, lang):
        return 0
    log = store.audit_log(case_id)
    edits = [
        r["id"]
        for r in log
        if r["action"] == "update" and isinstance(r["after"], dict) and key in r["after"]
    ]
    if not edits:
        return 0
    last = max(edits)
    return sum(
        1 for r in log if r["id"] > last and str(r["action"]).startswith(("event.", "comm."))
    )


def save_narrative(store: Store, case_id: str, text: str, lang: str = "zh") -> Case:
    """Keep the advocate's edit (audited like any change); an empty text goes back to generated."""
    lang = _check_lang(lang)
    return store.update_case(case_id, {f"narrative_{lang}": text.strip()})


__all__ = [
    "compose",
    "facts_since_edit",
    "generated_narrative",
    "is_edited",
    "narrative",
    "save_narrative",
]
