"""The completeness report (证据完整性检查): what is there, what is missing, and how to get it.

For a case's category and filing channel, each requirement of the rules data is met or not; the
report adds the gaps in the case's own fields (暂行办法 Arts. 9–10 for 12315 …), burden-of-proof
notes (消保法 Art. 23 ¶3 …) and the 证据清单 — the numbered evidence list that 证据规定 Art. 19
asks for (classified and numbered, with source, what each item proves, and here its SHA-256).
Chinese by default; ``lang="en"`` gives the same report in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..cases import Case, EventKind
from ..errors import InvalidInput
from ..rules.citations import join as cite_text
from ..store import Store
from .items import EvidenceItem, list_evidence
from .requirements import Note, Requirement, Rules, load_rules, parse_channel
from .types import EvidenceType

_ORDER = {t: i for i, t in enumerate(EvidenceType)}


def _pick(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@dataclass
class CompletenessReport:
    """The checklist for one case and channel. ``score`` is 0..1 (weighted share met)."""

    case_id: str
    category: str
    channel: str | None
    channel_label: str
    lang: str
    score: float
    items: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    field_gaps: list[dict[str, Any]] = field(default_factory=list)
    evidence_list: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rules_version: str = ""

    @property
    def counts(self) -> dict[str, int]:
        out = {"met": 0, "missing": 0, "recommended": 0}
        for row in self.items:
            out[row["status"]] += 1
        return out

    @property
    def ready(self) -> bool:
        """Every required item is there: the filing will not be turned away for want of it
        (暂行办法 Art. 15: incomplete materials are not accepted). The score alone cannot say
        this — recommended items weigh on it too."""
        return not self.missing

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "category": self.category,
            "channel": self.channel,
            "channel_label": self.channel_label,
            "lang": self.lang,
            "score": self.score,
            "ready": self.ready,
            "counts": self.counts,
            "items": self.items,
            "missing": self.missing,
            "field_gaps": self.field_gaps,
            "evidence_list": self.evidence_list,
            "notes": self.notes,
            "warnings": self.warnings,
            "rules_version": self.rules_version,
        }


def _matches(req: Requirement, item: EvidenceItem) -> bool:
    if item.type not in req.any_of:
        return False
    if not req.keywords:
        return True
    # Both languages: the keywords are Chinese and English, and what casework described itself
    # is stored in Chinese with its English words in the facts.
    said = (item.described("en"), item.proves_in("en"))
    text = " ".join((item.original_name, item.description, item.proves, item.note, *said)).lower()
    return any(k in text for k in req.keywords)


def _applies(req: Requirement, case: Case) -> bool:
    return not req.when or bool(getattr(case, req.when, None))


def _row(req: Requirement, case: Case, items: list[EvidenceItem], lang: str) -> dict[str, Any]:
    if req.fields:
        empty = [f for f in req.fields if not getattr(case, f)]
        met, evidence_ids = not empty, []
    else:
        evidence_ids = [i.id for i in items if _matches(req, i)]
        met, empty = bool(evidence_ids), []
    status = "met" if met else ("missing" if req.level == "required" else "recommended")
    return {
        "id": req.id,
        "kind": req.kind,
        "level": req.level,
        "scope": req.scope,
        "requirement": req.label(lang),
        "status": status,
        "status_label": _STATUS[status][lang == "en"],
        "citation": cite_text(req.citations, lang),
        "citations": [c.to_dict() for c in req.citations],
        "proves": req.proves(lang),
        "how_to_obtain": "" if met else req.how(lang),
        "how_citation": "" if met else cite_text(req.how_citations, lang),
        "evidence_ids": evidence_ids,
        "empty_fields": empty,
        "types": [t.value for t in req.any_of],
        "fields": list(req.fields),
    }


_STATUS = {
    "met": ("已具备", "met"),
    "missing": ("缺少（必需）", "missing (required)"),
    "recommended": ("建议补充", "recommended"),
}


def _first_date(case_events: list[Any], kind: EventKind) -> date | None:
    dates = [e.at.date() for e in case_events if e.kind is kind]
    return min(dates) if dates else None


def _six_months_after(d: date) -> date:
    month = d.month + 6
    year, month = d.year + (month - 1) // 12, (month - 1) % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _note(note: Note, store: Store, case: Case, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": note.id,
        "text": _pick(lang, note.text_zh, note.text_en),
        "citation": cite_text(note.citations, lang),
        "citations": [c.to_dict() for c in note.citations],
        "applies": None,
        "detail": "",
    }
    if note.check == "durable_six_months":
        events = store.list_events(case.id)
        received = _first_date(events, EventKind.DELIVERED) or case.purchase_date
        found = _first_date(events, EventKind.DEFECT_FOUND)
        if received is None or found is None:
            out["detail"] = _pick(
                lang,
                "缺少签收日期或发现问题的日期，无法判断是否在六个月内",
                "no delivery or defect date logged: cannot tell whether within six months",
            )
        else:
            days = (found - received).days
            within = found <= _six_months_after(received)
            out["applies"] = within
            out["detail"] = _pick(
                lang,
                f"签收 {received}，发现问题 {found}（第 {days} 天）："
                + ("在六个月内，如属耐用商品由经营者举证" if within else "已超过六个月"),
                f"received {received}, defect found {found} (day {days}): "
                + (
                    "within six months — for durable goods the business must disprove it"
                    if within
                    else "more than six months"
                ),
            )
    return out


#: How the records package says a bill was captured: the command, put in the reader's words.
_IMPORTED = "casework records import"
#: How the report marks a bill excerpt (账单摘录, ``casework.report.excerpt``): derived evidence
#: holding only the rows of a bill that the money trail links to the case.
EXCERPT_HOW = "casework bill excerpt"


def is_imported_bill(item: EvidenceItem) -> bool:
    """The whole bill as the consumer exported it: kept for the advocate, never submitted (its
    excerpt is)."""
    return item.captured_how.startswith(_IMPORTED)


def is_excerpt(item: EvidenceItem) -> bool:
    return item.captured_how == EXCERPT_HOW


def held_back(items: list[EvidenceItem]) -> set[int]:
    """Items that stay out of a submission: imported bills (their excerpts go instead) and every
    excerpt of a bill but the newest (the money trail changed since it was made)."""
    out = {i.id for i in items if is_imported_bill(i)}
    newest: dict[int | None, int] = {}
    for i in items:
        if is_excerpt(i):
            newest[i.derived_from] = max(newest.get(i.derived_from, 0), i.id)
    out |= {i.id for i in items if is_excerpt(i) and newest[i.derived_from] != i.id}
    return out


def _source(item: EvidenceItem, lang: str) -> str:
    how = item.captured_how
    if how.startswith(_IMPORTED):
        # The source and layout ids (alipay/app-2025) are the importer's, not the reader's.
        how = _pick(lang, "消费者导出的账单", "bill exported by the consumer")
    elif how == EXCERPT_HOW:
        how = _pick(lang, "账单摘录", "bill excerpt")
    parts = [
        item.captured_from,
        how,
        item.captured_by,
        (item.captured_at or "")[:16].replace("T", " "),
    ]
    taken = item.exif.get("datetime_original", "")
    if taken and not item.captured_at:
        # EXIF writes 2026:10:03 10:19:58; the camera's clock, so it is labelled as such.
        when = taken[:16].replace(":", "-", 2)
        parts.append(_pick(lang, f"EXIF 拍摄时间 {when}", f"EXIF time {when}"))
    text = ("；" if lang == "zh" else "; ").join(p for p in parts if p)
    if text:
        return text
    added = item.added_at[:10]
    # The register's default actor is the key "advocate": a reader reads 代理人.
    who = "" if item.added_by in ("", "advocate") else item.added_by
    return _pick(
        lang,
        f"由{who or '代理人'}于 {added} 登记",
        f"registered by {who or 'the advocate'} on {added}",
    )


def _numbered(
    items: list[EvidenceItem], lang: str, reqs: list[Requirement]
) -> list[dict[str, Any]]:
    """The 证据清单: items classified by type and numbered, each with source, what it proves
    (the advocate's words, else what the first requirement it meets proves) and its SHA-256.

    Items held back from a submission (whole bills, superseded excerpts) are numbered after
    every submitted item, so 证据N means the same item in the workbook and in the submission,
    and the submission's numbers run without a gap."""
    back = held_back(items)
    ordered = sorted(items, key=lambda i: (i.id in back, _ORDER[i.type], i.id))
    numbers = {item.id: n for n, item in enumerate(ordered, start=1)}
    rows = []
    for item in ordered:
        proves = item.proves_in(lang) or next(
            (r.proves(lang) for r in reqs if r.any_of and _matches(r, item) and r.proves(lang)),
            "",
        )
        derived = numbers.get(item.derived_from) if item.derived_from else None
        rows.append(
            {
                "no": numbers[item.id],
                "evidence_id": item.id,
                "type": item.type.value,
                "type_label": item.type.label(lang),
                "name": item.display_name,
                "description": item.described(lang) or item.display_name,
                "proves": proves,
                "source": _source(item, lang),
                "captured_at": item.captured_at,
                "original": _pick(lang, "原件（电子数据）", "original (electronic data)")
                if item.derived_from is None
                else _pick(lang, f"派生件，源自第 {derived} 号", f"derived from no. {derived}"),
                "derived_from_no": derived,
                "submitted": item.id not in back,
                "excerpt": is_excerpt(item),
                "size": item.size,
                "mime": item.mime,
                "sha256": item.sha256,
            }
        )
    return rows


def _requirements(rules: Rules, case: Case, chan: str | None) -> list[Requirement]:
    """The requirements that apply: common, the category's, the channel's, conditions met."""
    pool = rules.common + rules.categories.get(case.category.value, [])
    pool += rules.channels.get(chan, []) if chan else []
    return [r for r in pool if _applies(r, case)]


def _case_channel(case: Case, rules: Rules, warnings: list[str], lang: str = "zh") -> str | None:
    """The case's own channel; one this checklist does not know (a courier, the postal
    regulator …) is noted and the channel requirements are skipped rather than failing."""
    try:
        return parse_channel(case.channel, rules)
    except InvalidInput:
        warnings.append(
            _pick(
                lang,
                f"案件渠道「{case.channel}」没有证据要求，只检查了问题类型的要求",
                f"the case's channel {case.channel!r} has no evidence "
                "requirements: only the category's were checked",
            )
        )
        return None


def _unlinked_bills(store: Store, case_id: str, items: list[EvidenceItem]) -> list[EvidenceItem]:
    """Imported bills none of whose rows the money trail links to the case's orders."""
    bills = [i for i in items if is_imported_bill(i)]
    if not bills:
        return []
    from ..records import money_trail

    trail = money_trail(store, case_id)
    linked = {
        ln.get("file_sha256")
        for lines in trail.orders["lines"]
        for ln in (lines or [])
        if ln.get("role") in ("payment", "refund", "order")
    }
    return [i for i in bills if i.sha256 not in linked]


def evidence_list(store: Store, case_id: str, lang: str = "zh") -> list[dict[str, Any]]:
    """The case's 证据清单 alone: the same rows and numbers as ``check(...).evidence_list``."""
    case = store.get_case(case_id)
    # Only the texts in force now and the case's own platform rules (#11, #10 item 4).
    rules = load_rules().for_case(case, store.clock().date())
    reqs = _requirements(rules, case, _case_channel(case, rules, []))
    return _numbered(list_evidence(store, case_id), lang, reqs)


def check(
    store: Store, case_id: str, channel: str | None = None, lang: str = "zh"
) -> CompletenessReport:
    """Check a case's evidence and fields against the requirements for its category and channel.

    ``channel`` (platform, 12315, association, court, or a Chinese name) defaults to the case's
    own ``channel``; with none, only the category's requirements are checked and a warning says so.
    """
    case = store.get_case(case_id)
    # Only the texts in force now and the case's own platform rules (#11, #10 item 4).
    rules = load_rules().for_case(case, store.clock().date())
    warnings: list[str] = []
    chan = (
        _case_channel(case, rules, warnings, lang)
        if channel is None
        else parse_channel(channel, rules)
    )
    items = list_evidence(store, case_id)
    reqs = _requirements(rules, case, chan)
    unlinked = _unlinked_bills(store, case_id, items)
    warnings += [_unlinked_warning(item, lang) for item in unlinked]
    # A bill that holds none of the case's transactions is no evidence of its payment (支付记录).
    rows = [_row(r, case, [i for i in items if i not in unlinked], lang) for r in reqs]
    weight = {r.id: rules.weights[r.level] for r in reqs}
    total = sum(weight.values())
    met = sum(weight[row["id"]] for row in rows if row["status"] == "met")
    notes = [
        _note(n, store, case, lang)
        for n in rules.category_notes.get(case.category.value, [])
        + (rules.channel_notes.get(chan, []) if chan else [])
    ]
    if chan is None and not warnings:
        warnings.append(_no_channel_warning(lang))
    return CompletenessReport(
        case_id=case_id,
        category=case.category.value,
        channel=chan,
        channel_label=rules.channel_labels[chan]["en" if lang == "en" else "zh"] if chan else "",
        lang=lang,
        score=round(met / total, 3) if total else 1.0,
        items=rows,
        missing=[r for r in rows if r["status"] == "missing"],
        field_gaps=_field_gaps(rows, rules, lang),
        evidence_list=_numbered(items, lang, reqs),
        notes=notes,
        warnings=warnings,
        rules_version=rules.version,
    )


def _unlinked_warning(item: EvidenceItem, lang: str) -> str:
    return _pick(
        lang,
        f"账单 {item.display_name} 中没有本案订单的交易，不能证明本案的付款",
        f"the bill {item.display_name} has no transaction of this case's orders: it "
        "does not prove the payment",
    )


def _no_channel_warning(lang: str) -> str:
    return _pick(
        lang,
        "未选择投诉渠道：只检查了问题类型的证据要求（可用 --channel 指定 platform/12315/"
        "association/court）",
        "no channel chosen: only the category's requirements were checked (pass --channel "
        "platform / 12315 / association / court)",
    )


def _field_gaps(rows: list[dict[str, Any]], rules: Rules, lang: str) -> list[dict[str, Any]]:
    """The case fields a requirement needs that are still empty, with the requirement's citation."""
    labels = rules.field_labels
    return [
        {
            "field": f,
            "label": labels.get(f, {}).get("zh" if lang != "en" else "en", f),
            "requirement": row["id"],
            "citation": row["citation"],
        }
        for row in rows
        for f in row["empty_fields"]
    ]


def _readiness(report: CompletenessReport) -> str:
    en = report.lang == "en"
    required = sum(1 for r in report.items if r["level"] == "required")
    n = len(report.missing)
    if not n:
        return (
            f" — all {required} required items are there"
            if en
            else f"（必需项 {required} 项均已具备）"
        )
    return (
        f" — {n} of {required} required items missing (marked ✗)"
        if en
        else f"（必需项 {required} 项中缺少 {n} 项，见 ✗）"
    )


def _basis(citation: str) -> str:
    """The basis after a line, in brackets; nothing when no text bears on the case."""
    return f"  [{citation}]" if citation else ""


def render_text(report: CompletenessReport) -> str:
    """The report as plain text for the terminal."""
    en = report.lang == "en"
    mark = {"met": "✓", "missing": "✗", "recommended": "○"}
    lines = [
        (
            f"Evidence check for case {report.case_id} — channel: {report.channel_label or 'none'}"
            if en
            else f"案件 {report.case_id} 证据完整性检查 — 渠道：{report.channel_label or '未选择'}"
        ),
        (f"Score: {report.score:.0%}" if en else f"完整度：{report.score:.0%}")
        + _readiness(report),
        *[f"! {w}" for w in report.warnings],
        "",
        "Checklist:" if en else "检查清单：",
    ]
    for row in report.items:
        lines.append(
            f"  {mark[row['status']]} {row['requirement']} — {row['status_label']}"
            + _basis(row["citation"])
        )
        if row["how_to_obtain"]:
            lines.append(f"      {'How to obtain: ' if en else '如何获取：'}{row['how_to_obtain']}")
    if report.field_gaps:
        lines += ["", "Missing case fields:" if en else "案件信息缺项："]
        lines += [
            (f"  ✗ {g['label']} ({g['field']})" if en else f"  ✗ {g['label']}（{g['field']}）")
            + _basis(g["citation"])
            for g in report.field_gaps
        ]
    if report.notes:
        lines += ["", "Burden of proof and procedure:" if en else "举证责任与程序提示："]
        for n in report.notes:
            lines.append(f"  • {n['text']}" + _basis(n["citation"]))
            if n["detail"]:
                lines.append(f"    → {n['detail']}")
    lines += ["", "Evidence list:" if en else "证据清单："]
    if not report.evidence_list:
        lines.append("  (none)" if en else "  （暂无证据）")
    for e in report.evidence_list:
        proves, source = e["proves"] or "—", e["source"]
        lines.append(
            f"  {e['no']}. [{e['type_label']}] {e['description']} — proves: {proves}; "
            f"source: {source}; SHA-256 {e['sha256']}"
            if en
            else f"  {e['no']}. 【{e['type_label']}】{e['description']} — 证明：{proves}；"
            f"来源：{source}；SHA-256 {e['sha256']}"
        )
    return "\n".join(lines)
