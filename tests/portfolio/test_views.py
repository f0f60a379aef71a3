"""The portfolio's SQL views give the same frames as the old loop over every case (#12).

A register is generated in bulk (benchmarks/portfolio_bench.py's generator), then changed through
the public API — so both the rebuild and the write hooks are what fill the clocks — and each view
is compared with the loop of tests/portfolio/loop.py on several days, before and after deadlines
pass, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import delete, select

from benchmarks import portfolio_bench as bench
from casework import portfolio as pf
from casework.cases import Status
from casework.clock import SHANGHAI
from casework.demo import build_demo
from casework.store import Store, clocks
from casework.store import schema as t

from . import loop

#: Days around the register's "now" (2026-11-29): long before, the day deadlines fall due, after.
DAYS = [date(2026, 3, 1), date(2026, 10, 29), date(2026, 11, 29), date(2027, 2, 1)]


def same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    """Equal frames; two empty frames only need the same columns (pandas gives an empty frame
    whatever dtypes it was built with)."""
    if new.empty and old.empty:
        assert list(new.columns) == list(old.columns)
        return
    pd.testing.assert_frame_equal(new, old)


def _register(store: Store, cases: int = 40) -> list[str]:
    bench.build_register(store, cases, events=8, contacts=8)
    demo = build_demo(store)
    extra = store.create_case(
        title="耳机充电盒损坏",
        category="quality",
        platform=" 天猫 ",
        respondent_name="杭州声悦电子科技\u3000有限公司",
        shop_name="声悦官方店",
    )
    store.add_event(extra.id, at="2026-11-20 10:00", kind="delivered", actor="courier")
    store.add_communication(
        extra.id,
        at="2026-11-21 09:00",
        counterpart="声悦官方店",
        channel="platform_chat",
        summary="要求退货",
        response_due="2026-11-24",
        follow_up="2026-11-30",
    )
    closed = store.create_case(title="快递丢件", category="logistics", shop_name="好运百货")
    store.add_communication(
        closed.id,
        at="2026-11-01 09:00",
        counterpart="快递",
        channel="phone",
        summary="查件",
        follow_up="2026-11-05",
    )
    store.set_status(closed.id, Status.WITHDRAWN, "settled")
    # Bulk cases changed through the API too: a reply that settles, a case closed, one reopened.
    store.add_communication(
        "2026-0003",
        at="2026-11-28 10:00",
        counterpart="店铺客服",
        channel="platform_chat",
        direction="in",
        summary="同意退款",
    )
    store.add_event("2026-0004", at="2026-11-28 11:00", kind="refund_received", actor="payment")
    return [demo.id, extra.id, closed.id]


def test_every_view_matches_the_loop_on_every_day(store: Store) -> None:
    demo_id, extra_id, closed_id = _register(store)
    for today in DAYS:
        same(pf.due(store, today), loop.due(store, today))
        same(pf.follow_ups(store, today), loop.follow_ups(store, today))
        for case_id in (demo_id, extra_id, closed_id, "2026-0003"):
            same(
                pf.follow_ups(store, today, case_id=case_id, days_ahead=30),
                loop.follow_ups(store, today, case_id=case_id, days_ahead=30),
            )
    wide = date(2026, 10, 29)  # a window that reaches every stored date
    same(pf.due(store, wide, days_ahead=400), loop.due(store, wide, days_ahead=400))
    same(pf.follow_ups(store, wide, days_ahead=400), loop.follow_ups(store, wide, days_ahead=400))
    same(pf.deadlines_due(store, wide), loop.deadlines_due(store, wide))
    same(pf.open_by_status(store), loop.open_by_status(store))
    same(pf.case_frame(store), loop.case_frame(store))
    for min_cases in (1, 2, 3):
        same(pf.repeat_merchants(store, min_cases), loop.repeat_merchants(store, min_cases))
    for by in pf.DIMENSIONS:
        same(pf.breakdown(store, by), loop.breakdown(store, by))
    # The comparison is not vacuous: the register has overdue, today's and upcoming items.
    frame = pf.due(store, date(2026, 10, 29), days_ahead=400)
    assert {"overdue", "due_today", "upcoming"} <= set(frame["status"])
    assert {"follow_up"} <= set(frame["what"]) and len(pf.repeat_merchants(store)) >= 2


def _derived(store: Store) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    with store.read() as conn:
        for table in (t.case_summary, t.clocks, t.follow_ups):
            keys = [c for c in table.primary_key.columns]
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*keys))]
    return out


def test_each_write_keeps_the_rows_as_a_rebuild_would(
    home: Path, db_url: str | None, tmp_path: Path
) -> None:
    from tests.conftest import NOW

    ticks = iter(range(10_000))
    store = Store.open(
        home, db_url, clock=lambda: NOW.replace(tzinfo=SHANGHAI) + timedelta(minutes=next(ticks))
    )
    try:
        _each_write(store, tmp_path)
    finally:
        store.close()


def _each_write(store: Store, tmp_path: Path) -> None:
    from casework.evidence import add_evidence
    from casework.workflow import import_bill

    def check() -> None:
        kept = _derived(store)
        clocks.rebuild(store)
        assert _derived(store) == kept

    case = store.create_case(title="屏幕坏点", category="quality", shop_name="某店")
    check()
    store.update_case(case.id, {"respondent_name": "某某 科技有限公司", "platform": "京东"})
    check()
    store.add_event(case.id, at="2026-11-01 10:00", kind="delivered", actor="courier")
    check()
    store.add_communication(
        case.id,
        at="2026-11-02 10:00",
        counterpart="某店",
        channel="phone",
        summary="要求退货",
        response_due="2026-11-09",
        follow_up="2026-11-12",
    )
    check()
    store.set_status(case.id, Status.FILED)
    check()
    before = _derived(store)
    add_evidence(store, case.id, b"\x89PNG fake", name="photo.png", type="product_photo")
    after = _derived(store)
    check()
    assert after["case_summary"] != before["case_summary"]  # its last activity moved on
    before = _derived(store)
    import_bill(store, case.id, bench_bill(tmp_path))
    check()
    assert _derived(store)["case_summary"] != before["case_summary"]
    # What the rows say is what the views need: the delivery's clocks, the pending follow-up.
    with store.read() as conn:
        rows = conn.execute(
            select(t.clocks.c.clock_id, t.clocks.c.state, t.clocks.c.due).where(
                t.clocks.c.case_id == case.id
            )
        ).all()
    # 2026-11-08 is a Sunday: one roll-over policy for every clock (民法典 203, #11) → Monday.
    assert ("no_reason_return", "running", "2026-11-09") in [tuple(r) for r in rows]


def bench_bill(tmp_path: Path) -> Path:
    from tests.conftest import SAMPLES

    bill = next(p for p in sorted(SAMPLES.glob("*alipay*.csv")))
    return bill


def test_a_failed_write_leaves_the_rows_as_they_were(store: Store) -> None:
    from casework.errors import ConflictError

    case = store.create_case(title="退款未到", category="refund_refused")
    kept = _derived(store)
    with pytest.raises(ConflictError):
        store.update_case(case.id, {"title": "改"}, expected_version=99)
    with pytest.raises(RuntimeError), store.write() as conn:
        store.touch(conn, case.id)
        raise RuntimeError("boom")
    assert _derived(store) == kept


def test_the_due_status_moves_on_with_the_date_without_a_write(store: Store) -> None:
    case = store.create_case(title="七日无理由", category="return")
    store.add_event(case.id, at="2026-11-20 10:00", kind="delivered", actor="courier")
    ret = pf.deadlines_due(store, date(2026, 11, 20)).set_index("what")
    row = ret.loc["7-day no-reason return window"]
    assert (row["status"], row["days"]) == ("upcoming", 7)
    later = pf.deadlines_due(store, date(2026, 11, 27)).set_index("what")
    assert later.loc["7-day no-reason return window", "status"] == "due_today"
    gone = pf.deadlines_due(store, date(2026, 12, 1)).set_index("what")
    assert gone.loc["7-day no-reason return window", "status"] == "overdue"
    store.add_event(case.id, at="2026-11-22 10:00", kind="return_requested")
    assert "7-day no-reason return window" not in set(
        pf.deadlines_due(store, date(2026, 12, 1))["what"]
    )


def test_a_clock_in_another_state_is_off_the_due_list(store: Store) -> None:
    """The column a settled or dismissed clock (#15) is marked in: only DUE_STATES are due."""
    case = store.create_case(title="七日无理由", category="return")
    store.add_event(case.id, at="2026-11-20 10:00", kind="delivered", actor="courier")
    today = date(2026, 11, 29)
    assert "7-day no-reason return window" in set(pf.due(store, today)["what"])
    with store.write() as conn:
        conn.execute(
            t.clocks.update()
            .where(t.clocks.c.case_id == case.id, t.clocks.c.clock_id == "no_reason_return")
            .values(state="settled")
        )
    assert "7-day no-reason return window" not in set(pf.due(store, today)["what"])


def test_a_register_without_the_rows_is_filled_in_when_opened(
    home: Path, db_url: str | None
) -> None:
    from casework.clock import fixed
    from tests.conftest import NOW

    store = Store.open(home, db_url, clock=fixed(NOW))
    try:
        build_demo(store)
        expected = pf.due(store, NOW.date())
        with store.write() as conn:  # as a register from before migration 0004 looks
            for table in (t.follow_ups, t.clocks, t.case_summary):
                conn.execute(delete(table))
        assert pf.due(store, NOW.date()).empty
    finally:
        store.close()
    again = Store.open(home, db_url, clock=fixed(NOW))
    try:
        same(pf.due(again, NOW.date()), expected)
    finally:
        again.close()


def test_clocks_rebuild_cli(sqlite_store: Store, home: Path) -> None:
    from click.testing import CliRunner

    from casework.cli import cli

    build_demo(sqlite_store)
    result = CliRunner().invoke(cli, ["--home", str(home), "clocks", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 个案件" in result.output and "recomputed the clocks of 1 cases" in result.output


def test_the_bench_runs_small(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    """benchmarks/portfolio_bench.py at 200 cases, so it cannot rot; its figures are printed."""
    figures = bench.run("test", store, 200)
    assert figures["built"].cases == 200 and figures["built"].rows == 200 * 42
    assert set(figures["views"]) == {"status", "repeat", "due", "follow_ups"}
    assert all(f["ratio"] > 0 for f in figures["views"].values())
    out = capsys.readouterr().out
    assert "rows/s" in out and "ratio" in out
    with store.read() as conn:
        summaries = conn.execute(select(t.case_summary.c.case_id)).all()
    assert len(summaries) == 200


def test_a_rebuild_in_batches_gives_the_rows_of_one_batch(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of a rebuild (on PostgreSQL two at once, on two connections) give exactly the rows
    one batch does, and the progress reaches every case once."""
    bench.build_register(store, 9, events=6, contacts=6)
    kept = _derived(store)
    assert len(kept["case_summary"]) == 9 and kept["clocks"]
    with store.write() as conn:  # nothing left over from before
        for table in (t.case_summary, t.clocks, t.follow_ups):
            conn.execute(delete(table))
    monkeypatch.setattr(clocks, "BATCH", 2)
    seen: list[tuple[int, int]] = []
    assert clocks.rebuild(store, lambda done, total: seen.append((done, total))) == 9
    assert _derived(store) == kept
    assert seen == [(2, 9), (4, 9), (6, 9), (8, 9), (9, 9)]


def test_a_failing_batch_fails_the_rebuild(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error in any batch (here the engine on one case) reaches the caller, whichever thread
    computed it; the batches before it are committed, the failing one is not."""
    bench.build_register(store, 6, events=4, contacts=4)
    kept = _derived(store)
    monkeypatch.setattr(clocks, "BATCH", 2)
    real = clocks._engine

    def engine(view: object, case_id: str, today: date) -> list[object]:
        if case_id == "2026-0005":
            raise ValueError("broken rule data")
        return real(view, case_id, today)  # type: ignore[arg-type]

    monkeypatch.setattr(clocks, "_engine", engine)
    with pytest.raises(ValueError, match="broken rule data"):
        clocks.rebuild(store)
    assert _derived(store) == kept


def test_bulk_cases_continue_the_numbering(store: Store) -> None:
    bench.build_register(store, 3, events=1, contacts=1)
    assert store.create_case(title="新案", category="other").id == "2026-0004"
    assert pf.case_frame(store)["id"].tolist()[-1] == "2026-0004"


def test_an_imported_archive_is_in_the_portfolio_at_once(tmp_path: Path) -> None:
    from casework.archive import export_archive, import_archive
    from casework.clock import fixed
    from tests.conftest import NOW

    a = Store.open(tmp_path / "a", None, clock=fixed(NOW))
    b = Store.open(tmp_path / "b", None, clock=fixed(NOW))
    try:
        demo = build_demo(a)
        export_archive(a, [demo.id], tmp_path / "handoff.zip")
        import_archive(b, tmp_path / "handoff.zip")
        same(pf.due(b, NOW.date()), loop.due(b, NOW.date()))
        assert not pf.due(b, NOW.date()).empty
        same(pf.case_frame(b), loop.case_frame(b))
    finally:
        a.close()
        b.close()
