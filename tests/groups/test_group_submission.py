"""The group's submission: member table, per-member money lines, the combined evidence list
numbered 甲-1 …, the nomination and each member's 授权委托书 — masked in the public profile,
live from the members, exported through the casework exporters and recorded as a Filing."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from casework.consent import give_all, withdraw
from casework.errors import CaseworkError
from casework.evidence import add_evidence
from casework.groups import create_group, set_representatives
from casework.report.export import export_case, export_many
from casework.report.group_export import group_report
from casework.store import Store
from casework.store.filings import list_filings


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.skip = tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


@pytest.fixture
def group_id(store: Store, members: list[str]) -> str:
    add_evidence(store, members[0], b"order" * 50, type="order_record", name="order.png")
    add_evidence(store, members[0], b"defect" * 50, type="defect_photo", name="defect.jpg")
    add_evidence(store, members[1], b"chat" * 50, type="chat_log", name="chat.png")
    g = create_group(store, members, "某某数码耳机共同投诉")
    set_representatives(store, g.id, [members[0], members[2]])
    for case_id in members:
        give_all(store, case_id)  # each member's consent (the ledger, #17 item 2)
    return g.id


def test_public_profile_masks_every_member(store: Store, group_id: str) -> None:
    text = text_of(group_report(store, group_id, profile="public"))
    for name, phone, address in (
        ("张三", "13900000001", "中关村大街1号"),
        ("李四", "13900000002", "漕溪北路88号"),
        ("欧阳娜娜", "13900000003", "文三路9号"),
    ):
        assert name not in text and phone not in text and address not in text
    assert "张*" in text and "欧***" in text and "139****0003" in text
    # Order numbers and the respondent are evidence, never masked.
    assert "T1001" in text and "杭州某某数码科技有限公司" in text
    authority = text_of(group_report(store, group_id, profile="authority"))
    assert "欧阳娜娜" in authority and "13900000002" in authority


def test_member_table_money_and_totals(store: Store, group_id: str) -> None:
    text = text_of(group_report(store, group_id, profile="authority"))
    assert "三、投诉人名单" in text
    row = re.search(r"乙 李四 T1002 2026-10-05 ¥249\.00 退货退款 249\.00 元", text)
    assert row, text
    assert "合计 ¥548.40" in text
    assert "消费者陈述已支付 ¥99.90" in text  # no bill yet: the stated amount, with its source


def test_evidence_is_numbered_per_member(store: Store, group_id: str) -> None:
    text = text_of(group_report(store, group_id, profile="authority"))
    nos = re.findall(r"证据([甲乙丙])-(\d+)", text)
    listed = [("甲", "1"), ("甲", "2"), ("乙", "1")]
    assert nos == listed + listed  # the list, then the exhibits appended in the authority copy
    assert "附件：证据" in text
    public = text_of(group_report(store, group_id, profile="public"))
    assert re.findall(r"证据([甲乙丙])-(\d+)", public) == listed  # no originals appended
    assert "隐私保护版不附证据原件" in public


def test_nomination_and_letters_for_signature(store: Store, group_id: str) -> None:
    text = text_of(group_report(store, group_id, profile="authority"))
    assert "推选代表人书" in text
    assert "一致推选 张三、欧阳娜娜 为代表人" in text
    assert "《市场监督管理投诉举报处理办法》第12条" in text
    assert "应当经被代表的投诉人同意" in text
    for letter in "甲乙丙":
        assert f"授权委托书（投诉人{letter}）" in text
    assert len(re.findall(r"受托人（代理人）： ?张三、欧阳娜娜", text)) == 3
    assert "代表人（签名）" in text


def test_a_members_change_shows_in_the_group(
    store: Store, members: list[str], group_id: str
) -> None:
    store.update_case(members[1], {"amount_paid": "300.00", "request": "退一赔三"})
    add_evidence(store, members[2], b"photo" * 50, type="defect_photo", name="c.jpg")
    text = text_of(group_report(store, group_id, profile="authority"))
    assert "¥300.00" in text and "退一赔三" in text and "合计 ¥599.40" in text
    assert "证据丙-1" in text


def test_nothing_english_or_internal_in_the_chinese_copy(store: Store, group_id: str) -> None:
    text = text_of(group_report(store, group_id, profile="public"))
    # SHA-256 values and the consumers' own file names are what the reader checks, not words.
    text = re.sub(r"[0-9a-f]{64}|[\w.-]+\.(?:png|jpg)|SHA-256", "", text)
    words = set(re.findall(r"[A-Za-z_]{2,}", text))
    assert not words, words


def test_export_records_a_filing_and_the_case_export_routes_here(
    store: Store, group_id: str
) -> None:
    [result] = export_many(store, group_id, formats=("html",), profile="public")
    html = result.path.read_text("utf-8")
    assert 'lang="zh-CN"' in html and "推选代表人书" in html and "张三" not in text_of(html)
    again = export_case(store, group_id, to="html", profile="authority")
    assert "欧阳娜娜" in text_of(again.path.read_text("utf-8"))
    filings = list_filings(store, group_id)
    assert [f.profile for f in filings] == ["public", "authority"]
    assert filings[0].manifest_sha256 == result.manifest_sha256


def test_pdf(store: Store, group_id: str) -> None:
    if not store.is_sqlite:
        pytest.skip("the PDF layout does not depend on the database")
    [result] = export_many(store, group_id, formats=("pdf",), profile="authority")
    data = result.path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_a_member_without_consent_blocks_the_group(
    store: Store, members: list[str], group_id: str
) -> None:
    withdraw(store, members[1], "recipient", recipient="regulator")
    with pytest.raises(CaseworkError) as caught:
        export_many(store, group_id, formats=("html",), profile="public")
    assert "投诉人乙" in caught.value.zh and members[1] in caught.value.zh
    assert list_filings(store, group_id) == []
    # Another recipient the ledger covers still passes, and the Filing records it.
    [result] = export_many(
        store, group_id, formats=("html",), profile="public", recipient="association"
    )
    assert result.recipient == "association"
