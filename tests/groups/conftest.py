"""Three consumers against one shop, and a CLI on the same register (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from casework.store import Store
from tests.test_cli import run  # noqa: F401  (the CLI on the test's register)

MEMBERS = [
    ("张三", "13900000001", "北京市海淀区中关村大街1号", "2026-10-02", "199.50", "T1001"),
    ("李四", "13900000002", "上海市徐汇区漕溪北路88号", "2026-10-05", "249.00", "T1002"),
    ("欧阳娜娜", "13900000003", "浙江省杭州市西湖区文三路9号", "2026-10-09", "99.90", "T1003"),
]


def make_member(store: Store, i: int, **over: Any) -> str:
    name, phone, address, day, amount, order = MEMBERS[i]
    values: dict[str, Any] = {
        "title": f"蓝牙耳机左耳无声（{name}）",
        "category": "quality",
        "platform": "淘宝",
        "shop_name": "某某数码专营店",
        "respondent_name": "杭州某某数码科技有限公司",
        "respondent_address": "浙江省杭州市余杭区仓前街道1号",
        "complainant_name": name,
        "complainant_phone": phone,
        "complainant_address": address,
        "order_numbers": [order],
        "purchase_date": day,
        "amount_paid": amount,
        "product": "蓝牙耳机",
        "request": f"退货退款 {amount} 元",
        "facts": "收货后左耳无声，商家拒绝退货。",
    }
    return store.create_case(**(values | over)).id


@pytest.fixture
def members(store: Store) -> list[str]:
    return [make_member(store, i) for i in range(3)]
