"""Redaction profiles (脱敏) for submissions, after 个人信息保护法 (PIPL) Arts. 6, 25, 28 and 民法典 1034.

Two profiles:

* ``authority`` (原始证据版) — for the 12315 platform, a market regulator or a court, who receive
  personal information under a legal basis: the complainant's name, phone and address stay, since
  the 12315 form requires them (暂行办法 Art. 9). Full bank-card / account numbers are still cut to
  their last four digits: financial accounts are sensitive PI (PIPL Art. 28) and no reader needs
  the whole number — the money trail identifies payments by their transaction ids.
* ``public`` (隐私保护版, the default) — for platforms, media, training: names of persons, phone
  numbers, ID-card numbers, detailed addresses, e-mail, WeChat ids and account numbers masked to a
  stable readable pattern (``138****8000``, ``1101**********1234``, ``李*``). Order numbers,
  tracking numbers, complaint reference numbers and the business's own name, address and credit
  code are evidence (and businesses' data are not the consumer's PI), so a keep-list protects them.

Free text can only be searched for *patterns*; a person's name that the register does not know
(a courier's, say) cannot be found. Names are therefore taken from the register, and the advocate
still reads the public version before it leaves the desk (C.5 of the domain notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..cases import Case
from ..errors import InvalidInput

PROFILES = ("public", "authority")
PROFILE_ZH = {"public": "隐私保护版", "authority": "原始证据版"}
PROFILE_EN = {
    "public": "public (personal data masked)",
    "authority": "for the authority (complete)",
}

# Digits or Latin letters next to a number mean it is part of a longer id (a hash, an order
# number): such runs are not phone numbers. Chinese characters around a number are fine.
_B = r"(?<![0-9A-Za-z])"
_E = r"(?![0-9A-Za-z])"

MOBILE = re.compile(_B + r"(?:(?:\+|00)86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})" + _E)
LANDLINE = re.compile(_B + r"(?:\((0\d{2,3})\)\s?|(0\d{2,3})[\s-])(\d{3,4})[\s-]?(\d{4})" + _E)
ID_CARD = re.compile(_B + r"(\d{17}[\dXx])" + _E)
DIGIT_RUN = re.compile(_B + r"(\d(?:[ -]?\d){15,18})" + _E)
ACCOUNT_CONTEXT = re.compile(
    r"((?:银行卡|卡号|账号|帐号|账户|帐户|card|account)\s*(?:号码|号)?[:：\s]*)"
    r"(\d(?:[ -]?\d){7,29})" + _E,
    re.IGNORECASE,
)
EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
WECHAT = re.compile(
    r"((?:微信号|微信|wechat|支付宝账号|支付宝)\s*[:：]\s*)([A-Za-z][-_A-Za-z0-9]{5,19})",
    re.IGNORECASE,
)
# Identifiers that are evidence, found by the word in front of them (运单号 = tracking number).
KEEP_CONTEXT = re.compile(
    r"(?:订单号|订单编号|运单号|快递单号|物流单号|单号|交易号|流水号|工单号|投诉编号|"
    r"商户订单号|统一社会信用代码)\s*[:：]?\s*([0-9A-Za-z-]{6,40})"
)
# A detailed street address in free text: keep the street, mask the number and the room.
STREET = re.compile(
    r"([\u4e00-\u9fff]{1,12}?(?:路|街|大道|大街|巷|弄|胡同|村|小区))\s*"
    r"(\d+[\d\s\-之号弄栋幢楼单元层室院A-Za-z]*[号室楼])"
)
# Province, city and district (区县) names are short and hold no digits; the rest is the street.
_ADMIN = re.compile(
    r"^([^\d\s]{1,7}?(?:省|自治区|特别行政区|市))?([^\d\s]{1,6}?(?:市|自治州|地区|盟))?"
    r"([^\d\s]{1,6}?(?:区|县|旗|市))?"
)

# Placeholders for kept identifiers: private-use characters, so no pattern above can match them.
_PH_START = 0xE100


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise InvalidInput(
            f"无效的脱敏方案: {profile!r}（可选: public 隐私保护版, authority 原始证据版）",
            f"unknown redaction profile {profile!r} (choose public or authority)",
            field="profile",
        )
    return profile


def _id_checksum_ok(number: str) -> bool:
    """GB 11643 check digit of an 18-digit 居民身份证号码 (resident ID number)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _luhn_ok(digits: str) -> bool:
    """The Luhn check every bank card number passes (and most other long numbers fail)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mask_tail(digits: str, keep: int = 4) -> str:
    """All but the last ``keep`` characters as ``*``: ``6222021234567890123`` → ``***…0123``."""
    return "*" * max(len(digits) - keep, 0) + digits[-keep:]


def mask_name(name: str) -> str:
    """``李华`` → ``李*``, ``欧阳娜娜`` → ``欧***``, ``Alice Wang`` → ``A***``."""
    name = name.strip()
    if not name:
        return name
    if re.match(r"[\u4e00-\u9fff]", name):
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "***"


def mask_address(address: str) -> str:
    """Keep the province / city / district (区县) and mask the rest: ``上海市徐汇区****``."""
    address = address.strip()
    m = _ADMIN.match(address)
    prefix = "".join(g for g in (m.groups() if m else ()) if g)
    return (prefix + "****") if prefix else "****"


def person_names(raw: str) -> list[str]:
    """The person's name in a field like ``王敏（消费维权志愿者）`` → ``["王敏"]``."""
    name = re.split(r"[（(,，/、]", raw, maxsplit=1)[0].strip()
    return [name] if name else []


@dataclass(frozen=True)
class Redactor:
    """A profile plus what the register knows: whose names and addresses, which ids to keep.

    Call it on any text: ``r("联系电话 13800138000")`` → ``"联系电话 138****8000"``.
    """

    profile: str = "public"
    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    _keep_sorted: tuple[str, ...] = field(init=False, repr=False, default=())

    def __post_init__(self) -> None:
        check_profile(self.profile)
        kept = {k.strip() for k in self.keep if k and k.strip()}
        # Longest first, so a longer kept id is protected before a shorter one inside it.
        object.__setattr__(self, "_keep_sorted", tuple(sorted(kept, key=len, reverse=True)))

    @classmethod
    def for_case(cls, case: Case, profile: str = "public", *, refs: Iterable[str] = ()) -> Redactor:
        """The redactor for one case: its persons, its complainant's address, its evidence ids."""
        names = person_names(case.complainant_name) + person_names(case.agent_name)
        keep = [
            *case.order_numbers,
            *refs,
            case.respondent_name,
            case.respondent_address,
            case.respondent_credit_code,
            case.shop_name,
            case.platform,
        ]
        addresses = [case.complainant_address] if case.complainant_address else []
        return cls(profile, tuple(names), tuple(addresses), tuple(keep))

    def __call__(self, text: object) -> str:
        return redact(
            text, self.profile, names=self.names, addresses=self.addresses, keep=self._keep_sorted
        )


def _protect(text: str, keep: Iterable[str]) -> tuple[str, list[str]]:
    """Swap kept identifiers for placeholders; the list restores them."""
    saved: list[str] = []

    def hold(value: str) -> str:
        saved.append(value)
        return chr(_PH_START + len(saved) - 1)

    for k in keep:
        if k and k in text:
            text = text.replace(k, hold(k))
    text = KEEP_CONTEXT.sub(lambda m: m.group(0).replace(m.group(1), hold(m.group(1))), text)
    return text, saved


def _restore(text: str, saved: list[str]) -> str:
    for i, value in enumerate(saved):
        text = text.replace(chr(_PH_START + i), value)
    return text


def _mask_accounts(text: str) -> str:
    def by_context(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(2))
        return m.group(1) + mask_tail(digits)

    def by_luhn(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(1))
        return mask_tail(digits) if _luhn_ok(digits) else m.group(0)

    text = ACCOUNT_CONTEXT.sub(by_context, text)
    return DIGIT_RUN.sub(by_luhn, text)


def redact(
    text: object,
    profile: str = "public",
    *,
    names: Iterable[str] = (),
    addresses: Iterable[str] = (),
    keep: Iterable[str] = (),
) -> str:
    """Mask personal information in ``text`` for ``profile`` (``public`` or ``authority``).

    ``names`` and ``addresses`` are the persons' names and addresses the register knows (masked in
    ``public``); ``keep`` lists identifiers that are evidence and must stay (order numbers, …).
    """
    check_profile(profile)
    out = "" if text is None else str(text)
    if not out:
        return out
    out, saved = _protect(out, keep)
    out = _mask_accounts(out)
    if profile == "public":
        for addr in sorted(
            {a.strip() for a in addresses if a and a.strip()}, key=len, reverse=True
        ):
            out = out.replace(addr, mask_address(addr))
        out = ID_CARD.sub(
            lambda m: (
                (m.group(1)[:4] + "*" * 10 + m.group(1)[-4:])
                if _id_checksum_ok(m.group(1))
                else m.group(0)
            ),
            out,
        )
        out = MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", out)
        out = LANDLINE.sub(lambda m: f"{m.group(1) or m.group(2)}-****{m.group(4)}", out)
        out = EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", out)
        out = WECHAT.sub(lambda m: m.group(1) + mask_name(m.group(2)), out)
        out = STREET.sub(lambda m: m.group(1) + "****", out)
        for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
            out = out.replace(name, mask_name(name))
    return _restore(out, saved)
