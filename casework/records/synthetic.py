"""Synthetic Alipay bills (合成账单) in the real 2023+ app layout: for the demo, tests, benchmarks.

Every name in them is fictional. The layout follows the real export byte for byte in what matters
to a parser: GB18030 text, the preamble with the file's own summary, the 电子客户回单 banner, padded
cells and the TAB after each id. ``variant="2026"`` drops one preamble line and uses the 2025-10
banner (支付宝支付科技有限公司), the shape of the newest exports.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..money import from_fen

#: Real exports pad every header cell with spaces (the rows of recent exports are not padded).
HEADER = (
    ",".join(
        f"{h:<20}"
        for h in (
            "交易时间",
            "交易分类",
            "交易对方",
            "对方账号",
            "商品说明",
            "收/支",
            "金额",
            "收/付款方式",
            "交易状态",
            "交易订单号",
            "商家订单号",
            "备注",
        )
    )
    + ","
)
NOTES = [
    "1.本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；",
    "2.请勿将本回单作为收款方发货的凭据使用，请查证账户实际到账情况后再进行发货操作；",
    "3.支付宝快捷支付等非余额支付方式可能既产生支付宝交易也同步产生银行交易，因此请勿使用本回单进行重复记账；",
    "4.本回单如经任何涂改、编造，均立即失去效力；",
    "5.部分账单如：充值提现、账户转存或者个人设置收支等不计入为收入或者支出，记为不计收支类；",
    "6.因统计逻辑不同，明细金额直接累加后，可能会和上方统计金额不一致，请以实际交易金额为准；",
    "7.禁止将本回单用于非法用途；",
    "8.本明细仅展示当前账单中的交易，不包括已删除的记录；",
    "9.本明细仅供个人对账使用。",
]
_DIR = {"支出": "out", "收入": "in", "不计收支": "neutral"}


@dataclass
class Row:
    """One row of an Alipay bill, as the file writes it."""

    time: datetime
    category: str
    counterparty: str
    item: str
    direction: str  # 支出 / 收入 / 不计收支
    amount: str  # "1299.00"
    method: str
    status: str
    txn_id: str
    merchant_order_id: str = ""
    account: str = "/"
    note: str = ""

    def line(self) -> str:
        return (
            f"{self.time:%Y-%m-%d %H:%M:%S},{self.category},{self.counterparty},"
            f"{self.account},{self.item},{self.direction},{self.amount},{self.method},"
            f"{self.status},{self.txn_id}\t,{self.merchant_order_id}\t,{self.note},"
        )


def alipay_text(
    rows: Iterable[Row],
    *,
    start: datetime,
    end: datetime,
    exported: datetime,
    name: str = "李华",
    account: str = "138****8000",
    variant: str = "2026",
) -> str:
    """The whole bill as text (encode it with ``gb18030``)."""
    rows = list(rows)
    counts = {"支出": 0, "收入": 0, "不计收支": 0}
    fen = {"支出": 0, "收入": 0, "不计收支": 0}
    for r in rows:
        counts[r.direction] += 1
        fen[r.direction] += int(r.amount.replace(".", ""))
    company = "支付宝支付科技有限公司" if variant == "2026" else "支付宝（中国）网络技术有限公司"
    lines = [
        "-" * 84,
        "导出信息：",
        f"姓名：{name}",
        f"支付宝账户：{account}",
        f"起始时间：[{start:%Y-%m-%d %H:%M:%S}]    终止时间：[{end:%Y-%m-%d %H:%M:%S}]",
        "导出交易类型：[全部]",
        f"导出时间：[{exported:%Y-%m-%d %H:%M:%S}]",
        f"共{len(rows)}笔记录",
        *(f"{label}：{counts[label]}笔 {from_fen(fen[label])}元" for label in counts),
        "",
        "特别提示：",
        *NOTES,
    ]
    if variant != "2026":
        lines.append("")  # the 2026 export has one preamble line fewer
    lines.append(f"------------------------{company}  电子客户回单------------------------")
    lines.append(HEADER)
    lines.extend(r.line() for r in rows)
    return "\n".join(lines) + "\n"


_SHOPS = [
    "青禾生活超市",
    "云帆咖啡",
    "北辰出行",
    "木棉书店",
    "小满鲜果",
    "星河影城",
    "晨光文具专营店",
    "远山户外旗舰店",
    "橙子便利店",
    "清泉水务",
]
_CATEGORIES = ["日用百货", "餐饮美食", "交通出行", "文化休闲", "生活服务", "服饰装扮"]
_METHODS = ["余额宝", "花呗", "招商银行储蓄卡(8705)", "交通银行信用卡(7449)", "账户余额"]


def random_rows(
    n: int, *, seed: int = 7, start: datetime = datetime(2026, 1, 1), refund_every: int = 50
) -> list[Row]:
    """``n`` plausible rows (payments, some income, neutral moves and linked refunds)."""
    rnd = random.Random(seed)
    rows: list[Row] = []
    t = start
    for i in range(n):
        t += timedelta(seconds=rnd.randint(30, 600))
        txn = f"2026{i:012d}{rnd.randint(0, 99999999):08d}"
        if i and i % refund_every == 0 and rows[-1].direction == "支出":
            orig = rows[-1]
            rows.append(
                Row(
                    t,
                    "退款",
                    orig.counterparty,
                    "退款-" + orig.item,
                    "不计收支",
                    orig.amount,
                    orig.method,
                    "退款成功",
                    f"{orig.txn_id}*REFUND_{i:06d}",
                    f"REFUND_{i:06d}",
                )
            )
            continue
        kind = rnd.random()
        direction = "支出" if kind < 0.8 else ("收入" if kind < 0.9 else "不计收支")
        amount = f"{rnd.randint(1, 200000) / 100:.2f}"
        shop = rnd.choice(_SHOPS)
        rows.append(
            Row(
                t,
                rnd.choice(_CATEGORIES),
                shop,
                f"{shop}订单",
                direction,
                amount,
                rnd.choice(_METHODS),
                "交易成功",
                txn,
                f"T200P{rnd.randint(10**18, 10**19)}",
            )
        )
    return rows


def expected(rows: Iterable[Row]) -> dict[str, object]:
    """What ``inspect`` must find in a bill made of ``rows``."""
    rows = list(rows)
    totals = {"out": 0, "in": 0, "neutral": 0}
    for r in rows:
        totals[_DIR[r.direction]] += int(r.amount.replace(".", ""))
    return {
        "rows": len(rows),
        "totals": {k: f"{from_fen(v):.2f}" for k, v in totals.items()},
        "refunds": sum(1 for r in rows if r.status == "退款成功"),
    }
