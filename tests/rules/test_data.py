"""The rule files themselves: every rule cites law, article, tier and the date of its text."""

from __future__ import annotations

import re

from casework.cases import Category
from casework.rules.citations import Citation, laws, load


def test_every_rule_in_the_data_files_carries_a_citation() -> None:
    for name in ("deadlines.json", "routing.json", "damages.json"):
        data = load(name)
        # routing.json has both: its rules and every rung of its ladders must cite.
        items = data.get("rules", []) + list(data.get("steps", {}).values())
        # A category's own refund basis (damages.json) cites too.
        items += [
            {"id": f"{r['id']}:{cat}", **entry}
            for r in data.get("rules", [])
            for cat, entry in r.get("by_category", {}).items()
        ]
        assert items, name
        for rule in items:
            assert rule.get("citations"), f"{name}: {rule.get('id')} has no citation"
            for c in rule["citations"]:
                cit = Citation.from_data(c, where=name)
                assert cit.tier in ("P", "S", "U") and cit.text_date and cit.article
    for key, law in laws().items():
        assert law["text_date"] and law["tier"] in ("P", "S", "U") and law["source"], key


def test_every_category_has_a_ladder_of_known_steps() -> None:
    data = load("routing.json")
    for cat in Category:
        ladder = data["ladders"][cat.value]
        assert ladder and all(step in data["steps"] for step in ladder), cat
    clock_steps = {r["step"] for r in load("deadlines.json")["rules"]}
    assert clock_steps <= set(data["steps"])


def test_unverified_sources_are_marked() -> None:
    sanbao = Citation.from_data({"law": "sanbao_1995", "article": "9", "tier": "S"}, where="t")
    assert sanbao.unverified and "未经核实" in sanbao.zh and "not verified" in sanbao.en
    primary = Citation.from_data({"law": "cprl", "article": "55", "tier": "P"}, where="t")
    assert not primary.unverified and primary.text_date == "2013-10-25"


def test_an_undated_source_reads_in_one_language() -> None:
    cit = Citation.from_data(
        {"law": "penalty_procedure", "article": "18", "tier": "S"}, where="test"
    )
    assert cit.zh.endswith("第18条（文本日期未核实）") and "not verified" not in cit.zh
    assert cit.en.endswith("Art. 18 (text date not verified)")
    hotline = Citation.from_data(
        {"law": "financial_hotlines", "article": "—", "tier": "U"}, where="test"
    )
    assert (
        hotline.zh == "《金融消费者投诉热线（12378，国家金融监督管理总局）》（未经核实）"
    )  # no "第—条"
    assert "12363" not in hotline.zh  # 12378 is the current line (#11)


def test_a_reader_never_sees_the_reliability_tier() -> None:
    """The tier letter (P/S/U) is bookkeeping: a submission cites the article and the text's date."""
    cit = Citation.from_data({"law": "complaint_measures", "article": "14", "tier": "P"}, where="t")
    assert cit.zh == "《市场监督管理投诉举报处理暂行办法》第14条（2022-03-24 文本）"
    assert cit.en.endswith(", Art. 14 (text of 2022-03-24)")
    for law, tier in (("cprl", "P"), ("sanbao_1995", "S"), ("financial_hotlines", "U")):
        c = Citation.from_data({"law": law, "article": "9", "tier": tier}, where="t")
        for text in (c.zh, c.en):
            assert not re.search(r"[\[［（(]\s*[PSU]\s*[,，\]］)）]", text), text
