"""Copy-ready text for the 12315 online form (全国12315平台): one text per form field.

The advocate files on the 12315 web form field by field: 被投诉方 (who), 诉求 (what the consumer
asks), 事实与理由 (the facts) — a short version that fits the form's text box and the full one.
A complaint (投诉: the consumer's own dispute, with a request) and a report (举报: clues of a
violation, with the facts behind them, and no personal request) are filed and handled
separately under the complaint measures, so a case that is both gets two blocks, never one text.

The text is for the advocate's clipboard and keeps the complainant's details (the form asks for
them); it says nothing about our software or our certainty — those are on the review sheet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..money import fmt

if TYPE_CHECKING:
    from ..cases import Case
    from ..store import Store

#: The form's 事实与理由 box: the short version stays within this many characters.
SHORT_LIMIT = 500


@dataclass
class FormField:
    key: str
    label: str
    text: str
    limit: int | None = None

    @property
    def length(self) -> int:
        return len(self.text)


@dataclass
class FormBlock:
    """One filing on the form: ``complaint`` (投诉) or ``report`` (举报)."""

    kind: str
    title: str
    fields: list[FormField] = field(default_factory=list)


@dataclass
class Form12315:
    case_id: str
    lang: str
    blocks: list[FormBlock] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "lang": self.lang,
            "blocks": [asdict(b) for b in self.blocks],
        }

    def render_text(self) -> str:
        en = self.lang == "en"
        out: list[str] = []
        for block in self.blocks:
            out += [f"==== {block.title} ====", ""]
            for f in block.fields:
                size = (
                    f"（{f.length} 字，限 {f.limit} 字）" if not en and f.limit else
                    f" ({f.length} characters, limit {f.limit})" if f.limit else ""
                )  # fmt: skip
                out += [f"【{f.label}】{size}" if not en else f"[{f.label}]{size}", f.text, ""]
        return "\n".join(out).rstrip() + "\n"


def _respondent(case: Case, en: bool) -> str:
    sep = "; " if en else "；"
    parts = [
        case.respondent_name,
        case.shop_name and (f"shop: {case.shop_name}" if en else f"店铺：{case.shop_name}"),
        case.platform and (f"platform: {case.platform}" if en else f"平台：{case.platform}"),
        case.respondent_credit_code
        and (
            f"credit code: {case.respondent_credit_code}"
            if en
            else f"统一社会信用代码：{case.respondent_credit_code}"
        ),
        case.respondent_address
        and (f"address: {case.respondent_address}" if en else f"地址：{case.respondent_address}"),
    ]
    return sep.join(p for p in parts if p)


def _request(case: Case, en: bool) -> str:
    text = case.request.strip()
    if text:
        return text
    if case.amount_paid is not None:
        return (
            f"Refund of {fmt(case.amount_paid)}."
            if en
            else f"退货退款，退还货款 {fmt(case.amount_paid)}。"
        )
    return ""


def shorten(text: str, limit: int = SHORT_LIMIT) -> str:
    """At most ``limit`` characters, cut after the last whole sentence that fits."""
    text = " ".join(p.strip() for p in text.splitlines() if p.strip())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(ch) for ch in "。！？.!?；")
    return cut[: end + 1] if end > limit // 3 else cut[: limit - 1] + "…"


def _short_facts(store: Store, case: Case, lang: str) -> str:
    """The opening sentence, the case's own facts, and the overdue clock: no numbered log."""
    from ..narrative import generated_narrative

    full = generated_narrative(store, case.id, lang)
    paras = [p for p in full.split("\n\n") if p.strip()]
    keep = [p for p in paras if not p.lstrip().startswith(("经过如下", "What happened"))]
    return shorten("".join(keep) if lang == "zh" else " ".join(keep))


def form_12315(store: Store, case_id: str, lang: str = "zh") -> Form12315:
    """The texts for the 12315 form: the complaint, and the report apart when the case is one."""
    from ..narrative import narrative

    case = store.get_case(case_id)
    en = lang == "en"
    full = narrative(store, case_id, lang)
    short = _short_facts(store, case, lang)
    form = Form12315(case_id, lang)
    complaint = FormBlock(
        "complaint",
        "Complaint (投诉)" if en else "投诉",
        [
            FormField("respondent", "Respondent" if en else "被投诉方", _respondent(case, en)),
            FormField("request", "Request" if en else "诉求", _request(case, en)),
            FormField(
                "facts_short",
                "Facts and reasons — short" if en else "事实与理由（简版）",
                short,
                SHORT_LIMIT,
            ),
            FormField("facts", "Facts and reasons — full" if en else "事实与理由（完整）", full),
        ],
    )
    form.blocks.append(complaint)
    if case.is_report:
        clue = (
            f"{case.respondent_name or case.shop_name} is suspected of a violation in selling "
            f"{case.product or 'goods'}"
            + (f" on {case.platform}" if case.platform else "")
            + (f" (order {', '.join(case.order_numbers)})" if case.order_numbers else "")
            + ". The facts behind the report:"
            if en
            else f"{case.respondent_name or case.shop_name}"
            + (f"在{case.platform}" if case.platform else "")
            + f"销售{case.product or '商品'}"
            + (f"（订单号 {'、'.join(case.order_numbers)}）" if case.order_numbers else "")
            + "涉嫌违法，举报线索和相应的事实依据如下："
        )
        form.blocks.append(
            FormBlock(
                "report",
                "Report (举报) — filed and handled apart from the complaint"
                if en
                else "举报（与投诉分别提交、分别处理）",
                [
                    FormField(
                        "respondent",
                        "Reported business" if en else "被举报方",
                        _respondent(case, en),
                    ),
                    FormField(
                        "clues",
                        "Clues and facts" if en else "举报线索与事实依据",
                        clue + ("\n" if en else "") + short,
                    ),
                ],
            )
        )
    return form


__all__ = ["SHORT_LIMIT", "Form12315", "FormBlock", "FormField", "form_12315", "shorten"]
