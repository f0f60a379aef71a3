"""The narrative: facts in time order from the log, in Chinese and English; the edit is kept."""

from __future__ import annotations

from datetime import date

import pytest

from casework.demo import build_demo
from casework.errors import InvalidInput
from casework.narrative import (
    compose,
    facts_since_edit,
    generated_narrative,
    is_edited,
    narrative,
    save_narrative,
)
from casework.store import Store

from .helpers import make_case, make_events


def test_demo_narrative_in_time_order(store: Store) -> None:
    case = build_demo(store)
    zh = narrative(store, case.id)
    assert zh.startswith("2026年9月28日，消费者李华在淘宝「声悦数码旗舰店」")
    assert case.facts in zh  # the case's own facts reach the text (#18)
    log = zh[zh.index("经过如下") :]
    order = ["下单购买", "签收", "发现问题", "申请退货", "平台投诉", "提交投诉"]
    positions = [log.index(word) for word in order]
    assert positions == sorted(positions)
    assert "1233010020261020000123" in zh  # the 12315 reference joins its event's line
    assert zh.count("通过全国12315平台向杭州市余杭区") == 1  # told once, not twice
    # The request has its own section: the facts do not repeat it (#10).
    assert "2026年10月29日届满" in zh and "诉求：" not in zh
    assert "（平台）" not in zh and "（支付机构）" not in zh  # no actor labels in brackets
    # The citation a reader sees: article and text date, never the reliability tier (P/S/U).
    # Received 2026-10-20: the 2026 measures (Order 121), never the repealed 暂行办法.
    assert "依据《市场监督管理投诉举报处理办法》第15条第1款（2025-12-30 文本），" in zh
    assert "暂行办法" not in zh
    assert "［P" not in zh and "[P" not in zh
    en = narrative(store, case.id, lang="en")
    assert en.startswith("On 28 Sep 2026 the consumer (李华) bought")
    assert "What happened, in time order:" in en and "29 Oct 2026" in en
    assert "Art. 15(1) (text of 2025-12-30)" in en and "[P" not in en


def test_edit_is_kept_and_wins_until_cleared(store: Store) -> None:
    case = build_demo(store)
    generated = generated_narrative(store, case.id)
    edited = "2026年9月28日，李华购买耳机。（代理人改写）"
    save_narrative(store, case.id, edited)
    assert narrative(store, case.id) == edited and is_edited(store, case.id)
    assert narrative(store, case.id, lang="en").startswith("On 28 Sep 2026")  # per language
    store.add_event(
        case.id,
        at="2026-11-01 10:00",
        kind="reply_received",
        actor="regulator",
        text="市场监管局电话告知已受理",
    )
    assert narrative(store, case.id) == edited  # new events do not overwrite the edit
    # … but the advocate is told the edit is behind the log (and only for that language).
    assert facts_since_edit(store, case.id) == 1
    assert facts_since_edit(store, case.id, lang="en") == 0
    assert store.get_case(case.id).narrative_zh == edited
    assert any(
        a["action"] == "update" and "narrative_zh" in (a["after"] or {})
        for a in store.audit_log(case.id)
    )
    save_narrative(store, case.id, edited + "2026年11月1日，市场监管局告知已受理。")
    assert facts_since_edit(store, case.id) == 0  # the new edit caught up
    save_narrative(store, case.id, "  ")
    regenerated = narrative(store, case.id)
    assert regenerated != generated and "市场监管局电话告知已受理" in regenerated
    assert not is_edited(store, case.id)


def test_compose_without_events_and_bad_lang() -> None:
    case = make_case("quality", product="电水壶", platform="京东", amount_paid="89.00")
    text = compose(case, [], [], [], date(2026, 3, 1))
    assert text == "消费者在京东购买电水壶，支付 ¥89.00。"
    events = make_events(("2026-03-01 10:00", "delivered", "courier"))
    assert "2026年3月1日 10:00，签收。" in compose(case, events, [], [], date(2026, 3, 1))
    with pytest.raises(InvalidInput):
        compose(case, [], [], [], date(2026, 3, 1), lang="fr")
