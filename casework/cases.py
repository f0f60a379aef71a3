"""The domain model (案件模型): a case, its parties, events and communications.

Fields follow what the law asks a complaint to carry — 市场监督管理投诉举报处理暂行办法 Art. 9
(complainant's name, phone and mailing address; respondent's name and address; the specific request
and the facts) and Art. 10 (an agent needs the signed 授权委托书) — plus what an advocate works with.
Validation messages name the field in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .clock import to_shanghai
from .errors import InvalidInput, TransitionError
from .money import parse_amount

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
        text = str(value).strip()
        for member in cls:
            if text in (member.value, member.zh):
                return member
        choices = ", ".join(m.value for m in cls)
        raise InvalidInput(
            f"无效的{FIELD_ZH.get(field, field)}: {text!r}（可选: {choices}）",
            f"invalid {field}: {text!r} (choose from: {choices})",
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


#: pydantic error types → (中文, English) reasons, so neither half of a message mixes languages.
_REASONS: dict[str, tuple[str, str]] = {
    "missing": ("必须填写", "is required"),
    "string_too_short": ("不能为空", "must not be empty"),
    "string_too_long": (
        "太长（最多 {max_length} 字）",
        "is too long (at most {max_length} characters)",
    ),
    "extra_forbidden": ("不是可用的字段", "is not a known field"),
    "bool_parsing": ("应为 是/否", "must be yes or no"),
    "bool_type": ("应为 是/否", "must be yes or no"),
    "string_type": ("应为文字", "must be text"),
    "list_type": ("应为列表", "must be a list"),
    "int_parsing": ("应为整数", "must be a whole number"),
}


def _field_error(exc: ValidationError) -> InvalidInput:
    """The first pydantic error as one bilingual line naming the field."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "value"
    zh = FIELD_ZH.get(field, field)
    ctx = err.get("ctx", {})
    cause = ctx.get("error")
    if isinstance(cause, InvalidInput):
        return cause
    if err["type"] == "value_error" and isinstance(cause, ValueError) and cause.args:
        # Our own validators raise ValueError((中文, English)).
        reason = cause.args[0]
        if isinstance(reason, tuple):
            return InvalidInput(f"{zh}{reason[0]}", f"{field} {reason[1]}", field=field)
    if err["type"] in _REASONS:
        reason_zh, reason_en = (r.format(**ctx) for r in _REASONS[err["type"]])
        return InvalidInput(f"{zh}{reason_zh}", f"{field} {reason_en}", field=field)
    return InvalidInput(f"{zh}无效", f"invalid {field}: {err['msg']}", field=field)


class Model(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid", str_strip_whitespace=True)

    @classmethod
    def build(cls, **values: Any) -> Any:
        """Construct, turning pydantic's errors into one bilingual :class:`InvalidInput`."""
        try:
            return cls(**values)
        except ValidationError as exc:
            raise _field_error(exc) from None


class CaseFields(Model):
    """Everything an advocate records about a case; all but title and category may wait."""

    title: str = Field(min_length=1, max_length=200)
    category: Category
    platform: str = ""
    shop_name: str = ""
    respondent_name: str = ""
    respondent_address: str = ""
    respondent_credit_code: str = ""
    complainant_name: str = ""
    complainant_phone: str = ""
    complainant_address: str = ""
    order_numbers: list[str] = Field(default_factory=list)
    product: str = ""
    purchase_date: date | None = None
    amount_paid: Decimal | None = None
    request: str = ""
    facts: str = ""
    is_report: bool = False
    agent_name: str = ""
    authorization_on_file: bool = False
    #: Where the complaint goes (投诉渠道): a :class:`FilingChannel` key, or "" until chosen.
    channel: str = ""
    #: How the complainant prefers to be reached (联系方式): a :class:`Channel` key, or "".
    contact_method: str = ""

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, v: object) -> Category:
        return Category.parse(v, field="category")

    @field_validator("channel", mode="before")
    @classmethod
    def _filing_channel(cls, v: object) -> str:
        return parse_filing_channel(v)

    @field_validator("contact_method", mode="before")
    @classmethod
    def _contact_method(cls, v: object) -> str:
        if v is None or str(v).strip() == "":
            return ""
        return str(Channel.parse(v, field="contact_method").value)

    @field_validator("amount_paid", mode="before")
    @classmethod
    def _amount(cls, v: object) -> Decimal | None:
        if v is None or v == "":
            return None
        amount = parse_amount(v, field="amount_paid")
        if amount < 0:
            raise InvalidInput(
                "支付金额不能为负", "amount_paid must not be negative", field="amount_paid"
            )
        return amount

    @field_validator("purchase_date", mode="before")
    @classmethod
    def _date(cls, v: object) -> date | None:
        if v is None or v == "":
            return None
        return parse_date(v, field="purchase_date")

    @field_validator("order_numbers", mode="before")
    @classmethod
    def _orders(cls, v: object) -> list[str]:
        # Order numbers are text: 19 digits would lose their tail as numbers.
        if v is None or v == "":
            return []
        items: Iterable[object] = (
            v.replace("，", ",").split(",") if isinstance(v, str) else v  # type: ignore[assignment]
        )
        return [str(x).strip() for x in items if str(x).strip()]

    @field_validator("complainant_phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        digits = v.replace(" ", "").replace("-", "")
        if v and not (digits.lstrip("+").isdigit() and 5 <= len(digits) <= 16):
            raise ValueError(("不是有效的电话号码", "is not a phone number"))
        return v


class Case(CaseFields):
    """A case as the register holds it."""

    id: str
    status: Status = Status.INTAKE
    created_at: datetime
    updated_at: datetime
    version: int = 1
    narrative_zh: str = ""
    narrative_en: str = ""

    @property
    def missing_required(self) -> list[str]:
        """Fields the 12315 form requires (办法 Art. 10 ¶1 / 暂行办法 Art. 9) still empty; the
        list and its dated citation live in :mod:`casework.filing`."""
        from .filing import missing_fields

        return [r.field for r in missing_fields(self, self.updated_at.date(), channel="12315")]


UPDATABLE = frozenset(CaseFields.model_fields) | {"narrative_zh", "narrative_en"}


class Event(Model):
    """One thing that happened, at a time (事件)."""

    id: int | None = None
    case_id: str = ""
    at: datetime
    kind: EventKind
    actor: Actor = Actor.CONSUMER
    text: str = ""
    source: str = "manual"

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: object) -> EventKind:
        return EventKind.parse(v, field="kind")

    @field_validator("actor", mode="before")
    @classmethod
    def _actor(cls, v: object) -> Actor:
        return Actor.parse(v, field="actor")

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, v: object) -> datetime:
        return parse_datetime(v, field="at")


class Communication(Model):
    """One contact with a counterpart, with its reference number (沟通记录, 工单号 / 投诉编号)."""

    id: int | None = None
    case_id: str = ""
    at: datetime
    counterpart: str = Field(min_length=1)
    counterpart_kind: Actor = Actor.SELLER
    channel: Channel
    direction: str = "out"
    ref: str = ""
    summary: str = Field(min_length=1)
    response_due: date | None = None
    follow_up: date | None = None

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, v: object) -> Channel:
        return Channel.parse(v, field="channel")

    @field_validator("counterpart_kind", mode="before")
    @classmethod
    def _ckind(cls, v: object) -> Actor:
        return Actor.parse(v, field="counterpart_kind")

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, v: object) -> datetime:
        return parse_datetime(v, field="at")

    @field_validator("response_due", "follow_up", mode="before")
    @classmethod
    def _dates(cls, v: object, info: Any) -> date | None:
        if v is None or v == "":
            return None
        return parse_date(v, field=info.field_name)

    @field_validator("direction")
    @classmethod
    def _direction(cls, v: str) -> str:
        if v not in ("out", "in"):
            raise ValueError(
                (
                    "应为 out（我方联系对方）或 in（对方联系我方）",
                    "must be 'out' (we contacted them) or 'in' (they contacted us)",
                )
            )
        return v


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y年%m月%d日 %H:%M",
)


#: Every date the engines use lies in this range. Online shopping in China begins in the 1990s, and
#: a date past 2100 is a typo; outside it, deadline arithmetic would overflow ``date`` (9999-12-31
#: plus 15 days) and the timeline would stretch over centuries.
FIRST_DATE = date(1990, 1, 1)
LAST_DATE = date(2100, 12, 31)


def check_date_range(day: date, *, field: str = "date") -> date:
    """``day`` if it lies within 1990–2100, else :class:`InvalidInput` naming the field."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise InvalidInput(
            f"{FIELD_ZH.get(field, field)}超出范围: {day.isoformat()}（应在 1990-01-01 至 2100-12-31 之间）",
            f"{field} is out of range: {day.isoformat()} (must be between 1990-01-01 and 2100-12-31)",
            field=field,
        )
    return day


def parse_date(value: object, *, field: str = "date") -> date:
    """A calendar date from ``2026-03-01``, ``2026/3/1``, ``2026年3月1日`` or a date object,
    within 1990–2100."""
    if isinstance(value, datetime):
        return check_date_range(_aware(value, field).date(), field=field)
    if isinstance(value, date):
        return check_date_range(value, field=field)
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return check_date_range(datetime.strptime(text, fmt).date(), field=field)
        except ValueError:
            continue
    raise InvalidInput(
        f"{FIELD_ZH.get(field, field)}不是有效日期: {text!r}（格式 2026-03-01）",
        f"{field} is not a valid date: {text!r} (use 2026-03-01)",
        field=field,
    )


def _aware(value: datetime, field: str) -> datetime:
    """``to_shanghai`` that cannot overflow: 9999-12-31 23:00 UTC is past the last Shanghai day."""
    if not FIRST_DATE <= value.date() <= LAST_DATE:
        check_date_range(value.date(), field=field)
    return to_shanghai(value)


def parse_datetime(value: object, *, field: str = "at") -> datetime:
    """An aware Asia/Shanghai datetime within 1990–2100; a bare date means midnight; naive times
    are Shanghai time. A second of 60 (a leap second) is refused: no bill or platform records one.
    """
    if isinstance(value, datetime):
        return _checked(_aware(value, field), field)
    if isinstance(value, date):
        return _checked(to_shanghai(datetime(value.year, value.month, value.day)), field)
    text = str(value).strip()
    for fmt in _DATETIME_FORMATS:
        try:
            return _checked(_aware(datetime.strptime(text, fmt), field), field)
        except ValueError:
            continue
    try:
        return _checked(_aware(datetime.fromisoformat(text), field), field)
    except ValueError:
        pass
    d = parse_date(text, field=field)
    return to_shanghai(datetime(d.year, d.month, d.day))


def _checked(value: datetime, field: str) -> datetime:
    check_date_range(value.date(), field=field)
    return value
