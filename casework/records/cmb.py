"""招商银行信用卡 CMB credit-card statements (对账单), as CSV or XLSX.

The layout (``../shared/notes/bill-formats.md`` §4c): a title row such as
``招商银行信用卡对账单（个人消费卡账户 2024年01月）``, then the header
``交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额``.

* 交易日 (transaction day) and 记账日 (posting day) are ``MM/DD`` without a year: the year is the
  title's, and a month after the statement's belongs to the year before (December rows in a
  January statement). 交易日 is blank for repayments; the 记账日 stands in.
* 人民币金额 is signed: positive is spending (支出), negative money back to the card — a repayment
  (摘要 says 还款: neither spending nor income, ``neutral``) or a refund / cash-back (``in``).
  Thousands separators are quoted (``"8,000.00"``).
* 交易地金额 is the amount where the card was used, with its country (``-3.90(CN)``); kept in
  ``status`` when it differs from the 人民币金额 (a purchase abroad).

A refund (摘要 with 退款 / 退货) is linked to the latest earlier purchase of the same merchant text.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .assemble import Spec, assemble, link_by_counterparty
from .base import Bill, Extracted, Head, Importer
from .cells import PAD
from .errors import RecordsError
from .sheets import read_excel_table
from .tables import find_header, read_text_table

WANTED = {"交易日", "记账日", "交易摘要", "人民币金额"}
_TITLE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_REFUND = "退款|退货"


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0] == "交易日" and WANTED <= set(cells)


class CmbCreditImporter(Importer):
    source = "cmb_credit"
    label = "招商银行信用卡"

    def identify(self, head: Head) -> str | None:
        rows = head.lines
        if find_header(rows, _is_header) is None:
            return None
        return "xlsx" if head.kind == "excel" else "csv"

    def extract(self, bill: Bill, layout: str) -> Extracted:
        if layout == "xlsx":
            from .assemble import excel_text

            table = read_excel_table(bill, _is_header)
            table.frame = table.frame.apply(excel_text)
        else:
            table = read_text_table(bill, _is_header)
        f = table.frame.apply(lambda s: s.astype(str).str.strip(PAD))
        year, month = _statement_month(bill, table.preamble)
        day = f["交易日"].where(f["交易日"] != "", f["记账日"])
        amount = f["人民币金额"]
        negative = amount.str.startswith("-")
        repayment = f["交易摘要"].str.contains("还款")
        direction = pd.Series(
            np.where(~negative, "out", np.where(repayment, "neutral", "in")), dtype=str
        )
        last4 = f["卡号末四位"] if "卡号末四位" in f else pd.Series([""] * len(f), dtype=str)
        local = f["交易地金额"] if "交易地金额" in f else pd.Series([""] * len(f), dtype=str)
        local_note = ("交易地金额 " + local).where(
            (local != "") & (local.str.replace(r"\([A-Z]{2,3}\)$", "", regex=True) != amount), ""
        )
        spec = Spec(
            time=_dated(day, year, month),
            amount=amount.str.lstrip("+-"),
            direction=direction,
            text={
                "counterparty": "交易摘要",
                "item": "交易摘要",
                "status": local_note,
                "category": pd.Series(
                    np.where(repayment, "还款", np.where(negative, "退款/返还", "消费")), dtype=str
                ),
                "method": ("招商银行信用卡(" + last4 + ")").where(last4 != "", "招商银行信用卡"),
                "card_last4": last4,
            },
        )
        out = assemble(bill, table, self.source, spec)
        out.frame["is_refund"] = (
            out.frame["counterparty"].str.contains(_REFUND).to_numpy()
            & (out.frame["direction"] == "in").to_numpy()
        )
        # A refund's 摘要 repeats the merchant after 退款-/退货: compare on the merchant.
        named = out.frame["counterparty"]
        out.frame["counterparty"] = named.str.replace(r"^(退款|退货)[-－\s]*", "", regex=True)
        link_by_counterparty(out.frame)
        out.frame["counterparty"] = named
        return out


def _statement_month(bill: Bill, preamble: list[str]) -> tuple[int, int]:
    for line in [*preamble, bill.name]:
        m = _TITLE.search(line)
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
    raise RecordsError(
        "招商银行信用卡账单的日期没有年份，而标题行（如「…对账单（2024年01月）」）不见了，"
        "无法确定年份；请使用银行导出的原始文件",
        "the CMB statement's dates have no year and its title (…2024年01月) is missing, so the "
        "year is unknown; use the file as the bank exports it",
        where=bill.where,
    )


def _dated(day: pd.Series, year: int, month: int) -> pd.Series:
    """``MM/DD`` → ``YYYY-MM-DD`` in the statement's year (the year before for a later month);
    a cell that already carries a year is left as it is, and anything else goes on unread (the
    row is then rejected for its time)."""
    m = day.str.extract(r"^(\d{1,2})[/-](\d{1,2})$")
    mm = pd.to_numeric(m[0], errors="coerce")
    yy = np.where(mm > month, year - 1, year)
    built = (
        pd.Series(yy, dtype="int64").astype(str)
        + "-"
        + m[0].fillna("").str.zfill(2)
        + "-"
        + m[1].fillna("").str.zfill(2)
    )
    return built.where(mm.notna(), day.str.split(" ").str[0].fillna(""))
