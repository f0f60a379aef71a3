"""The domain model (案件模型): a case, its parties, events and communications.

Fields follow what the law asks a complaint to carry — 市场监督管理投诉举报处理暂行办法 Art. 9
(complainant's name, phone and mailing address; respondent's name and address; the specific request
and the facts) and Art. 10 (an agent needs the signed 授权委托书) — plus what an advocate works with.
Validation messages name the field in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from .dates import (
    FIRST_DATE,
    LAST_DATE,
    check_date_range,
    parse_date,
    parse_datetime,
)
from .errors import InvalidInput
from .kinds import (
    CCA_NATURE,
    FIELD_ZH,
    FILING_ALIASES,
    OPEN_STATUSES,
    TRANSITIONS,
    Actor,
    Category,
    Channel,
    EventKind,
    FilingChannel,
    Labelled,
    Status,
    check_transition,
    parse_filing_channel,
)
from .money import parse_amount

#: The models are defined here; the keys they use (kinds) and the date parsing (dates) are
#: re-exported, so ``from casework.cases import Status, parse_date`` keeps working.
__all__ = [
    "CCA_NATURE",
    "FIELD_ZH",
    "FILING_ALIASES",
    "FIRST_DATE",
    "LAST_DATE",
    "OPEN_STATUSES",
    "TRANSITIONS",
    "UPDATABLE",
    "Actor",
    "Case",
    "CaseFields",
    "Category",
    "Channel",
    "Communication",
    "Event",
    "EventKind",
    "FilingChannel",
    "Labelled",
    "Model",
    "Status",
    "check_date_range",
    "check_transition",
    "parse_date",
    "parse_datetime",
    "parse_filing_channel",
]

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


def _parsed(parse: Callable[..., Any]) -> BeforeValidator:
    """A field read by one of our parsers (``parse(value, field=NAME)``), whose message names
    the field in Chinese and English instead of pydantic's."""
    return BeforeValidator(lambda v, info: parse(v, field=info.field_name))


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
    category: Annotated[Category, _parsed(Category.parse)]
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


UPDATABLE = frozenset(CaseFields.model_fields) | {"narrative_zh", "narrative_en"}


class Event(Model):
    """One thing that happened, at a time (事件)."""

    id: int | None = None
    case_id: str = ""
    at: Annotated[datetime, _parsed(parse_datetime)]
    kind: Annotated[EventKind, _parsed(EventKind.parse)]
    actor: Annotated[Actor, _parsed(Actor.parse)] = Actor.CONSUMER
    text: str = ""
    source: str = "manual"


class Communication(Model):
    """One contact with a counterpart, with its reference number (沟通记录, 工单号 / 投诉编号)."""

    id: int | None = None
    case_id: str = ""
    at: Annotated[datetime, _parsed(parse_datetime)]
    counterpart: str = Field(min_length=1)
    counterpart_kind: Annotated[Actor, _parsed(Actor.parse)] = Actor.SELLER
    channel: Annotated[Channel, _parsed(Channel.parse)]
    direction: str = "out"
    ref: str = ""
    summary: str = Field(min_length=1)
    response_due: date | None = None
    follow_up: date | None = None

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
