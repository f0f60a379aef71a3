"""What every section of a submission shares: the section order and titles, the filing channels,
and the context (the register, the case, the language, the redactor) each renderer is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ...cases import Actor, Case
from ...errors import CaseworkError, InvalidInput
from ...store import Store
from ..markup import esc
from ..redaction import Redactor, check_profile

SECTIONS = (
    "cover",
    "request",
    "facts",
    "timeline",
    "money",
    "evidence",
    "communications",
    "legal_basis",
    "deadlines",
    "signature",
    "appendix",
    "exhibits",
)
LANGS = ("zh", "en")

_TITLES: dict[str, tuple[str, str]] = {
    "request": ("投诉请求（诉求）", "Request"),
    "facts": ("事实与理由", "Facts and reasons"),
    "timeline": ("时间线", "Timeline"),
    "money": ("资金往来", "Money trail"),
    "evidence": ("证据清单", "Evidence list"),
    "communications": ("沟通记录", "Communications log"),
    "legal_basis": ("法律依据", "Legal basis"),
    "deadlines": ("期限", "Deadlines"),
    "signature": ("签名", "Signatures"),
    "appendix": ("附录：证据校验", "Appendix: evidence manifest"),
    "exhibits": ("附件：证据", "Exhibits"),
}
_NUMERALS = "一二三四五六七八九十"

#: Filing channel (递交渠道) → its name and the kind of counterpart that receives it.
CHANNELS: dict[str, tuple[str, str, Actor]] = {
    "12315": (
        "全国12315平台（市场监督管理部门）",
        "12315 platform (market regulator)",
        Actor.REGULATOR,
    ),
    "regulator": ("市场监督管理部门", "market regulator", Actor.REGULATOR),
    "platform": ("电商平台", "e-commerce platform", Actor.PLATFORM),
    "association": ("消费者协会", "consumer association", Actor.ASSOCIATION),
    "court": ("人民法院", "people's court", Actor.COURT),
    "seller": ("商家", "seller", Actor.SELLER),
}


def is_zh(lang: str) -> bool:
    return lang == "zh"


class Speaker(Protocol):
    """What the renderers a single case's and a group's submission share need of their
    context (:class:`Ctx` or :class:`casework.report.group.GroupCtx`): its language, its
    redactor and its date."""

    today: date

    def t(self, zh: str, en: str) -> str: ...

    def e(self, value: object) -> str: ...


@dataclass
class Ctx:
    """What every section needs: the register, the case, the language and the redactor."""

    store: Store
    case: Case
    lang: str
    profile: str
    r: Redactor
    today: date

    def t(self, zh: str, en: str) -> str:
        return zh if is_zh(self.lang) else en

    def e(self, value: object) -> str:
        """User text: redacted for the profile, then escaped."""
        return esc(self.r(value))

    def heading(self, name: str) -> str:
        zh, en = _TITLES[name]
        n = SECTIONS.index(name)  # cover is 0, so request is 一
        if name in ("appendix", "exhibits"):
            return f"<h2>{esc(self.t(zh, en))}</h2>"
        return f"<h2>{esc(self.t(f'{_NUMERALS[n - 1]}、{zh}', f'{n}. {en}'))}</h2>"


def make_ctx(
    store: Store,
    case_id: str,
    *,
    profile: str = "public",
    lang: str = "zh",
    today: date | None = None,
) -> Ctx:
    check_profile(profile)
    if lang not in LANGS:
        raise InvalidInput(
            f"无效的语言: {lang!r}（可选: zh, en）",
            f"unknown language {lang!r} (choose zh or en)",
            field="lang",
        )
    case = store.get_case(case_id)
    refs = [c.ref for c in store.list_communications(case_id) if c.ref]
    return Ctx(
        store,
        case,
        lang,
        profile,
        Redactor.for_case(case, profile, refs=refs),
        today or store.clock().date(),
    )


def channel_and_addressee(ctx: Ctx) -> tuple[str, str]:
    """The channel's name and who receives it: the latest counterpart of that kind we wrote to."""
    c = ctx.case
    zh, en, kind = CHANNELS.get(_channel_key(c.channel), ("", "", Actor.REGULATOR))
    outgoing = [
        m
        for m in ctx.store.list_communications(c.id)
        if m.direction == "out" and m.counterpart_kind == kind
    ]
    addressee = outgoing[-1].counterpart if outgoing else ""
    return ctx.t(zh, en), addressee


def _channel_key(value: str) -> str:
    """The case's channel as a key of :data:`CHANNELS`: ``12315_online``, 全国12315平台, 消协 …
    all name one; an unknown one is left off the cover (the review sheet names it)."""
    from ...evidence import parse_channel

    if value in CHANNELS or not value:
        return value
    try:
        return parse_channel(value) or ""
    except CaseworkError:
        return ""


def english(key: str) -> str:
    """An enum key as English words: ``after_sales`` → ``after sales``."""
    return key.replace("_", " ")
