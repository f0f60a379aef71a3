"""工商银行 ICBC online-banking CSV (明细查询文件下载): credit card, debit v1 and debit v2.

Every cell is right-padded and ends in a TAB; dates have no time; in and out are separate
记账金额 columns with thousands separators; the footer (合计金额 / 人民币合计) is the bank's own
total. A refund is a row whose 摘要 says 退款 or 退货.
"""

from __future__ import annotations

import re

from .assemble import bank_rows
from .base import Bill, Extracted, Head, Importer
from .cells import clean
from .tables import header_line, read_text_table

_FOOTER = r"^\s*\"?(合计金额|人民币合计)"


def _is_header(cells: list[str]) -> bool:
    return (
        bool(cells)
        and cells[0] == "交易日期"
        and "记账金额(收入)" in cells
        and "记账金额(支出)" in cells
    )


class IcbcImporter(Importer):
    source = "icbc"
    label = "工商银行"

    def identify(self, head: Head) -> str | None:
        header = header_line(head, _is_header)
        if header is None:
            return None
        if "记账日期" in header:
            return "credit"
        return "debit-v2" if "交易详情" in header else "debit-v1"

    def extract(self, bill: Bill, layout: str) -> Extracted:
        table = read_text_table(bill, _is_header, footer=_FOOTER)
        f = table.frame
        place = clean(f["交易场所"])
        party = clean(f["对方户名"]) if "对方户名" in f else place
        m = re.search(r"卡号[:：]\s*[\d*]*?(\d{4})(?![\d*])", "\n".join(table.preamble))
        detail = clean(f["交易详情"]) if "交易详情" in f else place
        return bank_rows(
            bill,
            table,
            self.source,
            time="交易日期",
            income=f["记账金额(收入)"],
            expense=f["记账金额(支出)"],
            counterparty=party.where(party != "", place),
            item=detail.where(detail != "", place),
            category="摘要",
            method="工商银行" + ("信用卡" if layout == "credit" else "借记卡"),
            last4=m.group(1) if m else "",
        )
