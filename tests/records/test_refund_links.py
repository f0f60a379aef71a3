"""Refunds linked to their payments across the bills of a case (#14): by id, by the order
number in a refund's text, by amount + time + the shop's normalised name; each link says how,
and a refund none of them finds stays listed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from casework.demo import CASE
from casework.records import inspect, money_trail
from casework.records.assemble import normalise_counterparty, same_counterparty
from casework.records.demo import ROWS as DEMO_ROWS
from casework.records.synthetic import Row, alipay_text
from casework.store import Store
from casework.workflow import import_bill

JD_HEADER = (
    "交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注"
)


def _alipay(tmp: Path, name: str, rows: list[Row]) -> Path:
    path = tmp / name
    text = alipay_text(
        rows, start=datetime(2026, 9, 1), end=datetime(2026, 12, 31), exported=datetime(2027, 1, 1)
    )
    path.write_bytes(text.encode("gb18030"))
    return path


def _jd(tmp: Path, name: str, rows: list[str]) -> Path:
    path = tmp / name
    pre = ["导出信息：", "京东账号名：jd_test", "", "特别提示", ""]
    path.write_bytes(("\ufeff" + "\n".join([*pre, JD_HEADER, *rows]) + "\n").encode("utf-8"))
    return path


def _refund_links(store: Store, case_id: str) -> list[str]:
    (order,) = money_trail(store, case_id).orders.to_dict("records")
    return [ln["link"] for ln in order["lines"] if ln["role"] == "refund"]


def test_by_id_across_bills(store: Store, tmp_path: Path) -> None:
    case = store.create_case(CASE)
    sept = _alipay(tmp_path, "sept.csv", [r for r in DEMO_ROWS if r.time < datetime(2026, 10, 1)])
    octo = _alipay(tmp_path, "oct.csv", [r for r in DEMO_ROWS if r.time >= datetime(2026, 10, 1)])
    import_bill(store, case.id, octo)  # the refund's bill first
    import_bill(store, case.id, sept)
    assert _refund_links(store, case.id) == ["id"]


def test_jd_refund_by_the_order_number_in_its_note(store: Store, tmp_path: Path) -> None:
    """A JD refund whose 交易订单号 differs from its purchase's names the order in 备注."""
    order = "300012345678"
    case = store.create_case(CASE.model_copy(update={"order_numbers": [order], "shop_name": ""}))
    rows = [
        f"2026-09-28 21:00:00\t,京东平台商户,蓝牙耳机 降噪,1299.00,京东白条,交易成功,支出,数码,{order}\t,"
        "88001\t, ,",
        "2026-10-08 10:00:00\t,京东平台商户,售后退款-蓝牙耳机,300.00,京东白条,退款成功,不计收支,网购,"
        f"JDX99887766\t,88002\t,原订单号{order},",
    ]
    path = _jd(tmp_path, "jd.csv", rows)
    read = inspect(path)
    assert read.rejected == [] and read.frame["is_refund"].tolist() == [False, True]
    assert read.frame["refund_of"].tolist() == ["", order]  # linked in the file already
    import_bill(store, case.id, path)
    assert _refund_links(store, case.id) == ["order_id_in_text"]
    (o,) = money_trail(store, case.id).orders.to_dict("records")
    assert o["refunded"] == Decimal("300.00")


def test_price_protection_and_after_sales_refunds_are_refunds(tmp_path: Path) -> None:
    rows = [
        "2026-09-28 21:00:00\t,京东平台商户,电饭煲,399.00,钱包余额,交易成功,支出,家电,500011112222\t,"
        "1\t, ,",
        "2026-09-30 09:00:00\t,京东平台商户,价保退款-电饭煲,20.00,钱包余额,交易成功,不计收支,价保,"
        "500011112222\t,2\t, ,",
    ]
    f = inspect(_jd(tmp_path, "jd.csv", rows)).frame
    assert f["is_refund"].tolist() == [False, True]
    assert f["refund_of"].tolist() == ["", "500011112222"]


def _row(at: datetime, kind: str, shop: str, direction: str, amount: str, txn: str) -> Row:
    status = "退款成功" if kind == "退款" else "交易成功"
    return Row(
        at,
        kind,
        shop,
        "退款-耳机" if kind == "退款" else "耳机",
        direction,
        amount,
        "花呗",
        status,
        txn,
        "T200P1" if kind != "退款" else "",
    )


def test_by_amount_time_and_the_shops_other_name(store: Store, tmp_path: Path) -> None:
    """A later bill's refund names the shop by its short name, and no id ties it."""
    case = store.create_case(
        CASE.model_copy(update={"order_numbers": ["1"], "shop_name": "远山户外旗舰店"})
    )
    pay = _row(
        datetime(2026, 9, 28, 21), "数码电器", "远山户外旗舰店", "支出", "1299.00", "20260928001"
    )
    back = _row(
        datetime(2026, 11, 2, 9), "退款", "拼多多平台商户-远山户外", "不计收支", "199.00", "999"
    )
    far = _row(datetime(2027, 9, 1, 9), "退款", "远山户外", "不计收支", "5.00", "998")
    import_bill(store, case.id, _alipay(tmp_path, "sept.csv", [pay]))
    import_bill(store, case.id, _alipay(tmp_path, "nov.csv", [back, far]))
    trail = money_trail(store, case.id)
    (o,) = trail.orders.to_dict("records")
    assert [ln["link"] for ln in o["lines"] if ln["role"] == "refund"] == [
        "amount+time+counterparty"
    ]
    assert o["refunded"] == Decimal("199.00")
    # Ten months later is outside the window: listed, never hidden.
    (u,) = trail.unmatched.to_dict("records")
    assert (u["kind"], u["amount"]) == ("refund", Decimal("5.00"))


def test_counterparty_names_normalised() -> None:
    assert normalise_counterparty("财付通-拼多多平台商户-远山户外") == "远山户外"
    assert normalise_counterparty("退货 美团") == normalise_counterparty("消费 美团") == "美团"
    assert normalise_counterparty("网银在线-京东商城业务CHN") == "京东商城业务"
    assert same_counterparty("远山户外", "远山户外旗舰店")
    assert not same_counterparty("远山户外", "云帆咖啡")
    assert not same_counterparty("", "云帆咖啡")


def test_alipay_price_protection_refund_is_a_refund(tmp_path: Path) -> None:
    pay = _row(
        datetime(2026, 9, 28, 21), "数码电器", "远山户外旗舰店", "支出", "399.00", "2026092801"
    )
    back = Row(
        datetime(2026, 9, 30, 9),
        "其他",
        "远山户外旗舰店",
        "价保退款-耳机",
        "收入",
        "20.00",
        "花呗",
        "交易成功",
        "2026093001",
        "",
    )
    f = inspect(_alipay(tmp_path, "a.csv", [pay, back])).frame
    assert f["is_refund"].tolist() == [False, True]
