"""美团 Meituan bills (美团交易账单明细): the CSV the Meituan app exports (我的→钱包→账单→导出).

UTF-8 with BOM, CRLF; a banner ``美团交易账单明细``, a summary (共：N笔记录, 支出/收入/不计收支：N笔 X元),
notes, ``【美团交易账单明细列表】`` and the header (found by content):
``交易创建时间,交易成功时间,交易类型,订单标题,收/支,支付方式,订单金额,实付金额,交易单号,商家单号,备注``.
Amounts ``¥22.30``; ids quoted with a trailing TAB.

交易类型 (transaction type): 支付 (a payment), 退款 (a refund, 收入), 还款 (repaying 美团月付, Meituan's
own credit: money out of a bank card, which the file counts under 支出 as it is). The amount is
实付金额 — what left or came back to the consumer's card after coupons — and it is what the file's
own summary adds up; 订单金额 (the price before coupons) is kept in ``status``' note only when it
differs. A refund names no original id: it is linked to the latest earlier payment of the same
订单标题 of at least its amount (``refund_of`` = that payment's 交易单号).
"""

from __future__ import annotations

import pandas as pd

from .assemble import Spec, assemble
from .base import Bill, Extracted, Head, Importer
from .cells import clean
from .tables import header_line, read_text_table

WANTED = {"交易创建时间", "交易成功时间", "交易类型", "订单标题", "收/支", "实付金额", "交易单号"}
_FEW_VALUES = ("交易类型", "收/支", "支付方式", "备注")


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "交易创建时间" and WANTED <= set(cells)


class MeituanImporter(Importer):
    source = "meituan"
    label = "美团"

    def identify(self, head: Head) -> str | None:
        return "csv" if header_line(head, _is_header) is not None else None

    def extract(self, bill: Bill, layout: str) -> Extracted:
        table = read_text_table(bill, _is_header, categorical=_FEW_VALUES)
        f = table.frame
        done = clean(f["交易成功时间"])
        created = clean(f["交易创建时间"])
        kind = clean(f["交易类型"])
        listed, paid = clean(f["订单金额"]), clean(f["实付金额"])
        note = ("订单金额 " + listed).where((listed != paid) & (listed != ""), "")
        spec = Spec(
            time=done.where(done != "", created),
            amount=paid,
            direction="收/支",
            plain_amounts=True,
            text={
                "counterparty": "订单标题",
                "item": "订单标题",
                "status": note,
                "method": "支付方式",
                "category": kind,
            },
            ids={"txn_id": "交易单号", "merchant_order_id": "商家单号"},
        )
        out = assemble(bill, table, self.source, spec)
        link_refunds(out.frame)
        # The summary's 支出 counts 还款 rows but leaves their amount out (the spending was counted
        # when it was paid with 月付).
        f = out.frame
        out.adjust["out"] = int(
            f.loc[(f["category"] == "还款") & (f["direction"] == "out"), "amount_fen"].sum()
        )
        return out


def link_refunds(frame: pd.DataFrame) -> None:
    """Mark 退款 rows; link each to the latest earlier 支付 of the same 订单标题 (in place)."""
    refund = (frame["category"] == "退款").to_numpy()
    frame["is_refund"] = refund
    refund_of = pd.Series([""] * len(frame), index=frame.index, dtype=str)
    payments = frame[(frame["category"] == "支付") & (frame["direction"] == "out")]
    taken: set[int] = set()
    for i in frame.index[refund]:
        row = frame.loc[i]
        cands = payments[
            (payments["item"] == row["item"])
            & (payments["time"] <= row["time"])
            & (payments["amount_fen"] >= row["amount_fen"])
            & ~payments.index.isin(list(taken))
        ]
        if cands.empty:
            continue
        # The same amount first (a full refund), then the latest payment.
        same = cands[cands["amount_fen"] == row["amount_fen"]]
        pick = (same if not same.empty else cands)["time"].idxmax()
        taken.add(int(pick))
        refund_of[i] = frame.at[pick, "txn_id"]
    frame["refund_of"] = refund_of.to_numpy()
