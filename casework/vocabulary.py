"""Words a reader of a submission knows (读者用语): one definition of each, in Chinese and English.

The engines speak in keys (a deadline's ``met`` / ``open`` / ``overdue``); a regulator's clerk or a
judge reads 已在期限内完成 / 尚在期限内 / 已超过期限. The report, the workbook and the CLI take the
words from here so the same state is never called two things.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

_WORDS: dict[str, dict[str, tuple[str, str]]] = {}


class Labelled(StrEnum):
    """A key with a Chinese and an English label: ``DeadlineStatus.OVERDUE.zh == "已超过期限"``.

    Like :class:`casework.cases.Labelled`, but the English label is words too (not the key)."""

    @property
    def zh(self) -> str:
        return _WORDS[type(self).__name__][self.value][0]

    @property
    def en(self) -> str:
        return _WORDS[type(self).__name__][self.value][1]

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class DeadlineStatus(Labelled):
    """Where a deadline (期限) stands, as the reader is told."""

    DONE_IN_TIME = "done_in_time"
    RUNNING = "running"
    OVERDUE = "overdue"

    @classmethod
    def of(cls, status: str) -> DeadlineStatus | None:
        """The reader's word for the deadline engine's status (``met`` / ``open`` / ``overdue``);
        ``None`` for ``not_applicable``, which a reader is never shown."""
        return _ENGINE.get(status)


_WORDS["DeadlineStatus"] = {
    "done_in_time": ("已在期限内完成", "done within the time limit"),
    "running": ("尚在期限内", "still within the time limit"),
    "overdue": ("已超过期限", "past the time limit"),
}
_ENGINE: dict[str, Any] = {
    "met": DeadlineStatus.DONE_IN_TIME,
    "open": DeadlineStatus.RUNNING,
    "overdue": DeadlineStatus.OVERDUE,
}


class ClockState(Labelled):
    """Where a clock (期限) stands, as the advocate is told in the workbook and the CLI (#16).

    The engine's own keys (``Deadline.status``). The workbook's words: 已满足 / 进行中 / 已逾期 /
    不适用 — the CLI and the timeline figure said 已按期 / 未到期, which read as "on time" for a
    clock nobody has closed yet."""

    MET = "met"
    OPEN = "open"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"


_WORDS["ClockState"] = {
    "met": ("已满足", "met"),
    "open": ("进行中", "open"),
    "overdue": ("已逾期", "overdue"),
    "not_applicable": ("不适用", "not applicable"),
}


class Applies(Labelled):
    """Whether a damages line (赔偿项目) applies: yes, once a fact is established, or not (#16).

    可能适用 (the workbook's) over the CLI's 待认定: the line says what it is; its notes say
    which fact is to be established."""

    YES = "yes"
    POSSIBLE = "possible"
    NO = "no"


_WORDS["Applies"] = {
    "yes": ("适用", "yes"),
    "possible": ("可能适用", "possible"),
    "no": ("不适用", "no"),
}


class ReviewLevel(Labelled):
    """How an item of the review sheet (送出前核对) stands in the way of the export."""

    BLOCKING = "blocking"
    WARNING = "warning"


_WORDS["ReviewLevel"] = {
    "blocking": ("必须处理", "must be fixed"),
    "warning": ("请核对", "check"),
}


# -- groups (#17): group complaints (共同投诉) -----------------------------------------------------


class GroupRole(Labelled):
    """A member's part in a group complaint (共同投诉, 办法 Art. 12)."""

    REPRESENTATIVE = "representative"
    MEMBER = "member"


_WORDS["GroupRole"] = {
    "representative": ("代表人", "representative"),
    "member": ("成员", "member"),
}


class GroupDocument(Labelled):
    """The documents a group complaint's submission generates for signature."""

    NOMINATION = "nomination"
    AUTHORIZATION = "authorization"


_WORDS["GroupDocument"] = {
    "nomination": ("推选代表人书", "nomination of representatives"),
    "authorization": ("授权委托书", "letter of authorization"),
}

# -- next-step documents (#19) ------------------------------------------------------------------


class DraftKindLabel(Labelled):
    """The kinds of next-step document (下一步文书) a late clock calls for (rules/data/drafts.json)."""

    URGE_REGULATOR = "urge_regulator"
    ADMIN_REVIEW = "admin_review"
    INFO_DISCLOSURE = "info_disclosure"
    PLATFORM_ESCALATION = "platform_escalation"
    SELLER_DEMAND = "seller_demand"


_WORDS["DraftKindLabel"] = {
    "urge_regulator": ("督促履职申请（催办）", "application urging the regulator to act"),
    "admin_review": ("行政复议申请", "application for administrative reconsideration"),
    "info_disclosure": ("政府信息公开申请", "request for disclosure of government information"),
    "platform_escalation": ("投诉平台未按时处理", "complaint: the platform missed its time"),
    "seller_demand": ("催告函（退款）", "letter of demand to the seller (refund)"),
}


class DraftFormat(Labelled):
    """What a draft is written as: a PDF to send, or plain text for a web form."""

    PDF = "pdf"
    TEXT = "text"


_WORDS["DraftFormat"] = {
    "pdf": ("PDF 文件", "PDF file"),
    "text": ("纯文本（网上表单）", "plain text (web form)"),
}


# -- privacy (#17 items 2-4): consent ledger, retention and erasure, access log -----------------


class RecipientKind(Labelled):
    """Who a submission goes to (提交对象): each needs its own consent (个人信息保护法 Art. 23)."""

    PLATFORM = "platform"
    MERCHANT = "merchant"
    REGULATOR = "regulator"
    ASSOCIATION = "association"
    COURT = "court"
    LAWYER = "lawyer"


_WORDS["RecipientKind"] = {
    "platform": ("电商平台", "the platform"),
    "merchant": ("商家", "the merchant"),
    "regulator": ("市场监管部门", "the market regulator"),
    "association": ("消费者协会", "the consumer association"),
    "court": ("人民法院", "the court"),
    "lawyer": ("律师", "a lawyer"),
}


class ConsentScope(Labelled):
    """What one entry of the consent ledger (同意记录) is about."""

    NOTICE = "notice"
    PROCESSING = "processing"
    SENSITIVE = "sensitive"
    RECIPIENT = "recipient"


_WORDS["ConsentScope"] = {
    "notice": ("已告知个人信息处理规则", "the notice was shown"),
    "processing": ("同意处理个人信息", "consent to processing"),
    "sensitive": ("单独同意处理敏感个人信息", "separate consent for sensitive information"),
    "recipient": ("单独同意向其提供", "separate consent to provide it to"),
}


class ConsentState(Labelled):
    """Where a consent stands."""

    GIVEN = "given"
    WITHDRAWN = "withdrawn"
    NONE = "none"
    SHOWN = "shown"


_WORDS["ConsentState"] = {
    "shown": ("已告知", "shown"),
    "given": ("已同意", "given"),
    "withdrawn": ("已撤回", "withdrawn"),
    "none": ("未记录", "not recorded"),
}


class ConsentHow(Labelled):
    """How a consent was given or withdrawn (同意方式)."""

    PAPER = "paper"
    IN_PERSON = "in_person"
    ELECTRONIC = "electronic"


_WORDS["ConsentHow"] = {
    "paper": ("书面签字（证据）", "signed paper (an evidence item)"),
    "in_person": ("当面口头", "in person"),
    "electronic": ("电子方式", "electronically"),
}


class AccessAction(Labelled):
    """What the access log (访问记录) records: who did this to which case."""

    OPEN = "access.open"
    EVIDENCE = "access.evidence"
    EXPORT = "access.export"
    ARCHIVE = "access.archive"
    PURGE = "purge"


_WORDS["AccessAction"] = {
    "access.open": ("打开案件", "opened the case"),
    "access.evidence": ("读取证据", "read evidence"),
    "access.export": ("导出提交材料", "exported a submission"),
    "access.archive": ("导出移交归档", "exported a hand-off archive"),
    "purge": ("清除个人信息", "erased the personal information"),
}

# -- money trail: how a payment was matched to an order ------------------------------------------

#: How the money trail matched a payment to an order (records' ``match_method``), in words.
MATCHED_BY: dict[str, tuple[str, str]] = {
    "id": ("交易号/订单号一致", "same order or transaction id"),
    "order_record": ("订单记录", "order record"),
    "amount+time+counterparty": ("金额、时间和商家一致", "amount, time and counterparty"),
    "amount+time": ("金额和时间一致", "amount and time"),
}


# -- the portfolio's due list: where an item stands today ---------------------------------------


class DueStatus(Labelled):
    """An item of the due list (期限与跟进), decided when the list is read: run out, due today, or
    coming within the window."""

    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    UPCOMING = "upcoming"


_WORDS["DueStatus"] = {
    "overdue": _WORDS["ClockState"]["overdue"],  # the same word as a clock's: one state
    "due_today": ("今天到期", "due today"),
    "upcoming": ("即将到期", "upcoming"),
}


__all__ = [
    "MATCHED_BY",
    "AccessAction",
    "Applies",
    "ClockState",
    "ConsentHow",
    "ConsentScope",
    "ConsentState",
    "DeadlineStatus",
    "DraftFormat",
    "DraftKindLabel",
    "DueStatus",
    "GroupDocument",
    "GroupRole",
    "Labelled",
    "RecipientKind",
    "ReviewLevel",
]
