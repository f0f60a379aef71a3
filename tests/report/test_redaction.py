"""Redaction profiles: what ``public`` masks, what it keeps, and what ``authority`` keeps."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.errors import InvalidInput
from casework.report import Redactor, redact
from casework.report.redaction import _id_checksum_ok, _luhn_ok, mask_address, mask_name

# What a reader would take for a mainland mobile number or an 18-digit ID number.
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")

VALID_ID = "11010519491231002X"  # GB 11643 check digit X
ORDER = "4021557788990011223"


def test_public_masks_phone_numbers_in_every_spelling() -> None:
    text = "电话13800138000，或 +86 139-1234-5678，固话 (021)64881234、0571-88886666"
    out = redact(text, "public")
    assert "138****8000" in out and "139****5678" in out
    assert "021-****1234" in out and "0571-****6666" in out
    assert not MOBILE_RE.search(out.replace("-", "").replace(" ", ""))


def test_public_masks_an_id_number_with_a_valid_check_digit_only() -> None:
    out = redact(f"身份证 {VALID_ID}", "public")
    assert "1101**********002X" in out
    # 18 digits whose check digit is wrong are not an ID number (e.g. a reference number).
    assert redact("编号 110105194912310021", "public").endswith("110105194912310021")


def test_card_numbers_keep_only_the_last_four_in_both_profiles() -> None:
    card = "6222 0212 3456 7890 123"  # passes the Luhn check
    for profile in ("public", "authority"):
        out = redact(f"银行卡 {card}", profile)
        assert out.endswith("0123") and "6222" not in out, profile


def test_order_and_tracking_numbers_are_evidence_and_stay() -> None:
    text = f"订单号 {ORDER}，运单号 75300112233445，交易号 2026092822001488001234567890"
    assert redact(text, "public", keep=[ORDER]) == text


def test_known_names_and_the_complainants_address_are_masked() -> None:
    out = redact(
        "李华住上海市徐汇区漕溪北路 88 号 1201 室",
        "public",
        names=["李华"],
        addresses=["上海市徐汇区漕溪北路 88 号 1201 室"],
    )
    assert out == "李*住上海市徐汇区****"


def test_street_numbers_in_free_text_are_masked() -> None:
    out = redact("寄到北京市朝阳区建国路 93 号院 3 号楼", "public")
    assert "93" not in out and "建国路" in out


def test_email_and_wechat_ids() -> None:
    out = redact("邮箱 lihua@example.com 微信号：lihua_2026", "public")
    assert "lihua@" not in out and "lihua_2026" not in out and "@example.com" in out


def test_authority_keeps_the_complainants_contact_details() -> None:
    text = "李华 13800138000 上海市徐汇区漕溪北路 88 号"
    assert redact(text, "authority", names=["李华"], addresses=[text[14:]]) == text


def test_a_hash_is_not_a_phone_number() -> None:
    sha = "ab13800138000cd" + "0" * 49
    assert redact(sha, "public") == sha


def test_unknown_profile_is_refused_with_both_languages() -> None:
    with pytest.raises(InvalidInput) as exc:
        redact("x", "press")
    assert "脱敏" in exc.value.zh and "profile" in exc.value.en


def test_redactor_for_a_case_keeps_its_ids(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from casework.demo import build_demo

    case = build_demo(sqlite_store)
    r = Redactor.for_case(case, "public", refs=["1233010020261020000123"])
    out = r(
        f"{case.complainant_name} {case.complainant_phone} 订单 {ORDER} 投诉编号 "
        f"1233010020261020000123 {case.respondent_address}"
    )
    assert case.complainant_name not in out and case.complainant_phone not in out
    assert ORDER in out and "1233010020261020000123" in out and case.respondent_address in out


def test_mask_helpers() -> None:
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("Alice") == "A***"
    assert mask_address("浙江省杭州市余杭区文一西路 998 号") == "浙江省杭州市余杭区****"


@given(
    prefix=st.text(alphabet="投诉人联系电话：，。 ", max_size=8),
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    suffix=st.text(alphabet="请回电谢谢。 ", max_size=8),
)
def test_no_mobile_number_survives_public(prefix: str, number: str, suffix: str) -> None:
    assert not MOBILE_RE.search(redact(prefix + number + suffix, "public"))


# -- masking by normalisation (#18 item 6) -----------------------------------------------------
#
# Each repro below once survived the public profile. The property tests then generate the
# formats: full-width or ASCII digits, every width of dash, dots, spaces (ideographic too).

_FULL = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
SEPARATORS = ["", " ", "-", ".", "–", "—", "－", "‐", "\u3000", "．", " - ", "\u00a0", "·"]


def _digits_of(text: str) -> str:
    """Every digit in ``text`` (full-width folded), nothing else: what a reader could dial."""
    folded = text.translate(str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx"))
    return re.sub(r"[^0-9Xx]", "", folded)


@pytest.mark.parametrize(
    "text",
    [
        "电话 134.6666.7777",
        "电话 188–8888–9999",
        "电话 １３４６６６６７７７７",
        "电话 134 6666 7777",
        "电话 1 3 4 6 6 6 6 7 7 7 7",
        "电话 +86 134—6666—7777",
        "电话：１３４－６６６６－７７７７",
        "电话 134\u30006666\u30007777",
    ],
)
def test_a_phone_in_any_spelling_is_masked(text: str) -> None:
    out = redact(text, "public")
    assert "13466667777" not in _digits_of(out) and "18888889999" not in _digits_of(out), out
    assert out.startswith("电话")


def test_id_numbers_with_spaces_and_the_15_digit_form_are_masked() -> None:
    for text in (
        "身份证 110105 19491231 002X",
        "身份证 1101 0519 4912 3100 2X",
        "身份证 １１０１０５１９４９１２３１００２Ｘ",
        "身份证 110105491231002",  # the 15-digit form (before 1999): no check digit
        "身份证 110105-491231-002",
    ):
        out = redact(text, "public")
        assert "19491231" not in _digits_of(out) and "491231" not in _digits_of(out), out


def test_card_numbers_with_any_separator_are_masked() -> None:
    # 6222 0212 3456 7890 128 passes the Luhn check; no label in front, so only Luhn finds it.
    for text in ("卡 6222.0212.3456.7890.128", "卡 ６２２２ ０２１２ ３４５６ ７８９０ １２８"):
        out = redact(text, "public")
        assert "62220212" not in _digits_of(out), out


def test_a_card_next_to_a_phone_is_still_found() -> None:
    out = redact("电话 13800138000 6222 0212 3456 7890 128", "public")
    assert "6222" not in _digits_of(out)[-19:] and "13800138000" not in _digits_of(out), out


def test_wechat_ids_and_qq_numbers_are_masked() -> None:
    text = "加我 wxid_a1b2c3d4e5f6 或微信 lihua_2026，QQ：123456789，qq号 87654321"
    out = redact(text, "public")
    for secret in ("a1b2c3d4e5f6", "lihua_2026", "123456789", "87654321"):
        assert secret not in out, out
    assert "QQ" in out and "wxid_" in out  # the label stays, so the reader knows what was there


def test_an_address_the_register_knows_is_masked_wherever_it_occurs() -> None:
    known = ["北京市朝阳区望京SOHO T1 2301室"]
    for text in (
        "寄到望京SOHO T1 2301室",
        "寄到 望京SOHO T1 2301 室",
        "寄到望京ＳＯＨＯ Ｔ１ ２３０１室",
        "寄到北京市朝阳区望京SOHO T1 2301室",
    ):
        out = redact(text, "public", addresses=known)
        assert "2301" not in _digits_of(out) and "SOHO" not in out.upper(), out
        assert "ＳＯＨＯ" not in out, out


def test_normalising_does_not_touch_what_it_does_not_mask() -> None:
    text = "订单号 ４０２１５５７７８８ 于 2026–10–01 签收，金额 ¥1,299.00。"
    assert redact(text, "public") == text


_SEP = st.sampled_from(SEPARATORS)


@st.composite
def _phones(draw: st.DrawFn) -> tuple[str, str]:
    digits = draw(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
    if draw(st.booleans()):  # one separator between every digit
        sep = draw(st.sampled_from([" ", "-", ".", "\u3000"]))
        written = sep.join(digits)
    else:
        a, b = draw(_SEP), draw(_SEP)
        written = f"{digits[:3]}{a}{digits[3:7]}{b}{digits[7:]}"
    if draw(st.booleans()):
        written = written.translate(_FULL)
    prefix = draw(st.sampled_from(["", "+86 ", "+86", "0086-", "＋８６ "]))
    return digits, prefix + written


def _written(draw: st.DrawFn, groups: list[str]) -> str:
    """Groups joined by one drawn separator, in ASCII or full-width digits."""
    written = draw(_SEP).join(groups)
    return written.translate(_FULL) if draw(st.booleans()) else written


_CONTEXT = st.text(alphabet="投诉人联系电话：，。请回电谢谢 ", max_size=6)


@given(phone=_phones(), before=_CONTEXT, after=_CONTEXT)
def test_no_phone_in_any_format_survives_public(
    phone: tuple[str, str], before: str, after: str
) -> None:
    digits, written = phone
    out = redact(before + written + after, "public")
    assert digits not in _digits_of(out), (written, out)


def _id_check_digit(first17: str) -> str:
    return next(c for c in "0123456789X" if _id_checksum_ok(first17 + c))


@st.composite
def _ids(draw: st.DrawFn) -> tuple[str, str]:
    area = draw(st.from_regex(r"[1-8][0-9]{5}", fullmatch=True))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)))
    seq = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    if draw(st.booleans()):
        number = f"{area}{born:%Y%m%d}{seq}"
        number += _id_check_digit(number)
        cuts = [6, 14]
    else:
        number = f"{area}{born:%y%m%d}{seq}"  # 15-digit form
        cuts = [6, 12]
    groups = [number[: cuts[0]], number[cuts[0] : cuts[1]], number[cuts[1] :]]
    return number, _written(draw, groups)


@given(ident=_ids(), before=_CONTEXT)
def test_no_id_number_in_any_format_survives_public(ident: tuple[str, str], before: str) -> None:
    number, written = ident
    out = redact(before + written, "public")
    assert number not in _digits_of(out), (written, out)


def _luhn_complete(body: str) -> str:
    return next(body + d for d in "0123456789" if _luhn_ok(body + d))


@st.composite
def _cards(draw: st.DrawFn) -> tuple[str, str]:
    length = draw(st.integers(16, 19))
    body = "62" + draw(st.from_regex(f"[0-9]{{{length - 3}}}", fullmatch=True))
    number = _luhn_complete(body)
    return number, _written(draw, [number[i : i + 4] for i in range(0, len(number), 4)])


@given(card=_cards(), before=_CONTEXT)
def test_no_card_number_in_any_format_survives_public(card: tuple[str, str], before: str) -> None:
    number, written = card
    out = redact(before + written, "public")
    assert number[:-4] not in _digits_of(out), (written, out)


@given(
    label=st.sampled_from(["微信", "微信号", "微信：", "WeChat: ", "vx ", "QQ", "QQ号：", "qq "]),
    ident=st.from_regex(r"[a-z][a-z0-9_]{6,15}", fullmatch=True),
    qq=st.from_regex(r"[1-9][0-9]{5,10}", fullmatch=True),
    wxid=st.from_regex(r"wxid_[a-z0-9]{8,14}", fullmatch=True),
)
def test_no_wechat_or_qq_id_survives_public(label: str, ident: str, qq: str, wxid: str) -> None:
    value = qq if label.lower().startswith("qq") else ident
    out = redact(f"加{label}{value}，或 {wxid}", "public")
    assert value not in out and wxid[5:] not in out, out


def test_long_hostile_text_is_masked_in_linear_time() -> None:
    """A run of letters once made the e-mail pattern try every start for an "@" (quadratic:
    ~30 s for 50,000 letters), and each kept id re-folded the whole text per occurrence."""
    import time

    started = time.monotonic()
    redact("a" * 50_000 + "@", "public")
    redact("订单号 4021557788990011223，电话 13800138000。" * 2_000, "public", keep=[ORDER])
    assert time.monotonic() - started < 10
