"""The register at a glance: counts by status and dimension, repeat merchants, what is due."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from casework import portfolio as pf
from casework.cases import Status
from casework.demo import build_demo
from casework.store import Store
from casework.ui import Session
from casework.ui.portfolio import breakdown_view, due_view, repeat_view, status_view

TODAY = date(2026, 11, 29)


def _cases(store: Store) -> list[str]:
    demo = build_demo(store)
    # The same merchant typed with a full-width space, on another platform: one merchant.
    a = store.create_case(
        title="耳机充电盒损坏",
        category="quality",
        platform="天猫",
        respondent_name="杭州声悦电子科技\u3000有限公司",
        shop_name="声悦官方店",
    )
    b = store.create_case(
        title="快递丢件", category="logistics", platform="拼多多", shop_name="好运百货"
    )
    store.set_status(b.id, Status.WITHDRAWN, "consumer settled")
    return [demo.id, a.id, b.id]


def test_open_by_status_counts_open_cases_only(store: Store) -> None:
    demo_id, a_id, _ = _cases(store)
    frame = pf.open_by_status(store).set_index("status")
    assert frame.loc["awaiting_reply", "ids"] == demo_id
    assert frame.loc["intake", "cases"] == 1 and frame.loc["intake", "ids"] == a_id
    assert "withdrawn" not in frame.index  # closed cases are not "open"
    assert frame["cases"].sum() == 2


def test_breakdown_by_platform_category_and_merchant(store: Store) -> None:
    _cases(store)
    platforms = pf.breakdown(store, "platform").set_index("key")
    assert platforms.loc["拼多多", "cases"] == 1 and platforms.loc["拼多多", "open"] == 0
    categories = pf.breakdown(store, "category").set_index("key")
    assert categories.loc["quality", "cases"] == 2
    assert categories.loc["quality", "label"] == "商品质量"
    merchants = pf.breakdown(store, "merchant")
    assert merchants.iloc[0]["cases"] == 2  # the repeat merchant sorts first


def test_breakdown_rejects_an_unknown_dimension(store: Store) -> None:
    import pytest

    from casework.errors import InvalidInput

    with pytest.raises(InvalidInput, match="分组"):
        pf.breakdown(store, "colour")


def test_repeat_merchants_groups_spellings_of_one_merchant(store: Store) -> None:
    demo_id, a_id, _b = _cases(store)
    frame = pf.repeat_merchants(store)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["merchant"] == "杭州声悦电子科技有限公司"
    assert row["cases"] == 2 and row["ids"] == f"{demo_id}, {a_id}"
    assert row["platforms"] == "天猫、淘宝"
    assert pf.repeat_merchants(store, min_cases=3).empty


def test_follow_ups_settle_with_a_reply_from_the_same_reference(store: Store) -> None:
    demo = build_demo(store)
    due = pf.follow_ups(store, TODAY, case_id=demo.id)
    # The platform replied on 10-12 (same ref): its 10-12 reply-due is settled; the 12315
    # reply-due (10-29) and follow-up (11-02) are still open, and overdue.
    assert list(zip(due["what"], due["due"].astype(str), due["status"], strict=True)) == [
        ("response_due", "2026-10-29", "overdue"),
        ("follow_up", "2026-11-02", "overdue"),
    ]
    store.add_communication(
        demo.id,
        at="2026-11-03 10:00",
        counterpart="全国12315平台",
        counterpart_kind="regulator",
        channel="12315_online",
        direction="in",
        ref="1233010020261020000123",
        summary="已受理",
        follow_up="2026-12-20",
    )
    due = pf.follow_ups(store, TODAY, case_id=demo.id)
    assert due.empty  # answered; and 12-20 is beyond the 14-day window
    assert list(pf.follow_ups(store, TODAY, days_ahead=30)["due"].astype(str)) == ["2026-12-20"]


def test_portfolio_panels_render_the_tables(store: Store) -> None:
    _cases(store)
    view = status_view(store, Session())
    assert "等待答复" in view.table.value and not view.notice.is_error
    repeat = repeat_view(store, Session(), lang="en")
    assert "杭州声悦电子科技有限公司" in repeat.table.value and "Merchant" in repeat.table.value


def test_portfolio_cli(sqlite_store: Store, home: Path) -> None:
    import json

    from click.testing import CliRunner

    from casework.cli import cli

    _cases(sqlite_store)
    runner = CliRunner()
    out = runner.invoke(cli, ["--home", str(home), "portfolio", "repeat", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)[0]["merchant"] == "杭州声悦电子科技有限公司"
    out = runner.invoke(cli, ["--home", str(home), "portfolio", "due", "--today", "2026-11-29"])
    assert out.exit_code == 0 and "2026-11-02" in out.output and "overdue" in out.output
    out = runner.invoke(cli, ["--home", str(home), "portfolio", "platform"])
    assert "拼多多" in out.output
    out = runner.invoke(cli, ["--home", str(home), "portfolio", "due", "--today", "昨天"])
    assert out.exit_code == 2 and "today" in out.output


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_english_portfolio_reads_in_english(store: Store) -> None:
    """Statuses, problem types and deadline bases in English; only the advocate's own text
    (titles, shop and merchant names) may stay Chinese."""
    _cases(store)
    store.create_case(title="no platform", category="other")
    session = Session()
    statuses = status_view(store, session, "en").table.value
    assert "awaiting reply" in statuses and not CJK.search(statuses.split("<tbody>")[1])
    categories = breakdown_view(store, session, "category", "en").table.value
    assert "logistics" in categories and "商品质量" not in categories
    platforms = breakdown_view(store, session, "platform", "en").table.value
    assert "(not filled)" in platforms and "未填" not in platforms
    repeat = repeat_view(store, session, 2, "en").table.value
    assert "quality" in repeat and "商品质量" not in repeat and "天猫, 淘宝" in repeat
    due = due_view(store, session, 14, "en").table.value
    assert "Order 121" in due and "暂行办法" not in due  # the 2026 measures (#11)
