"""The completeness report per category and channel, and the rules data behind it."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from typing import Any

import pytest

from casework.cases import Category
from casework.demo import build_demo
from casework.errors import InvalidInput
from casework.evidence import (
    CHANNELS,
    EvidenceError,
    EvidenceType,
    add_evidence,
    check,
    evidence_list,
    load_rules,
    parse_channel,
    render_text,
)
from casework.evidence.requirements import parse_rules
from casework.store import Store


def raw_rules() -> dict[str, Any]:
    path = resources.files("casework") / "rules" / "data" / "evidence_requirements.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def status(report: Any) -> dict[str, str]:
    return {row["id"]: row["status"] for row in report.items}


# -- the rules data ---------------------------------------------------------------------------


def test_every_requirement_and_note_has_a_full_citation() -> None:
    rules = load_rules()
    reqs = rules.all_requirements()
    assert len(reqs) > 40
    notes = [
        n for ns in (*rules.category_notes.values(), *rules.channel_notes.values()) for n in ns
    ]
    for owner, cites in [(r.id, r.citations) for r in reqs] + [(n.id, n.citations) for n in notes]:
        assert cites, owner
        for c in cites:
            assert c.law_zh and c.law_en and c.article, owner
            assert c.tier in ("P", "S", "U"), owner
            assert len(c.text_date) == 10 and c.text_date[4] == "-", (owner, c.text_date)
    for kind in EvidenceType:  # every type says how to obtain it, with its basis
        how_zh, how_en, cites = rules.how_by_type[kind]
        assert how_zh and how_en and cites


def test_every_category_and_channel_is_covered() -> None:
    rules = load_rules()
    assert set(rules.categories) == {c.value for c in Category}
    assert set(rules.channels) == set(CHANNELS)
    # Each real category requires at least one thing beyond the common order record.
    for cat in Category:
        if cat is not Category.OTHER:
            assert any(r.level == "required" for r in rules.categories[cat.value]), cat


@pytest.mark.parametrize(
    "breakage",
    [
        "no_citations",
        "unknown_law",
        "no_article",
        "bad_tier",
        "bad_type",
        "bad_level",
        "both",
        "dupe",
    ],
)
def test_broken_rules_data_is_refused_when_loaded(breakage: str) -> None:
    data = copy.deepcopy(raw_rules())
    req = data["categories"]["quality"]["requirements"][0]
    match breakage:
        case "no_citations":
            req["citations"] = []
        case "unknown_law":
            req["citations"][0]["law"] = "no_such_law"
        case "no_article":
            del req["citations"][0]["article"]
        case "bad_tier":
            req["citations"][0]["tier"] = "maybe"
        case "bad_type":
            req["evidence"]["any_of"] = ["selfie"]
        case "bad_level":
            req["level"] = "nice to have"
        case "both":
            req["fields"] = ["facts"]
        case "dupe":
            req["id"] = data["common"][0]["id"]
    with pytest.raises(EvidenceError) as err:
        parse_rules(data)
    assert "evidence_requirements.json" in err.value.message()


def test_channel_aliases() -> None:
    assert parse_channel("消协") == "association"
    assert parse_channel("12315_online") == "12315"
    assert parse_channel("Court") == "court"
    assert parse_channel("") is None and parse_channel(None) is None
    with pytest.raises(InvalidInput) as err:
        parse_channel("微博")
    assert err.value.field == "channel"


# -- reports ----------------------------------------------------------------------------------


def test_empty_quality_case_without_channel(store: Store) -> None:
    case_id = store.create_case(title="耳机坏了", category="quality").id
    report = check(store, case_id)
    s = status(report)
    assert s["order"] == "missing" and s["quality.defect"] == "missing"
    assert s["quality.unboxing"] == "recommended"
    assert report.channel is None and report.warnings
    assert report.score == 0.0
    assert report.evidence_list == []
    assert {m["id"] for m in report.missing} == {"order", "quality.defect", "quality.chat"}
    defect = next(r for r in report.items if r["id"] == "quality.defect")
    # No platform recorded: no platform's own rules are cited (#11, #10 item 4).
    assert "淘宝平台争议处理规则" not in defect["citation"] and defect["how_to_obtain"]


def test_another_platforms_rule_leaves_no_empty_basis_and_no_note(store: Store) -> None:
    """The unboxing video rests on the Taobao rules alone: off Taobao it stays as advice with
    no "[]" after it, and the Taobao burden-of-proof note is not shown at all."""
    for platform, taobao in (("", False), ("京东", False), ("淘宝", True)):
        case_id = store.create_case(title="耳机坏了", category="quality", platform=platform).id
        text = render_text(check(store, case_id))
        assert "[]" not in text, platform
        unboxing = next(line for line in text.splitlines() if "开箱视频" in line)
        assert ("淘宝平台争议处理规则" in unboxing) is taobao, unboxing
        assert ("平台规则：外观可见的问题" in text) is taobao, platform


def test_quality_case_met_and_missing_with_12315_and_agent(store: Store) -> None:
    case_id = store.create_case(
        title="耳机左耳无声",
        category="quality",
        complainant_name="李华",
        complainant_phone="13800138000",
        respondent_name="某电子公司",
        request="退货退款",
        facts="左耳无声",
        agent_name="王敏",
        channel="12315",
    ).id
    add_evidence(store, case_id, b"order" * 20, type="order_record", name="order.png")
    add_evidence(
        store, case_id, b"defect" * 20, type="defect_photo", name="defect.jpg", proves="左耳无声"
    )
    add_evidence(store, case_id, b"chat" * 20, type="chat_log", name="chat.png")
    report = check(store, case_id)
    s = status(report)
    assert report.channel == "12315"
    assert s["order"] == s["quality.defect"] == s["quality.chat"] == "met"
    assert s["quality.unboxing"] == s["quality.test"] == "recommended"
    assert s["12315.agent_letter"] == s["12315.agent_id"] == "missing"
    # Art. 9 field gaps name each empty field; Art. 10 applies because an agent is named.
    gaps = {g["field"] for g in report.field_gaps}
    assert gaps == {"complainant_address", "respondent_address"}
    # Art. 10 is met by the signed letter itself: a ticked box alone is not a letter, and an
    # uploaded letter needs no box ticked as well.
    store.update_case(case_id, {"authorization_on_file": True})
    assert status(check(store, case_id))["12315.agent_letter"] == "missing"
    add_evidence(store, case_id, b"letter" * 20, type="authorization_letter", name="委托书.jpg")
    assert status(check(store, case_id))["12315.agent_letter"] == "met"
    assert all("第9条" in g["citation"] or "第10条" in g["citation"] for g in report.field_gaps)
    assert 0 < report.score < 1
    # The 证据清单: numbered by type, with what each proves and its hash.
    nos = [(e["no"], e["type"]) for e in report.evidence_list]
    assert nos == [(1, "order_record"), (2, "chat_log"), (3, "defect_photo")]
    defect = report.evidence_list[2]
    assert defect["proves"] == "左耳无声" and len(defect["sha256"]) == 64
    assert report.evidence_list[0]["proves"]  # falls back to what the requirement proves
    text = render_text(report)
    assert "完整度" in text and "证据清单" in text and "授权委托书" in text


def test_agent_requirements_only_when_an_agent_is_named(store: Store) -> None:
    case_id = store.create_case(title="无代理", category="quality", channel="12315").id
    ids = status(check(store, case_id))
    assert not any(i.startswith("12315.agent") for i in ids)
    assert "12315.complainant" in ids


def test_more_evidence_never_lowers_the_score(store: Store) -> None:
    case_id = store.create_case(title="物流", category="logistics").id
    scores = [check(store, case_id, channel="platform").score]
    for kind in ("order_record", "delivery_proof", "chat_log", "refusal_photo"):
        add_evidence(store, case_id, kind.encode() * 10, type=kind, name=f"{kind}.png")
        scores.append(check(store, case_id, channel="platform").score)
    assert scores == sorted(scores) and scores[0] < scores[-1] <= 1.0
    assert status(check(store, case_id, channel="platform"))["logistics.refusal"] == "met"


def test_return_shipment_needs_the_word_return(store: Store) -> None:
    case_id = store.create_case(title="七天无理由", category="return").id
    add_evidence(
        store,
        case_id,
        b"a" * 50,
        type="delivery_proof",
        name="签收.png",
        description="快递签收记录",
    )
    s = status(check(store, case_id))
    assert s["return.signed"] == "met" and s["return.shipment"] == "missing"
    add_evidence(
        store,
        case_id,
        b"b" * 50,
        type="delivery_proof",
        name="寄回运单.png",
        description="退货寄回的运单",
    )
    assert status(check(store, case_id))["return.shipment"] == "met"


@pytest.mark.parametrize(
    ("category", "channel", "required"),
    [
        ("payment", "12315", {"payment.statement", "payment.notice"}),
        ("counterfeit", "court", {"counterfeit.listing", "counterfeit.product"}),
        ("false_advertising", "association", {"false_ad.claims", "false_ad.reality"}),
        ("refund_refused", "platform", {"refund.refusal", "refund.paid", "platform.chat"}),
        ("after_sales", "12315", {"after_sales.invoice", "after_sales.requests"}),
    ],
)
def test_categories_and_channels(
    store: Store, category: str, channel: str, required: set[str]
) -> None:
    case_id = store.create_case(title="案件", category=category).id
    report = check(store, case_id, channel=channel)
    missing = {m["id"] for m in report.missing}
    assert required <= missing
    assert all(m["how_to_obtain"] and m["citation"] for m in report.missing)


def test_court_fields_and_english(store: Store) -> None:
    case_id = store.create_case(title="起诉", category="quality", agent_name="张律师").id
    report = check(store, case_id, channel="court", lang="en")
    s = status(report)
    assert s["court.claims"] == "missing" and s["court.agent_letter"] == "missing"
    row = next(r for r in report.items if r["id"] == "court.agent_letter")
    assert row["citation"] == "Civil Procedure Law, Art. 62 (text of 2023-09-01)"
    assert row["status_label"] == "missing (required)"
    assert report.field_gaps[0]["label"].isascii()
    assert "Evidence list" in render_text(report)


def test_six_month_burden_note(store: Store) -> None:
    case_id = store.create_case(title="冰箱", category="quality").id
    store.add_event(case_id, at="2026-01-10 10:00", kind="delivered")
    store.add_event(case_id, at="2026-07-09 10:00", kind="defect_found")
    note = next(n for n in check(store, case_id).notes if n["id"] == "durable_six_months")
    assert note["applies"] is True and "六个月内" in note["detail"]
    other = store.create_case(title="冰箱二", category="quality").id
    store.add_event(other, at="2026-01-10 10:00", kind="delivered")
    store.add_event(other, at="2026-07-11 10:00", kind="defect_found")
    note = next(n for n in check(store, other).notes if n["id"] == "durable_six_months")
    assert note["applies"] is False


def test_derived_items_point_to_their_original_number(store: Store) -> None:
    case_id = store.create_case(title="派生", category="quality").id
    chat = add_evidence(store, case_id, b"chat" * 30, type="chat_log", name="chat.png")
    add_evidence(
        store, case_id, b"crop" * 30, type="chat_log", name="crop.png", derived_from=chat.id
    )
    rows = check(store, case_id).evidence_list
    assert rows[0]["original"].startswith("原件")
    assert rows[1]["derived_from_no"] == 1 and "第 1 号" in rows[1]["original"]


def test_report_json_round_trips(store: Store) -> None:
    case_id = store.create_case(title="JSON", category="price").id
    data = check(store, case_id, channel="12315").to_dict()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again["score"] == data["score"] and isinstance(again["missing"], list)
    assert set(again) >= {"score", "items", "missing", "field_gaps", "evidence_list", "notes"}


def test_unknown_case_channel_is_a_warning_not_an_error(store: Store) -> None:
    # A filing channel the checklist has no requirements for (12305, the postal regulator for
    # couriers): the category's requirements are checked and a warning says so.
    case_id = store.create_case(title="快递", category="logistics", channel="12305").id
    report = check(store, case_id)
    assert report.channel is None and "12305" in report.warnings[0]
    with pytest.raises(InvalidInput):
        check(store, case_id, channel="courier")  # asked for explicitly: refused
    with pytest.raises(InvalidInput):  # and no case is filed to a channel that does not exist
        store.create_case(title="快递", category="logistics", channel="courier")


def test_evidence_list_alone_matches_the_report(store: Store) -> None:
    case_id = store.create_case(title="清单", category="quality", channel="12315").id
    add_evidence(store, case_id, b"chat" * 30, type="chat_log", name="chat.png")
    add_evidence(store, case_id, b"order" * 30, type="order_record", name="order.png")
    assert evidence_list(store, case_id) == check(store, case_id).evidence_list
    assert [r["type"] for r in evidence_list(store, case_id, lang="en")] == [
        "order_record",
        "chat_log",
    ]


def test_court_agent_needs_standing_and_special_powers(store: Store) -> None:
    """A non-lawyer advocate is admitted only as a close relative or a recommended citizen (民诉法
    61, 解释 88), and can settle only with special powers written in the letter (民诉法 62)."""
    case_id = store.create_case(title="起诉", category="quality", agent_name="王敏").id
    report = check(store, case_id, channel="court")
    rows = {r["id"]: r for r in report.items}
    agent = rows["court.agent_id"]
    assert agent["status"] == "missing" and agent["level"] == "required"
    assert "近亲属" in agent["how_to_obtain"] and "推荐" in agent["how_to_obtain"]
    assert "第88条" in agent["citation"]
    assert "特别授权" in rows["court.agent_letter"]["how_to_obtain"]


def test_ready_says_whether_every_required_item_is_there(store: Store) -> None:
    case_id = store.create_case(title="平台", category="quality", channel="platform").id
    report = check(store, case_id)
    assert not report.ready and report.to_dict()["ready"] is False
    assert "必需项" in render_text(report).splitlines()[1]
    for body, kind in [(b"o" * 20, "order_record"), (b"d" * 20, "defect_photo")]:
        add_evidence(store, case_id, body, type=kind, name=f"{kind}.png")
    add_evidence(store, case_id, b"c" * 20, type="chat_log", name="chat.png")
    done = check(store, case_id)
    # Recommended items still weigh on the score, but nothing required is missing.
    assert done.ready and done.score < 1
    assert "均已具备" in render_text(done).splitlines()[1]


def test_unknown_seller_how_to_points_to_the_licence_and_the_platform(store: Store) -> None:
    case_id = store.create_case(title="商家不明", category="quality", platform="拼多多").id
    row = next(
        r for r in check(store, case_id, channel="12315").items if r["id"] == "12315.respondent"
    )
    assert row["status"] == "missing"
    assert "营业执照" in row["how_to_obtain"] and "以平台为被投诉人" in row["how_to_obtain"]
    assert "《消费者权益保护法》第44条" in row["how_citation"]


def test_check_text_reads_in_one_language(store: Store) -> None:
    """The Chinese check text uses Chinese punctuation and words, the English one English; no
    citation shows the rules' reliability tier (P/S/U)."""
    case = build_demo(store)
    zh = render_text(check(store, case.id, channel="12315"))
    en = render_text(check(store, case.id, channel="12315", lang="en"))
    assert "证明：" in zh and "来源：" in zh and "如何获取：" in zh
    for fragment in ("proves", "source:", "How to obtain", "records import", "证明: ", "; 来源"):
        assert fragment not in zh, fragment
    # The importer's source and layout ids (alipay/app-2025) never reach a reader (#10).
    assert "消费者导出的账单" in zh and "bill exported by the consumer" in en
    assert "app-2025）；" not in zh and "alipay/" not in en
    for fragment in ("证明", "来源", "如何获取", "账单导入", "检查清单"):
        assert fragment not in en, fragment
    for text in (zh, en):
        assert not re.search(r"[\[［(（]\s*[PSU]\s*[,，\]］)）]", text)
