"""English mode speaks English: the only Chinese in the demo case's English narrative, route,
deadlines and damages text is the case's own data (names, addresses, quoted facts, request)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from casework.demo import build_demo
from casework.narrative import narrative
from casework.rules.case_damages import damages
from casework.rules.deadlines import deadlines_for
from casework.rules.routing import route
from casework.store import Store

# A run of Chinese: CJK ideographs with the full-width punctuation between them.
CJK_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]*")


def _english(obj: Any, en: bool = False) -> list[str]:
    """Every string under an ``en`` / ``*_en`` key of a to_dict() tree."""
    if isinstance(obj, dict):
        return [
            s for k, v in obj.items() for s in _english(v, en or k == "en" or k.endswith("_en"))
        ]
    if isinstance(obj, list):
        return [s for v in obj for s in _english(v, en)]
    return [obj] if en and isinstance(obj, str) else []


def foreign_runs(texts: list[str], case_data: str) -> list[str]:
    """Chinese runs in ``texts`` that are not part of the case's own data: our wording."""
    return sorted({run for text in texts for run in CJK_RUN.findall(text) if run not in case_data})


def test_foreign_runs_catches_our_wording() -> None:
    data = "消费者李华在淘宝购买耳机"
    assert foreign_runs(["bought 耳机 on 淘宝 from 李华"], data) == []
    assert foreign_runs(["only goods in the 三包 catalogue", "fraud (欺诈)"], data) == [
        "三包",
        "欺诈",
    ]


def test_demo_english_text_has_no_chinese_of_ours(sqlite_store: Store) -> None:
    store = sqlite_store
    case = build_demo(store)
    today = date(2026, 11, 29)
    events = store.list_events(case.id)
    comms = store.list_communications(case.id)
    case_data = "\n".join(
        [str(v) for v in case.model_dump().values() if isinstance(v, str)]
        + case.order_numbers
        + [ev.text for ev in events]
        + [f"{c.counterpart}\n{c.summary}" for c in comms]
    )
    texts = [narrative(store, case.id, lang="en")]
    texts += [s for d in deadlines_for(store, case.id, today) for s in _english(d.to_dict())]
    texts += _english(route(store, case.id, today).to_dict())
    for facts in ({}, {"fraud": True}, {"food": True}):
        texts += _english(damages(store, case.id, **facts).to_dict())
    # The narrative names the event in words, never the key twice ("payment (payment)"); since #10
    # it no longer appends the actor to every line.
    assert "— payment:" in texts[0] and "payment (payment)" not in texts[0]
    assert foreign_runs(texts, case_data) == []
