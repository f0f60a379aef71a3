"""What a case, an event and a contact can be (案件的类别与状态): the labelled keys of the register —
problem category, case status and its transitions, event kind, actor, contact channel, filing
channel — and the Chinese names of the case's fields. Each key carries its Chinese and English
label (:class:`Labelled`); :mod:`casework.cases` builds the models on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from .errors import InvalidInput, TransitionError

_LABELS: dict[str, dict[str, str]] = {}


class Labelled(StrEnum):
    """A short English key with a Chinese label: ``Category.QUALITY.zh == "商品质量"``."""

    @property
    def zh(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @property
    def label(self) -> str:
        return f"{self.zh} ({self.value})"

    @classmethod
    def parse(cls, value: object, *, field: str) -> Any:
        """Accept the English key or the Chinese label; otherwise name the field and the choices."""
        return parse_label(cls, value, field=field, zh=FIELD_ZH.get(field, field), en=field)


class _Keyed(Protocol):
    @property
    def value(self) -> str: ...

    @property
    def zh(self) -> str: ...


K = TypeVar("K", bound=_Keyed)


def parse_label(kind: Iterable[K], value: object, *, field: str, zh: str, en: str) -> K:
    """The member of ``kind`` whose key or Chinese label is ``value``, else one message naming
    the field (``zh`` / ``en``: its name) and the choices — for every labelled key, here and in
    :mod:`casework.vocabulary`."""
    text = str(value).strip()
    for member in kind:
        if text in (member.value, member.zh):
            return member
    choices = ", ".join(m.value for m in kind)
    raise InvalidInput(
        f"无效的{zh}: {text!r}（可选: {choices}）",
        f"invalid {en}: {text!r} (choose from: {choices})",
        field=field,
    )


class Category(Labelled):
    """Problem type (问题类型): the seed's types plus the common others."""

    QUALITY = "quality"
    LOGISTICS = "logistics"
    RETURN = "return"
    PAYMENT = "payment"
    AFTER_SALES = "after_sales"
    COUNTERFEIT = "counterfeit"
    FALSE_ADVERTISING = "false_advertising"
    REFUND_REFUSED = "refund_refused"
    PRICE = "price"
    PERSONAL_INFO = "personal_info"
    OTHER = "other"


_LABELS["Category"] = {
    "quality": "商品质量",
    "logistics": "物流配送",
    "return": "退货（七日无理由）",
    "payment": "支付问题",
    "after_sales": "售后服务",
    "counterfeit": "假冒商品",
    "false_advertising": "虚假宣传",
    "refund_refused": "拒绝退款",
    "price": "价格问题",
    "personal_info": "个人信息",
    "other": "其他",
}

#: Category → the China Consumers Association's complaint nature (投诉性质, A.16 of the domain notes),
#: so counts compare with the association's quarterly statistics.
CCA_NATURE: dict[Category, str] = {
    Category.QUALITY: "质量",
    Category.LOGISTICS: "合同",
    Category.RETURN: "合同",
    Category.PAYMENT: "合同",
    Category.AFTER_SALES: "售后服务",
    Category.COUNTERFEIT: "假冒",
    Category.FALSE_ADVERTISING: "虚假宣传",
    Category.REFUND_REFUSED: "合同",
    Category.PRICE: "价格",
    Category.PERSONAL_INFO: "人格尊严",
    Category.OTHER: "其他",
}


class Status(Labelled):
    """Where the case stands (案件状态)."""

    INTAKE = "intake"
    GATHERING_EVIDENCE = "gathering_evidence"
    FILED = "filed"
    AWAITING_REPLY = "awaiting_reply"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED_UNRESOLVED = "closed_unresolved"
    WITHDRAWN = "withdrawn"


_LABELS["Status"] = {
    "intake": "登记",
    "gathering_evidence": "收集证据",
    "filed": "已提交",
    "awaiting_reply": "等待答复",
    "escalated": "已升级",
    "resolved": "已解决",
    "closed_unresolved": "未解决结案",
    "withdrawn": "已撤回",
}

_ENDINGS = {Status.RESOLVED, Status.CLOSED_UNRESOLVED, Status.WITHDRAWN}
#: The allowed status changes. A closed case may be reopened into evidence gathering, since new
#: facts (a second defect, a broken promise) do turn up after closing.
TRANSITIONS: dict[Status, set[Status]] = {
    Status.INTAKE: {Status.GATHERING_EVIDENCE, Status.FILED} | _ENDINGS,
    Status.GATHERING_EVIDENCE: {Status.FILED} | _ENDINGS,
    Status.FILED: {Status.AWAITING_REPLY, Status.ESCALATED} | _ENDINGS,
    Status.AWAITING_REPLY: {Status.FILED, Status.ESCALATED} | _ENDINGS,
    Status.ESCALATED: {Status.AWAITING_REPLY, Status.FILED} | _ENDINGS,
    Status.RESOLVED: {Status.GATHERING_EVIDENCE},
    Status.CLOSED_UNRESOLVED: {Status.GATHERING_EVIDENCE},
    Status.WITHDRAWN: {Status.GATHERING_EVIDENCE},
}

OPEN_STATUSES = frozenset(Status) - _ENDINGS


def check_transition(old: Status, new: Status) -> None:
    if new not in TRANSITIONS[old]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[old]))
        raise TransitionError(
            f"不能从「{old.zh}」改为「{new.zh}」（可改为: {allowed}）",
            f"cannot change status from {old.value} to {new.value} (allowed: {allowed})",
            where="status",
        )


class EventKind(Labelled):
    """What happened (事件类型). Deadline clocks start from these."""

    PURCHASE = "purchase"
    PAYMENT = "payment"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    DEFECT_FOUND = "defect_found"
    CONTACTED_SELLER = "contacted_seller"
    SELLER_REPLIED = "seller_replied"
    RETURN_REQUESTED = "return_requested"
    RETURN_SHIPPED = "return_shipped"
    GOODS_RETURNED = "goods_returned"
    REFUND_REQUESTED = "refund_requested"
    REFUND_RECEIVED = "refund_received"
    PLATFORM_COMPLAINT = "platform_complaint"
    COMPLAINT_FILED = "complaint_filed"
    COMPLAINT_ACCEPTED = "complaint_accepted"
    COMPLAINT_REJECTED = "complaint_rejected"
    REPLY_RECEIVED = "reply_received"
    MEDIATION_ENDED = "mediation_ended"
    REPORT_FILED = "report_filed"
    OTHER = "other"


_LABELS["EventKind"] = {
    "purchase": "下单购买",
    "payment": "付款",
    "shipped": "发货",
    "delivered": "签收",
    "defect_found": "发现问题",
    "contacted_seller": "联系商家",
    "seller_replied": "商家答复",
    "return_requested": "申请退货",
    "return_shipped": "寄回商品",
    "goods_returned": "商家收到退货",
    "refund_requested": "申请退款",
    "refund_received": "收到退款",
    "platform_complaint": "平台投诉",
    "complaint_filed": "提交投诉",
    "complaint_accepted": "投诉受理",
    "complaint_rejected": "不予受理",
    "reply_received": "收到答复",
    "mediation_ended": "调解终止",
    "report_filed": "提交举报",
    "other": "其他",
}


class Actor(Labelled):
    """Who acted (行为方): one lane each on the timeline."""

    CONSUMER = "consumer"
    SELLER = "seller"
    PLATFORM = "platform"
    COURIER = "courier"
    PAYMENT = "payment"
    REGULATOR = "regulator"
    ASSOCIATION = "association"
    COURT = "court"
    ADVOCATE = "advocate"


_LABELS["Actor"] = {
    "consumer": "消费者",
    "seller": "商家",
    "platform": "平台",
    "courier": "快递",
    "payment": "支付机构",
    "regulator": "市场监管",
    "association": "消费者协会",
    "court": "法院",
    "advocate": "代理人",
}


class Channel(Labelled):
    """How a contact happened (沟通渠道)."""

    PLATFORM_CHAT = "platform_chat"
    PHONE = "phone"
    HOTLINE_12315 = "12315"
    ONLINE_12315 = "12315_online"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    WECHAT = "wechat"
    OTHER = "other"


_LABELS["Channel"] = {
    "platform_chat": "平台客服/聊天",
    "phone": "电话",
    "12315": "12315热线",
    "12315_online": "全国12315平台",
    "email": "电子邮件",
    "letter": "信函",
    "in_person": "当面",
    "wechat": "微信",
    "other": "其他",
}


class FilingChannel(Labelled):
    """Where the complaint goes (投诉渠道 / 受理渠道) — not how a contact happened (:class:`Channel`).
    The keys are the evidence checklist's channel keys; 12305 is the postal regulator's line
    for couriers."""

    PLATFORM = "platform"
    REGULATOR_12315 = "12315"
    ASSOCIATION = "association"
    COURT = "court"
    POSTAL_12305 = "12305"
    OTHER = "other"


_LABELS["FilingChannel"] = {
    "platform": "电商平台（平台投诉/客服介入）",
    "12315": "12315 / 市场监管部门",
    "association": "消费者协会",
    "court": "人民法院",
    "12305": "12305 / 邮政管理部门（快递）",
    "other": "其他",
}

#: Other names the register and the CLI accept for a filing channel (older registers kept the
#: contact method 12315_online here).
FILING_ALIASES = {
    "12315_online": "12315",
    "12315热线": "12315",
    "全国12315平台": "12315",
    "市场监管": "12315",
    "市场监管部门": "12315",
    "regulator": "12315",
    "平台": "platform",
    "消协": "association",
    "消费者协会": "association",
    "法院": "court",
    "邮政管理部门": "12305",
    "postal": "12305",
}


def parse_filing_channel(value: object) -> str:
    """A filing channel key from its key, Chinese label or an alias; ``""`` for none chosen."""
    text = str(value or "").strip()
    if not text:
        return ""
    key = FILING_ALIASES.get(text) or FILING_ALIASES.get(text.lower())
    if key:
        return key
    return str(FilingChannel.parse(text.lower() if text.isascii() else text, field="channel").value)


#: Chinese names of fields, for messages that must name the field in both languages.
FIELD_ZH: dict[str, str] = {
    "title": "案件标题",
    "category": "问题类型",
    "status": "案件状态",
    "platform": "平台",
    "shop_name": "店铺名称",
    "respondent_name": "被投诉人名称",
    "respondent_address": "被投诉人地址",
    "respondent_credit_code": "统一社会信用代码",
    "complainant_name": "投诉人姓名",
    "complainant_phone": "投诉人电话",
    "complainant_address": "投诉人通讯地址",
    "order_numbers": "订单号",
    "purchase_date": "购买日期",
    "amount_paid": "支付金额",
    "request": "诉求",
    "facts": "事实经过",
    "is_report": "同时举报",
    "agent_name": "代理人",
    "authorization_on_file": "授权委托书",
    "product": "商品",
    "channel": "投诉渠道",
    "contact_method": "联系方式",
    "at": "时间",
    "kind": "事件类型",
    "text": "内容",
    "actor": "行为方",
    "counterpart": "沟通对象",
    "ref": "工单号/投诉编号",
    "summary": "摘要",
    "response_due": "答复期限",
    "follow_up": "下次跟进",
    "amount": "金额",
    "date": "日期",
    "note": "备注",
    "direction": "沟通方向",
    "counterpart_kind": "对象类型",
}
