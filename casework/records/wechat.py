"""微信支付 WeChat Pay bills: CSV (to mid-2025), XLSX 2025 and XLSX 2026.

* ``csv``: UTF-8 with BOM, a 16-line preamble; since 2025-04 quoted cells may be followed by a TAB
  (``"…"\\t,``) and 交易对方 may hold an unquoted comma (a 12-field row) — repaired here.
* ``xlsx-2025``: header on row 17 of ``Sheet1`` (a decoy Power-Query sheet may come first); all
  cells text, amounts ``¥28.16``.
* ``xlsx-2026``: one more preamble row (``4. 本账单中所有时间均为UTC+08:00时间``), header on row 18,
  amounts numeric, times text, date cells or Excel serial numbers.

Refunds: the payment's 当前状态 is rewritten (已全额退款, 已退款(￥x), 对方已退还) and a separate
``<…>-退款`` income row appears; it is linked back to the payment here.
"""

from __future__ import annotations

import pandas as pd

from .assemble import Spec, assemble
from .base import Bill, Extracted, Head, Importer
from .cells import PAD
from .sheets import read_excel_table
from .tables import Table, find_header, read_text_table

WANTED = {"交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "当前状态", "交易单号"}
_WIDTH = 11  # the columns of the WeChat header, without duplicates


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "交易时间" and WANTED <= set(cells)


class WechatImporter(Importer):
    source = "wechat"
    label = "微信支付"

    def identify(self, head: Head) -> str | None:
        if head.kind == "text":
            return "csv" if find_header(head.lines, _is_header) is not None else None
        # A decoy Power-Query sheet may come first; the bill is on Sheet1 (as deg reads it).
        for name in sorted(head.sheets, key=lambda s: s != "Sheet1"):
            joined = [",".join(r) for r in head.sheets[name]]
            if find_header(joined, _is_header) is not None:
                return "xlsx-2026" if any("UTC+08:00" in r for r in joined) else "xlsx-2025"
        return None

    def extract(self, bill: Bill, layout: str) -> Extracted:
        excel = layout != "csv"
        if excel:
            table = read_excel_table(bill, _is_header, prefer_sheet="Sheet1")
        else:
            table = read_text_table(bill, _is_header)
            _repair_commas(table)
        spec = Spec(
            plain_amounts=True,
            time="交易时间",
            amount="金额(元)",
            direction="收/支",
            excel=excel,
            text={
                "counterparty": "交易对方",
                "item": "商品",
                "status": "当前状态",
                "method": "支付方式",
                "category": "交易类型",
            },
            ids={"txn_id": "交易单号", "merchant_order_id": "商户单号"},
        )
        out = assemble(bill, table, self.source, spec)
        for col in ("item", "method", "counterparty"):
            f = out.frame[col]
            out.frame[col] = f.where(f != "/", "")
        link_refunds(out.frame)
        return out


def _repair_commas(table: Table) -> None:
    """Merge the pieces of an unquoted comma in 交易对方 back together (12+ field rows)."""
    if table.extra is None or not (table.extra != "").any():
        return
    frame = table.frame
    width = min(len(frame.columns), _WIDTH)
    for i in frame.index[table.extra != ""]:
        fields = [*frame.iloc[i, :width].tolist(), *table.extra.iloc[i].split("\x1f")]
        k = len(fields) - width
        merged = [*fields[:2], ",".join(fields[2 : 3 + k]), *fields[3 + k :]]
        # Only accept the repair when the shifted cells land where they make sense.
        if merged[4].strip(PAD) in ("支出", "收入", "/", "") and "-" in merged[0]:
            frame.iloc[i, :width] = merged[:width]
            table.extra.iloc[i] = ""
            if table.widths is not None and len(table.widths) == len(frame):
                table.widths[i] = table.header_width  # repaired: no longer a wrong width


_REFUNDED = ("已全额退款", "已退款", "对方已退还", "已退还")


def link_refunds(frame: pd.DataFrame) -> None:
    """Mark ``…-退款`` rows and link each to the payment it returns (in place)."""
    refund = frame["category"].str.endswith("-退款") | frame["category"].str.endswith("退款")
    frame["is_refund"] = refund.to_numpy(dtype=bool)
    refund_of = pd.Series([""] * len(frame), index=frame.index, dtype=str)
    payments = frame[~frame["is_refund"]]
    by_order = {v: i for i, v in payments["merchant_order_id"].items() if v}
    for i in frame.index[frame["is_refund"]]:
        row = frame.loc[i]
        j = by_order.get(row["txn_id"])
        if j is None:
            prefix = row["category"].removesuffix("-退款")
            cands = payments[
                (payments["time"] <= row["time"])
                & payments["status"].str.startswith(_REFUNDED)
                & (
                    (payments["counterparty"] == row["counterparty"])
                    | payments["counterparty"].eq(prefix)
                    | payments["category"].str.startswith(prefix)
                )
                & (payments["amount_fen"] >= row["amount_fen"])
            ]
            if cands.empty:
                continue
            j = cands["time"].idxmax()
        refund_of[i] = frame.at[j, "txn_id"]
    frame["refund_of"] = refund_of.to_numpy()
