"""The review sheet (送出前核对): what the advocate must check before the submission goes out.

The submission speaks to its reader; everything about *our* certainty — a rule text not yet
checked against the gazette, a holiday calendar estimated for a year not yet published, the rows
of a bill left out, an empty field the channel requires, evidence that fails verification or does
not bear on the case — is kept out of it and listed here instead, each item with its level:

* ``blocking`` (必须处理): the export refuses until it is fixed (a required field of the channel
  is empty, evidence fails verification);
* ``warning`` (请核对): the export goes ahead once the advocate accepts the warnings
  (``--accept-warnings`` / the tick box), and the acceptance is written to the audit log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..vocabulary import ReviewLevel

if TYPE_CHECKING:
    from ..store import Store

BLOCKING = ReviewLevel.BLOCKING.value
WARNING = ReviewLevel.WARNING.value


@dataclass(frozen=True)
class ReviewItem:
    """One thing to check: its level, a stable code, the text in both languages, and where."""

    level: str
    code: str
    zh: str
    en: str
    where: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class ReviewSheet:
    case_id: str
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def blocking(self) -> list[ReviewItem]:
        return [i for i in self.items if i.level == BLOCKING]

    @property
    def warnings(self) -> list[ReviewItem]:
        return [i for i in self.items if i.level == WARNING]

    @property
    def ok(self) -> bool:
        """Nothing blocks the export (warnings may still wait for acceptance)."""
        return not self.blocking

    def digest(self) -> str:
        """A hash of the warnings' texts: what exactly the advocate accepted."""
        text = json.dumps([(i.code, i.zh) for i in self.warnings], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def add(self, level: str, code: str, zh: str, en: str, where: str = "") -> None:
        item = ReviewItem(level, code, zh, en, where)
        if item not in self.items:
            self.items.append(item)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "ok": self.ok,
            "blocking": len(self.blocking),
            "warnings": len(self.warnings),
            "digest": self.digest(),
            "items": [asdict(i) for i in self.items],
        }

    def render_text(self, lang: str = "zh") -> str:
        en = lang == "en"
        head = (
            f"Review before sending — case {self.case_id}: {len(self.blocking)} to fix, "
            f"{len(self.warnings)} to check"
            if en
            else f"送出前核对 — 案件 {self.case_id}：必须处理 {len(self.blocking)} 项，"
            f"请核对 {len(self.warnings)} 项"
        )
        lines = [head]
        if not self.items:
            lines.append("  Nothing to check." if en else "  没有需要核对的事项。")
        for item in self.blocking + self.warnings:
            mark = "✗" if item.level == BLOCKING else "!"
            where = f"  [{item.where}]" if item.where else ""
            lines.append(f"  {mark} {item.text(lang)}{where}")
        return "\n".join(lines)


def review(
    store: Store,
    case_id: str,
    *,
    lang: str = "zh",
    today: date | None = None,
    recipient: str | None = None,
) -> ReviewSheet:
    """Everything to check before the case's submission goes out (see the module docstring).

    ``recipient`` is the recipient kind (提交对象) of the submission; by default the one of the
    case's filing channel. The consent ledger must cover it (#17)."""
    store.get_case(case_id)  # NotFound first
    today = today or store.clock().date()
    sheet = ReviewSheet(case_id)
    _evidence(store, case_id, sheet)  # tampered evidence is named first
    _consent(store, case_id, sheet, recipient)
    _fields(store, case_id, sheet)
    _rules(store, case_id, today, sheet)
    _bills(store, case_id, sheet)
    _money(store, case_id, sheet)
    _narrative(store, case_id, sheet)
    _screenshots(store, case_id, sheet)
    return sheet


def _consent(store: Store, case_id: str, sheet: ReviewSheet, recipient: str | None) -> None:
    """The complainant's consent must cover this recipient (个人信息保护法 Arts. 13, 17, 23, 29):
    one blocking item naming everything missing, or naming that no recipient is known."""
    from ..consent import missing_consent, recipient_for
    from ..errors import InvalidInput

    try:
        kind = recipient_for(store, case_id, recipient)
    except InvalidInput as exc:
        if recipient:
            raise  # a recipient that is no recipient kind: the caller's input, said as such
        sheet.add(BLOCKING, "consent.recipient", exc.zh, exc.en, "recipient")
        return
    gaps = missing_consent(store, case_id, kind.value)
    if gaps:
        sheet.add(
            BLOCKING,
            "consent.missing",
            f"投诉人的同意不包括向{kind.zh}提交："
            + "；".join(g.zh for g in gaps)
            + f"（用 casework consent {case_id} give 记录）",
            f"the complainant's consent does not cover {kind.en}: "
            + "; ".join(g.en for g in gaps)
            + f" (record it with casework consent {case_id} give)",
            f"recipient={kind.value}",
        )


def _evidence(store: Store, case_id: str, sheet: ReviewSheet) -> None:
    from ..evidence import verify

    result = verify(store, case_id)
    for p in result.problems:
        sheet.add(BLOCKING, "evidence.verify", p["zh"], p["en"], str(p.get("name", "")))
    for p in result.chain:
        sheet.add(BLOCKING, "evidence.custody", p["zh"], p["en"], "custody")


def _fields(store: Store, case_id: str, sheet: ReviewSheet) -> None:
    """Case fields the chosen channel requires (暂行办法 Art. 9 for 12315 …) that are empty."""
    from ..evidence import check

    zh_report = check(store, case_id, lang="zh")
    en_report = check(store, case_id, lang="en")
    levels = {row["id"]: row["level"] for row in zh_report.items}
    for gz, ge in zip(zh_report.field_gaps, en_report.field_gaps, strict=True):
        required = levels.get(gz["requirement"]) == "required"
        sheet.add(
            BLOCKING if required else WARNING,
            "field.missing",
            f"「{gz['label']}」尚未填写：{zh_report.channel_label or '本案'}要求填写",
            f"{ge['label']} is empty: {en_report.channel_label or 'the case'} requires it",
            gz["field"],
        )
    for rz, re_ in zip(zh_report.missing, en_report.missing, strict=True):
        if rz["fields"]:
            continue  # said above, field by field
        sheet.add(
            WARNING,
            "evidence.missing",
            f"缺少必需的证据：{rz['requirement']}",
            f"required evidence missing: {re_['requirement']}",
            rz["id"],
        )
    for wz, we in zip(zh_report.warnings, en_report.warnings, strict=True):
        sheet.add(WARNING, "evidence.check", wz, we)
    case = store.get_case(case_id)
    if not zh_report.channel:
        if case.channel:
            return  # the checklist's own warning above names it
        sheet.add(
            WARNING,
            "channel.none",
            "尚未选择递交渠道：封面不写受理渠道",
            "no filing channel chosen: the cover names none",
            "channel",
        )


def _rules(store: Store, case_id: str, today: date, sheet: ReviewSheet) -> None:
    """Rule texts not verified, calendar years estimated, uncertain roll-overs: the submission
    states the article and the date; the doubt is the advocate's."""
    from ..rules import deadlines_for
    from ..rules.case_basis import citations

    for c in citations(store, case_id, today=today):
        if c.unverified:
            sheet.add(
                WARNING,
                "rule.unverified",
                f"{c.reader_label('zh')}的条文未经核实：送出前请核对原文",
                f"{c.reader_label('en')}: the text is not verified; check it before sending",
                c.law,
            )
    for d in deadlines_for(store, case_id, today=today):
        if d.status == "not_applicable":
            continue
        for w in d.warnings:
            sheet.add(
                WARNING,
                "deadline.estimated" if d.estimated else "deadline.note",
                f"期限「{d.name_zh}」：{w.zh}",
                f"deadline '{d.name_en}': {w.en}",
                d.rule_id,
            )


def _bills(store: Store, case_id: str, sheet: ReviewSheet) -> None:
    from .excerpt import excerpts

    for ex in excerpts(store, case_id):
        if not ex.rows:
            sheet.add(
                WARNING,
                "bill.unrelated",
                f"账单 {ex.file_name}（{ex.total_rows} 笔交易）中没有本案订单的交易："
                "不作为付款证据，不列入提交材料",
                f"the bill {ex.file_name} ({ex.total_rows} transactions) holds no transaction "
                "of this case's orders: not evidence of payment, left out of the submission",
                ex.file_name,
            )
        elif ex.hidden:
            sheet.add(
                WARNING,
                "bill.rows_hidden",
                f"账单 {ex.file_name} 只摘录与本案订单有关的 {len(ex.rows)} 笔交易，"
                f"其余 {ex.hidden} 笔不列入提交材料",
                f"only the {len(ex.rows)} transaction(s) of the case's orders are excerpted "
                f"from {ex.file_name}; the other {ex.hidden} stay out of the submission",
                ex.file_name,
            )


def _money(store: Store, case_id: str, sheet: ReviewSheet) -> None:
    from ..money import fmt
    from ..records import money_trail

    trail = money_trail(store, case_id)
    case = store.get_case(case_id)
    for rec in trail.orders.to_dict("records"):
        if rec["status"] != "no_payment":
            continue
        stated = (
            f"，提交材料写明消费者陈述的 {fmt(case.amount_paid)}"
            if case.amount_paid is not None
            else ""
        )
        stated_en = (
            f"; the submission states the {fmt(case.amount_paid)} the consumer gives"
            if case.amount_paid is not None
            else ""
        )
        sheet.add(
            WARNING,
            "money.no_payment",
            f"订单 {rec['order']} 的付款记录尚未核对到{stated}",
            f"no payment record matched for order {rec['order']} yet{stated_en}",
            rec["order"],
        )
    rows = trail.unmatched[trail.unmatched["kind"] != "order"]
    if len(rows):
        sheet.add(
            WARNING,
            "money.unmatched",
            f"有 {len(rows)} 笔退款或付给本案商家的交易未能对应到订单：只有涉及本案商家的列入提交材料",
            f"{len(rows)} refund(s) or payment(s) to the shop match no order: only those naming "
            "the case's shop go into the submission",
        )


def _narrative(store: Store, case_id: str, sheet: ReviewSheet) -> None:
    from ..narrative import facts_since_edit

    n = facts_since_edit(store, case_id, "zh")
    if n:
        sheet.add(
            WARNING,
            "narrative.stale",
            f"事实经过是手工修改的文本，之后又记录或改动了 {n} 项事件/沟通，请确认文本仍然完整",
            f"the facts are an edited text and {n} event(s)/contact(s) were logged or changed "
            "since: check the text still tells them",
            "narrative_zh",
        )
    case = store.get_case(case_id)
    if case.agent_name and not case.authorization_on_file:
        sheet.add(
            WARNING,
            "authorization.missing",
            f"代理人 {case.agent_name} 代为投诉，但尚未记录签署的授权委托书"
            "（可用 casework export ID --doc authorization 生成）",
            f"the agent {case.agent_name} acts for the consumer but no signed authorization "
            "letter is on file (casework export ID --doc authorization makes one)",
            "authorization_on_file",
        )


def _screenshots(store: Store, case_id: str, sheet: ReviewSheet) -> None:
    """Values read from screenshots that differ from the case or its bills, or were read with
    low confidence (#13); values the intake lacks are offered in the evidence panel instead."""
    from ..evidence.screenshots import review_items

    for it in review_items(store, case_id):
        if it["severity"] == "warning":
            sheet.add(
                WARNING,
                f"screenshot.{it['status']}",
                it["zh"],
                it["en"],
                f"证据{it['evidence_no']}",
            )


def accept_warnings(store: Store, case_id: str, sheet: ReviewSheet) -> None:
    """Record in the audit log that the advocate accepted these warnings (and exactly which)."""
    with store.write() as conn:
        store.log(
            conn,
            case_id,
            "review.accept",
            None,
            {
                "digest": sheet.digest(),
                "warnings": [
                    {"code": i.code, "zh": i.zh, "where": i.where} for i in sheet.warnings
                ],
            },
        )


def gate(
    store: Store,
    sheet: ReviewSheet,
    *,
    accepted: bool,
    blocked: Callable[[ReviewItem, int], Exception],
    unaccepted: Callable[[int], Exception],
) -> None:
    """What every export does with its review sheet, a submission's or a document's: the first
    blocking item stops it (``blocked(item, how many block)``), warnings not ``accepted`` stop it
    (``unaccepted(how many)``), and accepted warnings are written to the audit log."""
    if sheet.blocking:
        raise blocked(sheet.blocking[0], len(sheet.blocking))
    if sheet.warnings and not accepted:
        raise unaccepted(len(sheet.warnings))
    if sheet.warnings:
        accept_warnings(store, sheet.case_id, sheet)


__all__ = ["ReviewItem", "ReviewSheet", "accept_warnings", "gate", "review"]
