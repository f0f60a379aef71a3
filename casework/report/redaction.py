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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..cases import Case
from ..errors import InvalidInput

PROFILES = ("public", "authority")
PROFILE_ZH = {"public": "隐私保护版", "authority": "原始证据版"}
PROFILE_EN = {
    "public": "public (personal data masked)",
    "authority": "for the authority (complete)",
}

# Text is matched after folding (归一化): full-width letters and digits to ASCII, every width of
# dash to "-", every kind of space to " ", middle dots to ".". Folding maps one character to one
# character, so a match in the folded text is the same span of the original, and what is not
# masked is left exactly as written.
_FOLD: dict[int, str] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FOLD.update({ord(c): " " for c in "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"})
_FOLD.update({ord(c): " " for c in "\u2008\u2009\u200a\u200b\u200c\u200d\u202f\u205f\u3000\ufeff"})
_FOLD.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63"})
_FOLD.update({ord(c): "." for c in "\u00b7\u2022\u2027\u30fb\uff65"})


_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")


def fold(text: str) -> str:
    """``text`` with full-width forms, dashes, spaces and dots folded; same length, same spans."""
    # Most cells hold nothing to fold; a regex search is much cheaper than translate's lookups.
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text


# Digits or Latin letters next to a number mean it is part of a longer id (a hash, an order
# number): such runs are not phone numbers. Chinese characters around a number are fine.
_B = r"(?<![0-9A-Za-z])"
_E = r"(?![0-9A-Za-z])"
# Between two digits a writer may put nothing, a space, a dot or a dash (or " - ").
_G = r"[ .\-]{0,3}"


def _digits(n: int, first: str = r"\d") -> str:
    return first + (_G + r"\d") * (n - 1)


MOBILE = re.compile(_B + r"(?:(?:\+|00)86" + _G + r")?(1" + _G + r"[3-9](?:" + _G + r"\d){9})" + _E)
LANDLINE = re.compile(
    _B + r"(?:\((0\d{2,3})\) ?|(0\d{2,3})[ .\-]{1,3})(\d{3,4})[ .\-]{0,3}(\d{4})" + _E
)
ID_CARD = re.compile(_B + "(" + _digits(17) + _G + r"[\dXx])" + _E)
ID_CARD_15 = re.compile(_B + "(" + _digits(15, "[1-8]") + ")" + _E)
# A chain of digit groups; bank cards are found among its groups (see _cards).
DIGIT_CHAIN = re.compile(_B + r"\d+(?:[ .\-]{1,3}\d+)*")
ACCOUNT_CONTEXT = re.compile(
    r"((?:银行卡|卡号|账号|帐号|账户|帐户|card|account) *(?:号码|号)?[:： ]*)"
    r"(\d(?:" + _G + r"\d){7,29})" + _E,
    re.IGNORECASE,
)
# Starts only where a run of address characters starts: trying every position of a long run
# for an "@" that never comes took quadratic time (1 s for 10,000 letters).
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{0,63}@([A-Za-z0-9.-]+\.[A-Za-z]{2,})"
)
WXID = re.compile(r"(?<![0-9A-Za-z_])(wxid_)[A-Za-z0-9_-]{4,40}", re.IGNORECASE)
WECHAT = re.compile(
    r"((?<![A-Za-z])(?:微信号|微信ID|微信|wechat *id|wechat|weixin|vx|v信|wx|支付宝账号|支付宝)"
    r" *(?:号)? *[:：]? *)([A-Za-z][-_A-Za-z0-9]{5,19})" + _E,
    re.IGNORECASE,
)
QQ = re.compile(
    r"((?<![A-Za-z])(?:QQ|企鹅) *(?:号码|号)? *[:：]? *)([1-9]\d{4,11})(?!\d)", re.IGNORECASE
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


def _sub(
    pattern: re.Pattern[str], text: str, repl: Callable[[re.Match[str], str], str | None]
) -> str:
    """Replace what ``pattern`` finds in the *folded* text, span by span in the original.

    ``repl(match, text)`` returns the replacement, or None to leave the span and look again one
    character later (a number whose check digit fails may hide a real one that overlaps it).
    """
    norm = fold(text)
    out: list[str] = []
    last = pos = 0
    while (m := pattern.search(norm, pos)) is not None:
        new = repl(m, text)
        if new is None:
            pos = m.start() + 1
            continue
        out += [text[last : m.start()], new]
        last = pos = max(m.end(), m.start() + 1)
    out.append(text[last:])
    return "".join(out)


def _span(m: re.Match[str], text: str, group: int) -> str:
    """The original characters of a group (the label as the writer wrote it)."""
    return text[m.start(group) : m.end(group)]


def _only_digits(s: str) -> str:
    return re.sub(r"[^0-9Xx]", "", s)


def _protect(text: str, keep: Iterable[str]) -> tuple[str, list[str]]:
    """Swap kept identifiers for placeholders; the list restores them."""
    saved: list[str] = []
    index: dict[str, str] = {}

    def hold(value: str) -> str:
        if value not in index:
            saved.append(value)
            index[value] = chr(_PH_START + len(saved) - 1)
        return index[value]

    for k in keep:
        wanted = fold(k) if k else ""
        if not wanted:
            continue
        norm, parts, last = fold(text), [], 0
        while (i := norm.find(wanted, last)) >= 0:
            parts += [text[last:i], hold(text[i : i + len(wanted)])]
            last = i + len(wanted)
        text = "".join([*parts, text[last:]])
    text = _sub(KEEP_CONTEXT, text, lambda m, t: t[m.start() : m.start(1)] + hold(_span(m, t, 1)))
    return text, saved


def _restore(text: str, saved: list[str]) -> str:
    for i, value in enumerate(saved):
        text = text.replace(chr(_PH_START + i), value)
    return text


def _cards(text: str) -> str:
    """Bank cards (16–19 digits passing Luhn) among a chain of digit groups: one group, or groups
    of four with a shorter last one. Taking whole groups keeps a phone written just before a card
    (``13800138000 6222 0212 …``) from hiding the card."""

    norm = fold(text)

    def in_chain(m: re.Match[str], t: str) -> str | None:
        chain = m.group(0)
        groups = [(g.start(), g.end()) for g in re.finditer(r"\d+", chain)]
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(groups):
            found = None
            for j in range(i, len(groups)):
                sizes = [b - a for a, b in groups[i : j + 1]]
                total = sum(sizes)
                if total > 19 or (j > i and any(n != 4 for n in sizes[:-1])):
                    break
                if (
                    total >= 16
                    and (j == i or sizes[-1] <= 4)
                    and _luhn_ok("".join(chain[a:b] for a, b in groups[i : j + 1]))
                ):
                    found = j
            if found is None:
                i += 1
                continue
            end = m.start() + groups[found][1]
            if not re.match(r"[0-9A-Za-z]", norm[end : end + 1] or " "):
                spans.append((groups[i][0], groups[found][1]))
            i = found + 1
        original = t[m.start() : m.end()]
        parts, last = [], 0
        for a, b in spans:
            parts += [original[last:a], mask_tail(_only_digits(chain[a:b]))]
            last = b
        return "".join([*parts, original[last:]])

    return _sub(DIGIT_CHAIN, text, in_chain)


def _mask_accounts(text: str) -> str:
    text = _sub(
        ACCOUNT_CONTEXT,
        text,
        lambda m, t: _span(m, t, 1) + mask_tail(_only_digits(m.group(2))),
    )
    return _cards(text)


def _mask_id(m: re.Match[str], _t: str) -> str | None:
    number = _only_digits(m.group(1))
    if len(number) == 18:
        return (number[:4] + "*" * 10 + number[-4:]) if _id_checksum_ok(number) else None
    # The 15-digit form (issued until 2004) has no check digit; its birth date must be a date.
    month, day = int(number[8:10]), int(number[10:12])
    return (number[:4] + "*" * 7 + number[-4:]) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _address_pattern(address: str) -> re.Pattern[str]:
    """A known address as written anywhere: spaces optional between any two characters."""
    chars = [c for c in fold(address) if not c.isspace()]
    return re.compile(" *".join(re.escape(c) for c in chars), re.IGNORECASE)


def _mask_known_addresses(text: str, addresses: Iterable[str]) -> str:
    """The register's addresses, whole or without their province / city / district (a letter
    may say only ``望京SOHO T1 2301室``), however spaced or wide their characters are."""
    forms: list[tuple[str, str]] = []
    for addr in {a.strip() for a in addresses if a and a.strip()}:
        forms.append((addr, mask_address(addr)))
        m = _ADMIN.match(addr)
        detail = addr[m.end() :].strip() if m else ""
        if detail != addr and len(detail.replace(" ", "")) >= 4:
            forms.append((detail, "****"))
    for form, masked in sorted(forms, key=lambda f: len(f[0]), reverse=True):
        text = _sub(_address_pattern(form), text, _constant(masked))
    return text


def _constant(value: str) -> Callable[[re.Match[str], str], str]:
    return lambda _m, _t: value


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
    Numbers are recognised however they are written: full-width digits, dots, dashes of any width
    or spaces between the digits (``134.6666.7777``, ``１８８–８８８８–９９９９``).
    """
    check_profile(profile)
    out = "" if text is None else str(text)
    if not out:
        return out
    out, saved = _protect(out, keep)
    out = _mask_accounts(out)
    if profile == "public":
        out = _mask_known_addresses(out, addresses)
        out = _sub(ID_CARD, out, _mask_id)
        out = _sub(ID_CARD_15, out, _mask_id)
        out = _sub(QQ, out, lambda m, t: _span(m, t, 1) + mask_tail(m.group(2), 2))
        out = _sub(
            MOBILE,
            out,
            lambda m, t: f"{_only_digits(m.group(1))[:3]}****{_only_digits(m.group(1))[-4:]}",
        )
        out = _sub(LANDLINE, out, lambda m, t: f"{m.group(1) or m.group(2)}-****{m.group(4)}")
        out = _sub(EMAIL, out, lambda m, t: f"{_span(m, t, 1)}***@{m.group(2)}")
        out = _sub(WXID, out, lambda m, t: _span(m, t, 1) + "****")
        out = _sub(WECHAT, out, lambda m, t: _span(m, t, 1) + mask_name(m.group(2)))
        out = _sub(STREET, out, lambda m, t: _span(m, t, 1) + "****")
        for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
            out = out.replace(name, mask_name(name))
    return _restore(out, saved)
