"""The generic importer (通用导入): any CSV / XLSX table, driven by a declared column mapping.

Two uses:

* the **order-entry template** shipped in ``casework/data/templates/order_entry.csv`` — for orders
  an advocate types or copies from Taobao / Pinduoduo order pages (those platforms have no buyer
  export). Recognised by its header; its rows are *orders* (``kind="order"``), which the money trail
  matches to payments.
* any other bank or platform table, with a :class:`ColumnMapping` (a JSON file on the command line:
  ``casework records inspect FILE --mapping MAP.json``) naming the header's first cell and which
  column holds the time, the amount and the direction.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .assemble import BOTH_SIDES, Spec, assemble, in_out, link_by_counterparty
from .base import Bill, Extracted, Head, Importer
from .cells import cell_text, clean, fen
from .errors import RecordsError
from .sheets import read_excel_table
from .tables import find_header, read_text_table

_FIELDS = ("counterparty", "item", "status", "method", "category")
_IDS = ("txn_id", "merchant_order_id")


Direction = Literal["out", "in", "neutral"]


class ColumnMapping(BaseModel):
    """Which column of the file feeds which canonical field (列映射).

    Direction comes from one of: ``direction`` (a column, its labels mapped by ``labels``),
    ``income`` + ``expense`` (separate columns), ``sign`` (``"negative_out"`` for a current
    account, ``"positive_out"`` for a credit card statement), or ``fixed_direction``. Presets for
    the banks casework recognises but has no importer for ship in ``casework/data/mappings/``.
    Validated when loaded (pydantic): an unknown ``kind``, direction or field is one clear error
    naming it, not every row of the bill rejected.
    """

    model_config = ConfigDict(extra="forbid", frozen=False)

    header: str  # the first cell of the header row (交易日期, 订单编号 …)
    time: str
    amount: str = ""
    name: str = "custom"
    kind: Literal["payment", "order"] = "payment"  # order: rows typed from a platform's pages
    time2: str = ""  # a separate time-of-day column, joined to ``time``
    direction: str = ""
    labels: dict[str, Direction] = Field(default_factory=dict)
    #: ``prefix``: a label is the start of the cell (交通银行 writes ``消费 美团``, ``退货 美团``).
    labels_match: Literal["exact", "prefix"] = "exact"
    income: str = ""
    expense: str = ""
    sign: Literal["", "negative_out", "positive_out"] = ""
    fixed_direction: Literal["", "out", "in", "neutral"] = ""
    columns: dict[str, str] = Field(default_factory=dict)  # canonical field → file column
    refund_words: tuple[str, ...] = ("退款", "退货")

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        """A mapping from a JSON file, or a shipped preset by name (``abc_debit`` …)."""
        where = str(path)
        if not Path(path).exists() and str(path) in presets():
            path = presets()[str(path)]
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RecordsError(
                f"列映射文件无法读取: {exc}", f"cannot read the column mapping: {exc}", where=where
            ) from exc
        if not isinstance(data, dict):
            raise RecordsError(
                "列映射应是一个 JSON 对象 {…}",
                "the column mapping must be a JSON object {…}",
                where=where,
            )
        try:
            mapping = cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(x) for x in e['loc']) or '?'}: {e['msg']}" for e in exc.errors()
            )
            raise RecordsError(
                f"列映射有误: {problems}", f"the column mapping is invalid: {problems}", where=where
            ) from None
        mapping.check(where)
        return mapping

    def check(self, where: str) -> None:
        ways = [
            bool(self.direction),
            bool(self.income and self.expense),
            bool(self.sign),
            bool(self.fixed_direction),
        ]
        if sum(ways) != 1:
            raise RecordsError(
                "列映射须且只须用一种方式给出收/支（direction、income+expense、sign 或 "
                "fixed_direction）",
                "the mapping must give the direction exactly one way (direction, "
                "income+expense, sign or fixed_direction)",
                where=where,
            )
        if not (self.amount or (self.income and self.expense)):
            raise RecordsError(
                "列映射缺少金额列", "the mapping names no amount column", where=where
            )
        unknown = set(self.columns) - set(_FIELDS) - set(_IDS)
        if unknown:
            raise RecordsError(
                f"列映射中有未知字段: {sorted(unknown)}",
                f"unknown fields in the mapping: {sorted(unknown)}",
                where=where,
            )

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()

    def _is_header(self, cells: list[str]) -> bool:
        used = {
            self.time,
            self.time2,
            self.amount,
            self.direction,
            self.income,
            self.expense,
            *self.columns.values(),
        } - {""}
        return bool(cells) and cells[0] == self.header and used <= set(cells)


#: The shipped order-entry template (订单录入模板): one row per order typed from an order page.
ORDER_ENTRY = ColumnMapping(
    name="order-entry",
    kind="order",
    header="平台",
    time="下单时间",
    amount="实付金额",
    fixed_direction="out",
    columns={
        "merchant_order_id": "订单编号",
        "counterparty": "店铺名称",
        "item": "商品名称",
        "status": "订单状态",
        "method": "支付方式",
        "category": "平台",
    },
)


def presets() -> dict[str, Path]:
    """The shipped column mappings, by name (``casework/data/mappings/<name>.json``)."""
    folder = Path(str(resources.files("casework") / "data" / "mappings"))
    return {p.stem: p for p in sorted(folder.glob("*.json"))}


def template_path() -> Path:
    """The order-entry template CSV shipped with casework."""
    return Path(str(resources.files("casework") / "data" / "templates" / "order_entry.csv"))


class GenericImporter(Importer):
    source = "generic"
    label = "通用表格"

    def __init__(self, mapping: ColumnMapping | None = None) -> None:
        self.mapping = mapping

    def identify(self, head: Head) -> str | None:
        # Without a declared mapping only the shipped template is claimed.
        rows = (
            head.lines
            if head.kind == "text"
            else [",".join(r) for rows in head.sheets.values() for r in rows]
        )
        return "order-entry" if find_header(rows, ORDER_ENTRY._is_header) is not None else None

    def extract(self, bill: Bill, layout: str) -> Extracted:
        m = self.mapping or ORDER_ENTRY
        excel = bill.data[:4] == b"PK\x03\x04" or bill.data[:4] == b"\xd0\xcf\x11\xe0"
        table = (
            read_excel_table(bill, m._is_header) if excel else read_text_table(bill, m._is_header)
        )
        f = table.frame.map(cell_text) if excel else table.frame
        n = len(f)
        when = clean(f[m.time])
        if m.time2:
            when = when + " " + clean(f[m.time2])
        checks: list[tuple[pd.Series, str]] = []
        if m.income and m.expense:
            amount, direction, bad = in_out(f[m.income], f[m.expense])
            checks.append((bad, BOTH_SIDES))
        else:
            amount = clean(f[m.amount])
            if m.sign:
                fen_value, _ = fen(amount)
                out_side = fen_value.to_numpy() < 0
                if m.sign == "positive_out":
                    out_side = fen_value.to_numpy() > 0
                direction = pd.Series(np.where(out_side, "out", "in"), dtype=str)
                amount = amount.str.lstrip("+-")
            elif m.direction:
                labels = clean(f[m.direction])
                if m.labels_match == "prefix":
                    prefixes = sorted(m.labels, key=len, reverse=True)

                    def by_prefix(v: str) -> str:
                        return next((m.labels[w] for w in prefixes if v.startswith(w)), v)

                    direction = labels.map(by_prefix)
                else:
                    direction = labels.map(lambda v: m.labels.get(v, v))
            else:
                direction = pd.Series([m.fixed_direction] * n, dtype=str)
        spec = Spec(
            time=when,
            amount=amount,
            direction=direction,
            checks=checks,
            text={k: v for k, v in m.columns.items() if k in _FIELDS},
            ids={k: v for k, v in m.columns.items() if k in _IDS},
            resave_check=m.kind != "order",  # typed orders rarely carry seconds
            short_rows=True,
        )
        table.frame = f
        out = assemble(bill, table, self.source, spec)
        words = "|".join(m.refund_words)
        out.frame["is_refund"] = (
            out.frame["category"].str.contains(words)
            | out.frame["status"].str.contains(words)
            | out.frame["item"].str.contains(words)
        ).to_numpy()
        if m.kind == "order":
            out.frame["is_refund"] = False
        link_by_counterparty(out.frame)
        return out
