"""The demo case's Alipay bill (演示账单) and the demo step that imports it.

李华's bill for 2026-09-20 … 2026-10-20 in the 2026 app layout: the earbuds payment of 1,299.00 to
声悦数码旗舰店 (Taobao order 4021557788990011223, written ``T200P…`` as Alipay does), the 200.00
the platform got back for her (a ``*REFUND_`` row linked to the payment), and everyday spending
that has nothing to do with the complaint. All names are fictional.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..atomic import write_atomic
from ..cases import Case
from ..resources import data_path
from ..store import Store
from .synthetic import Row, alipay_text

BILL = "alipay_demo.csv"
PAYMENT_ID = "2026092822001156781234567890"

ROWS = [
    Row(
        datetime(2026, 10, 19, 12, 8, 41),
        "餐饮美食",
        "云帆咖啡",
        "拿铁 大杯",
        "支出",
        "28.00",
        "花呗",
        "交易成功",
        "2026101922001156780000000311",
        "CF20261019120841",
    ),
    Row(
        datetime(2026, 10, 15, 9, 2, 10),
        "充值缴费",
        "清泉水务",
        "水费 2026年9月",
        "支出",
        "46.30",
        "招商银行储蓄卡(8705)",
        "交易成功",
        "2026101522001156780000000302",
        "SW2026101509021",
    ),
    Row(
        datetime(2026, 10, 12, 16, 45, 3),
        "退款",
        "声悦数码旗舰店",
        "退款-SY-Pro 无线降噪蓝牙耳机（白色）",
        "不计收支",
        "200.00",
        "招商银行储蓄卡(8705)",
        "退款成功",
        f"{PAYMENT_ID}*REFUND_20261012164503",
        "REFUND_20261012164503",
    ),
    Row(
        datetime(2026, 10, 10, 19, 30, 12),
        "日用百货",
        "青禾生活超市",
        "超市购物",
        "支出",
        "156.80",
        "余额宝",
        "交易成功",
        "2026101022001156780000000287",
        "QH20261010193012",
    ),
    Row(
        datetime(2026, 10, 6, 8, 15, 0),
        "交通出行",
        "北辰出行",
        "打车 漕溪北路-虹桥站",
        "支出",
        "63.50",
        "花呗",
        "交易成功",
        "2026100622001156780000000274",
        "BC20261006081500",
    ),
    Row(
        datetime(2026, 10, 1, 10, 0, 0),
        "投资理财",
        "余额宝",
        "余额宝-2026.09.30-收益发放",
        "不计收支",
        "3.12",
        "余额宝",
        "交易成功",
        "2026100122001156780000000261",
        "",
    ),
    Row(
        datetime(2026, 9, 30, 21, 4, 55),
        "转账红包",
        "王**",
        "转账",
        "收入",
        "500.00",
        "余额",
        "交易成功",
        "2026093022001156780000000258",
        "",
    ),
    Row(
        datetime(2026, 9, 28, 20, 16, 27),
        "数码电器",
        "声悦数码旗舰店",
        "SY-Pro 无线降噪蓝牙耳机（白色）",
        "支出",
        "1299.00",
        "招商银行储蓄卡(8705)",
        "交易成功",
        PAYMENT_ID,
        "T200P4021557788990011223",
        account="sy***@163.com",
    ),
    Row(
        datetime(2026, 9, 27, 18, 40, 2),
        "餐饮美食",
        "小满鲜果",
        "水果拼盘",
        "支出",
        "35.90",
        "花呗",
        "交易成功",
        "2026092722001156780000000233",
        "XM20260927184002",
    ),
    Row(
        datetime(2026, 9, 25, 14, 22, 31),
        "文化休闲",
        "木棉书店",
        "图书 2 册",
        "支出",
        "89.00",
        "交通银行信用卡(7449)",
        "交易成功",
        "2026092522001156780000000219",
        "T200P3899120045671123",
    ),
    Row(
        datetime(2026, 9, 23, 11, 5, 44),
        "日用百货",
        "晨光文具专营店",
        "笔记本套装",
        "支出",
        "32.50",
        "余额宝",
        "等待确认收货",
        "2026092322001156780000000205",
        "T200P3899120011220334",
    ),
    Row(
        datetime(2026, 9, 21, 20, 50, 9),
        "生活服务",
        "星河影城",
        "电影票 2 张",
        "支出",
        "78.00",
        "花呗",
        "交易成功",
        "2026092122001156780000000196",
        "XH20260921205009",
    ),
]


def bill_bytes() -> bytes:
    """The demo bill exactly as shipped (GB18030, like a real Alipay export)."""
    text = alipay_text(
        ROWS,
        start=datetime(2026, 9, 20),
        end=datetime(2026, 10, 20, 23, 59, 59),
        exported=datetime(2026, 10, 21, 9, 30, 0),
    )
    return text.encode("gb18030")


def write_bill(path: Path) -> None:
    """(Re)write the shipped file: ``python -m casework.records.demo``."""
    write_atomic(path, bill_bytes())


def import_demo_bill(store: Store, case: Case) -> None:
    """Demo step: import the Alipay bill, so the money trail shows 1,299.00 / 200.00 / 1,099.00."""
    from ..workflow import import_bill  # the workflow sits above records (#16)

    import_bill(store, case.id, data_path(BILL))


if __name__ == "__main__":
    write_bill(data_path(BILL))
