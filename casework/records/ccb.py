"""建设银行 CCB 交易明细 XLS (BIFF8, read with xlrd).

Five rows of account details, the header on row 6 (cells right-padded), 记账日 / 交易日期 as
``YYYYMMDD`` text and 交易时间 ``HH:MM:SS``; 支出 / 收入 are numeric cells with 0 on the unused
side; the footer row is ``以上数据仅供参考|具体内容请以柜台为准``.
"""

from __future__ import annotations

import re

from .assemble import bank_rows
from .base import Bill, Extracted, Head, Importer
from .cells import cell_text
from .sheets import read_excel_table
from .tables import find_header

WANTED = {"记账日", "交易日期", "交易时间", "支出", "收入", "摘要"}


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "记账日" and WANTED <= set(cells)


class CcbImporter(Importer):
    source = "ccb"
    label = "建设银行"

    def identify(self, head: Head) -> str | None:
        if head.kind != "excel":
            return None
        for rows in head.sheets.values():
            if find_header([",".join(r) for r in rows], _is_header) is not None:
                return "xls"
        return None

    def extract(self, bill: Bill, layout: str) -> Extracted:
        table = read_excel_table(
            bill, _is_header, footer=lambda v: v.startswith("以上数据仅供参考")
        )
        f = table.frame
        when = f["交易日期"].map(cell_text) + " " + f["交易时间"].map(cell_text)
        place = f["交易地点"].map(cell_text) if "交易地点" in f else when.map(lambda _: "")
        party = f["对方户名"].map(cell_text) if "对方户名" in f else place
        m = re.search(r"交易明细_(\d{4})_\d{8}", bill.name)
        return bank_rows(
            bill,
            table,
            self.source,
            time=when,
            income=f["收入"].map(cell_text),
            expense=f["支出"].map(cell_text),
            counterparty=party.where(party != "", place),
            item=place,
            category=f["摘要"].map(cell_text),
            method="建设银行",
            last4=m.group(1) if m else "",
            zero_is_empty=True,
        )
