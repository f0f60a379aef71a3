"""京东交易流水 JD Pay wallet bill — the closest thing JD has to a buyer's order export.

Two column orders: ``2024-12`` (交易时间, 商户名称, 交易说明, 金额, …) and ``old`` (交易时间, 交易分类,
商户名称, …); columns are mapped by name. Data rows carry one field more than the header (read with
``index_col=False``). 金额 may carry a refund note: ``131.77(已退款89.84)`` (partial: the payment
amount, then what came back) or ``468.32(已全额退款)``; the note is kept in ``status``.
The summary's 支出 is net of partial refunds; its 不计收支 total skips purchases refunded in full
and 先享后付 orders (both still counted as rows). Refund rows (``退款-…``) share the purchase's 交易订单号 (the JD order number) and are linked to it.
"""

from __future__ import annotations

import pandas as pd

from .assemble import Spec, assemble
from .base import Bill, Extracted, Head, Importer
from .cells import clean, fen
from .tables import header_line, read_text_table

WANTED = {"交易时间", "商户名称", "交易说明", "金额", "收/支", "交易订单号", "交易状态"}
_NOTE = r"^(?P<amount>[^()（）]*?)\s*[(（](?P<note>已全额退款|已退款\s*[\d.,]+)[)）]\s*$"


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "交易时间" and WANTED <= set(cells)


class JdImporter(Importer):
    source = "jd"
    label = "京东"

    def identify(self, head: Head) -> str | None:
        header = header_line(head, _is_header)
        if header is None:
            return None
        second = header.split(",")[1].strip()
        return "2024-12" if second == "商户名称" else "old"

    def extract(self, bill: Bill, layout: str) -> Extracted:
        table = read_text_table(bill, _is_header)
        amount = clean(table.frame["金额"])
        parts = amount.str.extract(_NOTE)
        noted = parts["amount"].notna()
        status = clean(table.frame["交易状态"])
        status = status.where(~noted, status + "（" + parts["note"].fillna("") + "）")
        if "备注" in table.frame:
            # 备注 may carry the order a refund returns (订单号…): kept where the trail looks.
            note = clean(table.frame["备注"])
            status = status.where(note.isin(("", "/")), status + "（备注 " + note + "）")
        spec = Spec(
            time="交易时间",
            amount=amount.where(~noted, parts["amount"]),
            direction="收/支",
            allow_extra=1,
            text={
                "counterparty": "商户名称",
                "item": "交易说明",
                "status": status,
                "method": "收/付款方式",
                "category": "交易分类",
            },
            ids={"txn_id": "交易订单号", "merchant_order_id": "商家订单号"},
        )
        out = assemble(bill, table, self.source, spec)
        link_refunds(out.frame)
        # The file's 支出 total is net of partial refunds (its note 2): compare like with like.
        partial, _ = fen(parts["note"].fillna("").str.extract(r"已退款\s*([\d.,]+)")[0].fillna(""))
        kept_out = clean(table.frame["收/支"]).eq("支出") & noted
        out.adjust["out"] = int(partial[kept_out].sum())
        # Its 不计收支 total leaves out purchases refunded in full (``(已全额退款)``) and 先享后付
        # (pay later) orders not yet paid, while counting them among its 不计收支 rows.
        f = out.frame
        unpaid = (
            (f["direction"] == "neutral")
            & (f["status"].str.contains("已全额退款", regex=False) | (f["method"] == "先享后付"))
            & ~f["is_refund"]
        )
        out.adjust["neutral"] = int(f.loc[unpaid, "amount_fen"].sum())
        return out


#: Money returned that JD does not title 退款-…: a price-protection refund (价保退款, the price
#: fell within the protection days) and an after-sales refund (售后退款).
REFUND_WORDS = ("价保退款", "售后退款")


def link_refunds(frame: pd.DataFrame) -> None:
    """A refund (``退款-…``, 退款成功, 价保退款, 售后退款) returns the latest earlier purchase with the
    same order number — or, when its 交易订单号 differs, the purchase whose order number its
    交易说明 or 备注 names."""
    refund = frame["item"].str.startswith("退款-") | frame["status"].str.startswith("退款")
    for word in REFUND_WORDS:
        refund |= frame["item"].str.contains(word, regex=False) | frame["category"].str.contains(
            word, regex=False
        )
    frame["is_refund"] = refund.to_numpy(dtype=bool)
    refund_of = pd.Series([""] * len(frame), index=frame.index, dtype=str)
    payments = frame[~frame["is_refund"] & (frame["txn_id"] != "")]
    numbers = [n for n in set(payments["txn_id"]) if len(n) >= 8]
    for i in frame.index[frame["is_refund"]]:
        row = frame.loc[i]
        same = payments[(payments["txn_id"] == row["txn_id"])]
        if same.empty:
            text = f"{row['item']} {row['status']}"
            named = [n for n in numbers if n in text]
            same = payments[payments["txn_id"].isin(named) & (payments["time"] <= row["time"])]
        if same.empty:
            continue
        # Prefer the purchase of the same goods (the refund repeats the title after 退款-).
        title = row["item"].removeprefix("退款-")[:12]
        better = same[same["item"].str.startswith(title)] if title else same
        refund_of[i] = (better if not better.empty else same)["txn_id"].iloc[0]
    frame["refund_of"] = refund_of.to_numpy()
