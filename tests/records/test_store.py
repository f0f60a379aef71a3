"""Bills into the register and back, on SQLite and PostgreSQL; the money trail of a case."""

from __future__ import annotations

import warnings
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from casework.cli import cli
from casework.demo import CASE, build_demo
from casework.errors import NotFound
from casework.records import inspect, money_trail, transactions
from casework.records.demo import ROWS as DEMO_ROWS
from casework.records.synthetic import Row, alipay_text
from casework.resources import data_path
from casework.store import Store
from casework.workflow import import_bill

from .golden import SAMPLES

JD = SAMPLES / "deg_jd__example-jd-records.csv"
DEMO_BILL = data_path("alipay_demo.csv")


def _bill(tmp: Path, name: str, rows: list[Row]) -> Path:
    path = tmp / name
    text = alipay_text(
        rows, start=datetime(2026, 9, 1), end=datetime(2026, 10, 31), exported=datetime(2026, 11, 1)
    )
    path.write_bytes(text.encode("gb18030"))
    return path


def test_round_trip_keeps_every_value(store: Store) -> None:
    case = store.create_case(CASE)
    result = import_bill(store, case.id, JD)
    assert (result.added, result.already_present, result.rows) == (26, 0, 26)
    stored = transactions(store, case.id).sort_values("line").reset_index(drop=True)
    parsed = inspect(JD).frame.sort_values("line").reset_index(drop=True)
    for col in parsed.columns:
        assert stored[col].tolist() == parsed[col].tolist(), col
    assert all(isinstance(a, Decimal) for a in stored["amount"])
    assert stored["file_name"].eq(JD.name).all()


def test_same_file_twice_and_overlapping_bills_never_double(store: Store, tmp_path: Path) -> None:
    case = store.create_case(CASE)
    first = import_bill(store, case.id, JD)
    again = import_bill(store, case.id, JD)
    assert (again.added, again.already_present) == (0, 26)
    demo = inspect(DEMO_BILL)
    # One row the demo bill already has, one it has not.
    rows = [
        DEMO_ROWS[0],
        Row(
            datetime(2026, 10, 25, 8),
            "餐饮美食",
            "云帆咖啡",
            "美式",
            "支出",
            "18.00",
            "花呗",
            "交易成功",
            "2026102522001156780000000999",
            "CF20261025080000",
        ),
    ]
    import_bill(store, case.id, DEMO_BILL)
    overlap = import_bill(store, case.id, _bill(tmp_path, "later.csv", rows))
    assert (overlap.added, overlap.already_present) == (1, 1)
    assert len(transactions(store, case.id)) == first.rows + demo.rows + 1
    assert [i["added_rows"] for i in _imports(store, case.id)] == [26, 0, 12, 1]


def _imports(store: Store, case_id: str) -> list[dict]:
    from casework.records.importing import import_summary

    return import_summary(store, case_id)


def test_demo_money_trail(store: Store) -> None:
    case = build_demo(store)
    trail = money_trail(store, case.id)
    (order,) = trail.orders.to_dict("records")
    assert order["order"] == "4021557788990011223"
    assert (order["paid"], order["refunded"], order["outstanding"]) == (
        Decimal("1299.00"),
        Decimal("200.00"),
        Decimal("1099.00"),
    )
    assert order["match_method"] == "id" and order["status"] == "partly_refunded"
    roles = {(ln["role"], ln["file"], ln["line"], ln["amount"]) for ln in order["lines"]}
    assert roles == {
        ("payment", "alipay_demo.csv", 32, "1299.00"),
        ("refund", "alipay_demo.csv", 27, "200.00"),
    }
    assert trail.unmatched.empty
    assert trail.to_dict()["totals"] == {
        "paid": "1299.00",
        "refunded": "200.00",
        "outstanding": "1099.00",
    }


def test_trail_without_id_matches_amount_time_and_shop(store: Store, tmp_path: Path) -> None:
    case = store.create_case(CASE.model_copy(update={"order_numbers": ["TB-typed-wrong"]}))
    rows = [
        Row(
            datetime(2026, 9, 28, 21, 0),
            "数码电器",
            "声悦数码旗舰店",
            "耳机",
            "支出",
            "1299.00",
            "花呗",
            "交易成功",
            "2026092899",
            "X1",
        ),
        Row(
            datetime(2026, 9, 28, 21, 5),
            "数码电器",
            "别的店",
            "耳机",
            "支出",
            "1299.00",
            "花呗",
            "交易成功",
            "2026092898",
            "X2",
        ),
        Row(
            datetime(2026, 10, 2, 9, 0),
            "退款",
            "声悦数码旗舰店",
            "退款-耳机",
            "不计收支",
            "1299.00",
            "花呗",
            "退款成功",
            "2026092899_1",
            "X1",
        ),
    ]
    import_bill(store, case.id, _bill(tmp_path, "b.csv", rows))
    (order,) = money_trail(store, case.id).orders.to_dict("records")
    assert order["match_method"] == "amount+time+counterparty"
    assert (order["paid"], order["refunded"], order["status"]) == (
        Decimal("1299.00"),
        Decimal("1299.00"),
        "refunded",
    )


def test_order_entry_rows_join_the_trail_and_unmatched_are_listed(
    store: Store, tmp_path: Path
) -> None:
    case = store.create_case(CASE)
    import_bill(store, case.id, DEMO_BILL)
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "平台,订单编号,下单时间,店铺名称,商品名称,实付金额,支付方式,订单状态,备注\n"
        "淘宝,3899120045671123,2026-09-25 14:20,木棉书店,图书 2 册,89.00,支付宝,已签收,\n"
        "拼多多,250925-77,2026-09-26,某某专营店,充电器,19.90,微信支付,已签收,\n",
        encoding="utf-8",
    )
    result = import_bill(store, case.id, orders)
    assert (result.source, result.layout) == ("generic", "order-entry")
    trail = money_trail(store, case.id)
    by_order = {o["order"]: o for o in trail.orders.to_dict("records")}
    assert by_order["3899120045671123"]["match_method"] == "id"
    assert by_order["3899120045671123"]["paid"] == Decimal("89.00")
    assert [ln["role"] for ln in by_order["3899120045671123"]["lines"]] == ["order", "payment"]
    assert by_order["250925-77"]["match_method"] == "order_record"
    assert by_order["4021557788990011223"]["outstanding"] == Decimal("1099.00")


def test_refund_that_matches_no_order_is_unmatched(store: Store, tmp_path: Path) -> None:
    case = store.create_case(CASE.model_copy(update={"order_numbers": ["111"]}))
    rows = [
        Row(
            datetime(2026, 9, 28, 21, 0),
            "退款",
            "声悦数码旗舰店",
            "退款-耳机",
            "不计收支",
            "50.00",
            "花呗",
            "退款成功",
            "555_1",
            "R1",
        )
    ]
    import_bill(store, case.id, _bill(tmp_path, "r.csv", rows))
    trail = money_trail(store, case.id)
    assert trail.orders.iloc[0]["status"] == "no_payment"
    kinds = sorted(trail.unmatched["kind"])
    assert kinds == ["order", "refund"]


def test_unknown_case(store: Store) -> None:
    with pytest.raises(NotFound):
        import_bill(store, "2026-9999", DEMO_BILL)


def test_progress_is_reported(store: Store) -> None:
    case = store.create_case(CASE)
    seen: list[tuple[int, int]] = []
    import_bill(store, case.id, JD, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (26, 26)


def test_cli_import_and_trail(tmp_path: Path) -> None:
    import json

    home = str(tmp_path / "home")
    run = CliRunner().invoke
    s = Store.open(home)
    build_demo(s)
    s.close()
    res = run(cli, ["--home", home, "records", "trail", "2026-0001", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["totals"]["outstanding"] == "1099.00"
    res = run(cli, ["--home", home, "records", "import", "2026-0001", str(JD), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["added"] == 26
    res = run(cli, ["--home", home, "records", "import", "2026-0404", str(JD)])
    assert res.exit_code == 2 and "2026-0404" in res.stderr
    text = run(cli, ["--home", home, "records", "trail", "2026-0001"]).stdout
    assert "1,099.00" in text and "alipay_demo.csv" in text


def test_bill_becomes_evidence_once(store: Store) -> None:
    from casework.evidence import list_evidence

    case = store.create_case(CASE)
    first = import_bill(store, case.id, DEMO_BILL)
    again = import_bill(store, case.id, DEMO_BILL)
    assert first.evidence_id is not None and again.evidence_id == first.evidence_id
    items = [e for e in list_evidence(store, case.id) if e.id == first.evidence_id]
    assert items[0].type == "transaction_record" and items[0].original_name == "alipay_demo.csv"
    assert items[0].sha256 == inspect(DEMO_BILL).file_sha256
    assert [i["evidence_id"] for i in _imports(store, case.id)] == [first.evidence_id] * 2


def test_trail_of_a_case_without_bills_lists_the_order_cleanly(store: Store) -> None:
    # No bill rows at all: the shop test runs on an empty column (once a pandas warning).
    case = store.create_case(CASE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trail = money_trail(store, case.id)
    assert trail.orders["status"].tolist() == ["no_payment"]
    assert trail.unmatched["kind"].tolist() == ["order"]
    assert trail.totals == {k: Decimal("0.00") for k in ("paid", "refunded", "outstanding")}


def test_refund_in_a_later_bill_than_its_payment(store: Store, tmp_path: Path) -> None:
    # September's export has the payment, October's the refund: the trail joins them by the
    # Alipay refund id (<payment id>*REFUND_…), whichever bill was imported first.
    case = store.create_case(CASE)
    sept = _bill(tmp_path, "sept.csv", [r for r in DEMO_ROWS if r.time < datetime(2026, 10, 1)])
    octo = _bill(tmp_path, "oct.csv", [r for r in DEMO_ROWS if r.time >= datetime(2026, 10, 1)])
    import_bill(store, case.id, octo)
    import_bill(store, case.id, sept)
    trail = money_trail(store, case.id)
    (order,) = trail.orders.to_dict("records")
    assert (order["paid"], order["refunded"], order["outstanding"]) == (
        Decimal("1299.00"),
        Decimal("200.00"),
        Decimal("1099.00"),
    )
    assert {(ln["role"], ln["file"]) for ln in order["lines"]} == {
        ("payment", "sept.csv"),
        ("refund", "oct.csv"),
    }
    assert trail.unmatched.empty
