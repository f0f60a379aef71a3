"""The review sheet of a next-step document (文书送出前核对): what the advocate weighs before it
goes out. The document states its articles and dates; the doubts are listed here, never in it.

Items: the case's own blocking items (evidence that fails verification …, from
:func:`casework.report.review.review`); the doubts of the triggering clock and of every article
the document cites (one-source wording, unverified texts, a text in transition, an estimated
calendar year — :mod:`casework.rules.doubts`); the kind's own doubts from drafts.json; what was
inferred (the superior department); what is missing (the complaint number, the recipient); an
edit older than facts logged since.
"""

from __future__ import annotations

from datetime import date

from ..errors import InvalidInput
from ..report.review import BLOCKING, WARNING, ReviewSheet, gate, review
from ..rules.doubts import _cite_doubt, doubts_of
from ..store import Store
from .facts import Facts, gather
from .kept import saved, saved_at
from .offers import resolve


def draft_review(
    store: Store, case_id: str, kind_id: str, clock: str | None = None, today: date | None = None
) -> ReviewSheet:
    today = today or store.clock().date()
    call = resolve(store, case_id, kind_id, clock, today)
    f = gather(store, case_id, call.kind, call.clock, today)
    sheet = ReviewSheet(case_id)
    for item in review(store, case_id, today=today).blocking:
        sheet.add(item.level, item.code, item.zh, item.en, item.where)
    where = f"{kind_id}@{call.clock_key}"
    for d in doubts_of([call.clock]):
        sheet.add(WARNING, f"draft.doubt.{d.kind}", d.text.zh, d.text.en, d.subject)
    for c in [*f.citations, *f.reply_citations]:
        found = _cite_doubt(c)
        if found is not None:
            sheet.add(WARNING, f"draft.doubt.{found.kind}", found.text.zh, found.text.en, c.law)
    for zh, en in zip(call.kind.doubts_zh, call.kind.doubts_en, strict=True):
        sheet.add(WARNING, "draft.rule", zh, en, where)
    if f.department and f.superior and kind_id == "urge_regulator":
        sheet.add(
            WARNING,
            "draft.inferred",
            f"上级主管部门「{f.superior}」由「{f.department}」推定，送出前请核对",
            f"the superior department {f.superior} is inferred from {f.department}; check it",
            where,
        )
    _missing(sheet, f, kind_id, where)
    _stale(store, sheet, case_id, kind_id, call.clock_key, where)
    return sheet


def _missing(sheet: ReviewSheet, f: Facts, kind_id: str, where: str) -> None:
    """What the record lacks for this document: the recipient, the complaint number, the
    decision a reconsideration contests."""
    regulator = f.kind.recipient.value == "regulator" and kind_id != "platform_escalation"
    if regulator and not f.department:
        sheet.add(
            BLOCKING,
            "draft.recipient",
            "收件部门不明：请在沟通记录或投诉事件中写明受理投诉的市场监督管理局",
            "the receiving department is unknown: name the bureau in the log or the complaint event",
            where,
        )
    if regulator and not f.complaint_ref:
        sheet.add(
            WARNING,
            "draft.ref",
            "沟通记录中没有投诉编号（工单号）：文书中未写明",
            "the communications log has no complaint number: the document does not state one",
            where,
        )
    if f.inaction:
        sheet.add(
            WARNING,
            "draft.inaction_period",
            "对不履行法定职责申请行政复议的期限起算：行政复议法第20条自知道行政行为之日起六十日，"
            "未规定不作为的起算点；旧实施条例（2007）第16条自履行期限届满之日起计算，其与2023年"
            "修订法的关系未核实，请尽早提出",
            "when the period against inaction starts: Art. 20 counts sixty days from knowing of an "
            "act and names no start for inaction; the old implementing regulation (2007) Art. 16 "
            "counts from the end of the period to perform, and how it stands with the 2023 "
            "revision was not verified — apply early",
            where,
        )
    elif kind_id == "admin_review" and f.decision is None:
        sheet.add(
            BLOCKING,
            "draft.decision",
            "没有记录被申请复议的决定（不予受理或终止调解）",
            "no decision (non-acceptance or termination) is logged to contest",
            where,
        )


def _stale(
    store: Store, sheet: ReviewSheet, case_id: str, kind_id: str, clock: str, where: str
) -> None:
    """An edit kept before facts were logged may not tell them (as the narrative's edit)."""
    if saved(store, case_id, kind_id, clock):
        since = saved_at(store, case_id, kind_id, clock)
        newer = [
            r
            for r in store.audit_log(case_id)
            if str(r["at"]) > since and str(r["action"]).startswith(("event.", "comm."))
        ]
        if newer:
            sheet.add(
                WARNING,
                "draft.stale",
                f"文书保存修改后又记录了 {len(newer)} 条事实，修改稿中可能没有",
                f"{len(newer)} fact(s) logged after the edit was kept; the edit may not tell them",
                where,
            )


def check(
    store: Store, case_id: str, kind_id: str, clock: str, *, accept_warnings: bool = False
) -> ReviewSheet:
    """Refuse while the document's sheet has a blocking item or unaccepted warnings; record an
    acceptance in the audit log (as the submission's export does)."""
    sheet = draft_review(store, case_id, kind_id, clock)
    gate(
        store,
        sheet,
        accepted=accept_warnings,
        blocked=lambda first, _n: InvalidInput(
            f"不能导出文书：{first.zh}", f"document not exported: {first.en}", field="review"
        ),
        unaccepted=lambda n: InvalidInput(
            f"文书送出前核对还有 {n} 项提醒未确认：用 casework draft {case_id} --kind {kind_id} "
            "--check 查看，核对后加 --accept-warnings 导出",
            f"{n} review warning(s) of the document not accepted: see them with casework draft "
            f"{case_id} --kind {kind_id} --check, then export with --accept-warnings",
            field="review",
        ),
    )
    return sheet


__all__ = ["check", "draft_review"]
