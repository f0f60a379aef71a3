"""What casework says of a bill it imports is stored as facts and put in words at the edge (#16).

The words are the ones one stored "中文 / English" string used to give each reader; an item stored
that way before keeps reading as it did; the facts are sealed like the description.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from casework.demo import CASE
from casework.evidence import EvidenceItem, add_evidence, evidence_list, list_evidence, verify
from casework.evidence.facts import describe, facts, half
from casework.resources import data_path
from casework.store import Store
from casework.store import schema as t
from casework.workflow import import_bill

BILL = data_path("alipay_demo.csv")

#: What the bill import stored before (#16), one string for both readers.
OLD_DESCRIPTION = (
    "支付宝账单（{layout}），{rows} 笔交易，{start} 至 {end}"
    " / alipay bill ({layout}), {rows} transactions, {start} to {end}"
)
OLD_PROVES = (
    "付款、退款的金额和时间（平台、支付机构的交易记录，电子商务法第五十三条、第六十二条）"
    " / amounts and times of payments and refunds (the platform's and payment provider's"
    " transaction records, E-commerce Law Art. 53 and 62)"
)


def _bill(store: Store) -> tuple[str, EvidenceItem]:
    case = store.create_case(CASE)
    import_bill(store, case.id, BILL)
    [item] = list_evidence(store, case.id)
    return case.id, item


def test_a_bill_reads_in_each_language_as_the_old_string_did(store: Store) -> None:
    case_id, item = _bill(store)
    values = item.facts["values"]
    assert item.facts["kind"] == "bill" and values["source"] == "alipay"
    old = OLD_DESCRIPTION.format(**values)
    for lang in ("zh", "en"):
        assert item.described(lang) == half(old, lang)
        assert item.proves_in(lang) == half(OLD_PROVES, lang)
    # the register's own column holds the Chinese words, no English half
    assert item.description == half(old, "zh")
    assert " / " not in item.description and " / " not in item.proves
    rows = {lang: evidence_list(store, case_id, lang)[0] for lang in ("zh", "en")}
    assert rows["en"]["description"] == half(old, "en")
    assert rows["zh"]["proves"] == half(OLD_PROVES, "zh")


def test_an_item_stored_as_one_string_for_both_reads_as_before(store: Store) -> None:
    case = store.create_case(CASE)
    item = add_evidence(
        store,
        case.id,
        b"old bill",
        type="transaction_record",
        name="old.csv",
        description="微信支付账单（v1），3 笔交易 / wechat bill (v1), 3 transactions",
        proves="付款时间 / when it was paid",
    )
    assert item.facts == {}
    assert (item.described("zh"), item.described("en")) == (
        "微信支付账单（v1），3 笔交易",
        "wechat bill (v1), 3 transactions",
    )
    assert item.proves_in("en") == "when it was paid"
    plain = add_evidence(store, case.id, b"chat", type="chat_log", description="聊天 A/B 截图")
    assert plain.described("en") == "聊天 A/B 截图"  # the advocate's own words, as written


def test_editing_the_stored_facts_breaks_the_seal(store: Store) -> None:
    case_id, item = _bill(store)
    assert verify(store, case_id).ok
    data = dict(item.facts)
    with store.write() as conn:
        row = conn.execute(t.evidence.select().where(t.evidence.c.id == item.id)).one()
        stored = dict(row.data)
        stored["facts"] = data | {"values": data["values"] | {"rows": 999}}
        conn.execute(update(t.evidence).where(t.evidence.c.id == row.id).values(data=stored))
    assert not verify(store, case_id).ok


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        facts("rumour", text="x")
    assert describe({"kind": "rumour", "values": {}}, "zh") is None
