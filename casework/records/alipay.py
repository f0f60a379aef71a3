"""支付宝 Alipay bills: the app export (2023+, and 2021–2023) and the PC web classic export.

* app 2023+ (``app-2023``; ``app-2025`` when the banner names 支付宝支付科技有限公司): GBK, a
  preamble of 24 lines (23 since 2026) — the header is found by its content, never by counting.
* app 2021–2023 (``app-2021``): the header on line 2, 交易时间 last, a 21-line footer.
* PC web classic (``web-classic``): 交易号 first, 金额（元）, a 7-line footer.

The summary in the preamble (app) or footer (2021, web) counts every row but 交易关闭 ones.

Refunds (退款) are separate rows; their 交易订单号 is ``<original>_<suffix>`` or, since 2026,
``<original>*REFUND_<suffix>``; in the 2021 export a refund may carry the original id itself.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .assemble import Spec, assemble, link_by_base_id
from .base import Bill, Extracted, Head, Importer
from .cells import clean
from .tables import find_header, read_text_table

REFUND_STATUS = ("退款成功",)
APP_2023 = {"交易时间", "交易分类", "交易对方", "商品说明", "收/支", "金额", "交易订单号"}
APP_2021 = {"收/支", "交易对方", "商品说明", "金额", "交易状态", "交易订单号", "交易时间"}
WEB = {"交易号", "商家订单号", "交易创建时间", "交易对方", "商品名称", "金额（元）", "收/支"}
#: Columns with few distinct values in a bill, read as categories (see read_text_table).
_FEW_VALUES = ("交易分类", "收/支", "交易状态", "收/付款方式", "交易对方", "对方账号", "备注")
_FOOTER = r"^-{20,}\s*$"  # the dashes that open the 2021 and web footers


def _has(cells: list[str], first: str, wanted: set[str]) -> bool:
    return bool(cells) and cells[0] == first and wanted <= set(cells)


def _header_test(first: str, wanted: set[str]) -> Callable[[list[str]], bool]:
    return lambda cells: _has(cells, first, wanted)


class AlipayImporter(Importer):
    source = "alipay"
    label = "支付宝"

    def identify(self, head: Head) -> str | None:
        if head.kind != "text":
            return None
        for layout, first, wanted in (
            ("app-2023", "交易时间", APP_2023),
            ("app-2021", "收/支", APP_2021),
            ("web-classic", "交易号", WEB),
        ):
            if find_header(head.lines, _header_test(first, wanted)) is not None:
                if layout == "app-2023" and any(
                    "支付宝支付科技有限公司" in ln for ln in head.lines
                ):
                    return "app-2025"
                return layout
        return None

    def extract(self, bill: Bill, layout: str) -> Extracted:
        if layout in ("app-2023", "app-2025"):
            table = read_text_table(
                bill, _header_test("交易时间", APP_2023), categorical=_FEW_VALUES
            )
            spec = _app_spec()
        elif layout == "app-2021":
            table = read_text_table(
                bill, _header_test("收/支", APP_2021), footer=_FOOTER, categorical=_FEW_VALUES
            )
            spec = _app_spec()
        else:
            table = read_text_table(bill, _header_test("交易号", WEB), footer=_FOOTER)
            paid_at = clean(table.frame["付款时间"])
            created = clean(table.frame["交易创建时间"])
            spec = Spec(
                plain_amounts=True,
                time=paid_at.where(paid_at != "", created),
                amount="金额（元）",
                direction="收/支",
                text={
                    "counterparty": "交易对方",
                    "item": "商品名称",
                    "status": "交易状态",
                    "category": "类型",
                },
                ids={"txn_id": "交易号", "merchant_order_id": "商家订单号"},
            )
        # Refund rows of the web export, and some app rows, leave 收/支 blank: neither in nor out.
        spec.labels = {"": "neutral"}
        out = assemble(bill, table, self.source, spec)
        link_refunds(out.frame)
        # The export's own summary (共N笔记录, 收入/支出/不计收支：N笔 X元) leaves out 交易关闭 rows:
        # orders closed before any money moved.
        out.unsummed = out.frame["status"] == "交易关闭"
        return out


def _app_spec() -> Spec:
    """The app exports (2021 and 2023+) name their columns alike, in different orders."""
    return Spec(
        time="交易时间",
        amount="金额",
        direction="收/支",
        text={
            "counterparty": "交易对方",
            "item": "商品说明",
            "status": "交易状态",
            "method": "收/付款方式",
            "category": "交易分类",
        },
        ids={"txn_id": "交易订单号", "merchant_order_id": "商家订单号"},
        plain_amounts=True,
        empty_ids=(),  # Alipay leaves an empty id blank (``/`` only marks a missing account)
    )


#: Money returned under other names: price protection (价保) and after-sales (售后) refunds.
REFUND_WORDS = ("价保退款", "售后退款")


def mentions(cells: pd.Series, words: tuple[str, ...]) -> bool:
    """Whether any cell of a text column holds one of ``words``: one join and one substring
    search per word, instead of a regex through a million cells that usually finds nothing."""
    try:
        joined = "\x1f".join(cells.to_numpy(dtype=object))
    except TypeError:
        return True  # not all text: let the cell-by-cell search judge
    return any(w in joined for w in words)


def link_refunds(frame: pd.DataFrame) -> None:
    """Mark 退款 rows and point each at the payment it returns (in place)."""
    # Every Alipay layout marks a refund by 退款成功 or the 退款 category (its 商品说明 also
    # starts with 退款-, which the two already cover).
    # (numpy comparisons on the cells: a pandas comparison of str columns costs several times more)
    status = frame["status"].to_numpy(dtype=object)
    flags = frame["category"].to_numpy(dtype=object) == "退款"
    for done in REFUND_STATUS:
        flags |= status == done
    # 价保退款 / 售后退款 (price-protection, after-sales) are money returned too (searched
    # cell by cell only when the column holds the words at all).
    if mentions(frame["item"], REFUND_WORDS):
        flags |= frame["item"].str.contains("|".join(REFUND_WORDS)).to_numpy(dtype=bool)
    refund = pd.Series(flags, index=frame.index)
    frame["is_refund"] = flags
    # The original id is what comes before ``_`` or ``*REFUND_`` (only refund rows are split).
    base = frame.loc[refund, "txn_id"].str.split(r"[*_]", n=1, regex=True).str[0].fillna("")
    frame["refund_of"] = link_by_base_id(frame, base.reindex(frame.index, fill_value=""))
