"""Screenshots in a case: kept per file, cross-checked, chat messages as cited events, the CLI."""

from __future__ import annotations

import json
from decimal import Decimal

from click.testing import CliRunner
from sqlalchemy import func, select

from casework.cli import cli
from casework.evidence import add_evidence
from casework.evidence.screenshots import (
    add_chat_events,
    evidence_numbers,
    exhibit_text,
    read_screenshot,
    review_items,
)
from casework.narrative import generated_narrative
from casework.report.review import review
from casework.store import Store
from casework.store import schema as t
from casework.timeline import case_timeline

from .conftest import ReplayEngine, Shot


def _args(store: Store) -> list[str]:
    return ["--home", str(store.home)] + ([] if store.is_sqlite else ["--db", store.url])


def test_order_screenshot_is_kept_once_and_cross_checked(
    store: Store, shots: dict[str, Shot], engine: ReplayEngine
) -> None:
    shot = shots["order"]
    f = shot.page.fields
    case = store.create_case(
        title="订单截图核对",
        category="quality",
        order_numbers=f["order_numbers"],
        amount_paid=Decimal(f["paid_fen"] + 100) / 100,  # the intake says ¥1 more
    )
    item = add_evidence(store, case.id, shot.image, type="order_record", name="order.png")
    read = read_screenshot(store, item.id)
    assert read.kind == "order" and read.fields["order_numbers"] == f["order_numbers"]
    status = {(c.field, c.against): c.status for c in read.checks}
    assert status[("order_numbers", "case")] == "match"
    assert status[("paid_fen", "case")] == "differs"
    assert status[("shop", "case")] == "new"  # offered to the intake
    calls = engine.calls
    again = read_screenshot(store, item.id)  # kept in the register: not read again
    assert again.text == read.text and engine.calls == calls
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.screenshot_text)).scalar_one() == 1
    items = review_items(store, case.id)
    no = evidence_numbers(store, case.id)[item.id]
    warnings = [i for i in items if i["severity"] == "warning"]
    assert warnings and all(i["evidence_no"] == no for i in items)
    assert any("实付款" in i["text"] and i["text"].startswith(f"证据{no}") for i in warnings)
    shown = exhibit_text(store, item.id)
    assert shown is not None and f"订单编号 {f['order_numbers'][0]}" in shown
    sheet = review(store, case.id)
    assert any(i.code == "screenshot.differs" and "实付款" in i.zh for i in sheet.warnings)


def test_chat_messages_become_events_cited_in_timeline_and_narrative(
    store: Store, shots: dict[str, Shot]
) -> None:
    shot = shots["chat"]
    case = store.create_case(
        title="聊天截图", category="quality", shop_name=shot.page.fields["counterpart"]
    )
    item = add_evidence(
        store,
        case.id,
        shot.image,
        type="chat_log",
        name="chat.png",
        captured_at=shot.page.captured_at,
    )
    added = add_chat_events(store, item.id)
    assert len(added) == len(shot.page.messages)
    assert [(e.actor.value, e.at.isoformat()) for e in added] == [
        ("consumer" if s == "consumer" else "seller", at) for s, at, _ in shot.page.messages
    ]
    assert all(e.source == f"evidence:{item.id}" for e in added)
    assert add_chat_events(store, item.id) == []  # added once
    no = evidence_numbers(store, case.id)[item.id]
    frame = case_timeline(store, case.id).frame
    cited = frame[frame["text"].str.contains(f"（证据{no}）", regex=False)]
    assert len(cited) == len(added)
    story = generated_narrative(store, case.id)
    assert story.count(f"（证据{no}）") == len(added)
    assert f"(evidence no. {no})" in generated_narrative(store, case.id, lang="en")


def test_cli_read_json_and_events(store: Store, shots: dict[str, Shot]) -> None:
    shot = shots["chat"]
    case = store.create_case(title="命令行", category="quality")
    item = add_evidence(
        store,
        case.id,
        shot.image,
        type="chat_log",
        name="chat.png",
        captured_at=shot.page.captured_at,
    )
    runner = CliRunner()
    result = runner.invoke(
        cli, [*_args(store), "evidence", "read", case.id, str(item.id), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"text", "lines", "fields", "messages"} <= set(data)
    assert set(data["lines"][0]) == {"text", "box", "score"}
    assert [(m["side"], m["time"]) for m in data["messages"]] == [
        (s, at) for s, at, _ in shot.page.messages
    ]
    text = runner.invoke(cli, [*_args(store), "evidence", "read", case.id, str(item.id)])
    assert "机器识别文字" in text.output and "→ 消费者" in text.output
    preview = runner.invoke(cli, [*_args(store), "evidence", "events", case.id, str(item.id)])
    assert "would add" in preview.output and store.list_events(case.id) == []
    added = runner.invoke(
        cli, [*_args(store), "evidence", "events", case.id, str(item.id), "--add", "--message", "0"]
    )
    assert added.exit_code == 0, added.output
    assert len(store.list_events(case.id)) == 1
    other = store.create_case(title="别的案件", category="quality")
    wrong = runner.invoke(cli, [*_args(store), "evidence", "read", other.id, str(item.id)])
    assert wrong.exit_code == 2 and "no evidence item" in wrong.output
