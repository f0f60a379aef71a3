"""Redaction profiles: what ``public`` masks, what it keeps, and what ``authority`` keeps."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.errors import InvalidInput
from casework.report import Redactor, redact
from casework.report.redaction import mask_address, mask_name

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
