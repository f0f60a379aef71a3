"""From a file's table to canonical rows: the part every importer shares.

An importer says which file column (or computed Series) feeds each canonical field; this module
parses times and amounts column-wise, maps the 收/支 labels, rejects the rows that cannot be read
(with line and reason) and builds the canonical frame.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import frame as F
from .base import Bill, Extracted, Rejected
from .cells import (
    PAD,
    YEARS,
    as_text,
    card_last4,
    cell_text,
    clean,
    clean_id,
    excel_times,
    fen_cells,
    fen_detail,
    from_categories,
    scientific_ids,
    tidy,
    times,
)
from .summary import declared_summary, period_from
from .tables import Table

DAMAGED_ROW = (
    "这一行有损坏的字节，无法解码（文件可能在复制或下载中损坏），请重新导出 / the line holds "
    "damaged bytes that cannot be decoded (damaged in copying or download?); export it again"
)

#: The file's own 收/支 labels → canonical direction.
DIRECTION_LABELS = {
    "支出": "out",
    "收入": "in",
    "不计收支": "neutral",
    "其他": "neutral",
    "/": "neutral",
    "中性交易": "neutral",
    "已支出": "out",
    "已收入": "in",
}


@dataclass
class Spec:
    """Where each canonical field comes from: a column name of the table, or a ready Series."""

    time: str | pd.Series
    amount: str | pd.Series
    direction: str | pd.Series  # labels (DIRECTION_LABELS) or ready out/in/neutral
    text: dict[str, str | pd.Series] = field(default_factory=dict)  # counterparty, item, …
    ids: dict[str, str | pd.Series] = field(default_factory=dict)  # txn_id, merchant_order_id
    excel: bool = False
    #: Rows to reject before anything else: (mask, reason).
    checks: list[tuple[pd.Series, str]] = field(default_factory=list)
    allow_extra: int = 0  # fields beyond the header that may be non-empty (JD: 1)
    labels: dict[str, str] = field(default_factory=dict)  # extra 收/支 labels of this source
    #: The source writes amounts without thousands separators: a comma means an Excel re-save.
    plain_amounts: bool = False
    #: What the source writes in an empty id cell (WeChat: ``/``).
    empty_ids: tuple[str, ...] = ("/",)
    #: Times without seconds mean an Excel re-save — not for orders an advocate typed by hand.
    resave_check: bool = True
    #: Rows may stop short of the header (tables converted from PDF drop their empty trailing
    #: cells); the official exports always write every field, so for them a short row lost a
    #: comma.
    short_rows: bool = False


class Const(str):
    """A fixed value for every row (e.g. the card named in the preamble), not a column name."""


def _plain(s: pd.Series) -> pd.Series:
    """The series on a 0..n-1 index (a copy only when it is not already)."""
    return (
        s if isinstance(s.index, pd.RangeIndex) and s.index.start == 0 else s.reset_index(drop=True)
    )


def _col(table: Table, v: str | pd.Series) -> pd.Series:
    if isinstance(v, Const):
        return pd.Series([str(v)] * len(table.frame), dtype=str)
    if isinstance(v, pd.Series):
        return _plain(v)
    if v in table.frame.columns:
        return _plain(table.frame[v])
    # An optional column this variant of the format does not have.
    return pd.Series([""] * len(table.frame), dtype=str)


def assemble(bill: Bill, table: Table, source: str, spec: Spec) -> Extracted:
    """Parse, check and build the canonical frame; every row is kept or rejected, never lost."""
    text = _text_of(table, spec)
    cells = _parse_cells(table, spec, text)
    checks, fields = _row_checks(table, spec, cells)
    shown = {
        "time": cells.raw_time,
        "amount": cells.raw_amount,
        "direction": cells.direction_raw,
        "n_fields": fields,
    }
    keep, rejected = _reject(table.lines, checks, shown)
    frame = _kept_frame(bill, table, source, spec, cells, keep, text)
    return Extracted(
        frame=frame,
        rejected=[r for r in rejected if r.reason],  # (the blank lines have none)
        declared=declared_summary(table.preamble + table.footer),
        warnings=_file_warnings(table, spec, cells, frame),
        period=period_from(frame),
    )


Text = Callable[[pd.Series], pd.Series]


def _text_of(table: Table, spec: Spec) -> Text:
    """How text cells are cleaned: a blank spreadsheet cell is empty text, like an empty CSV cell
    (openpyxl gives None, xlrd an empty string, pandas NaN), never a missing value that fails the
    schema; a text bill strips every cell, the columns that have padding, or none."""
    if spec.excel:
        return excel_text
    if table.padded:
        return clean
    return tidy if table.padded is None else as_text


@dataclass
class _Cells:
    """The time, amount and direction of every row as parsed, with what the file wrote."""

    raw_time: pd.Series
    raw_amount: pd.Series
    when: pd.Series
    t_ok: pd.Series
    resaved: int  # times in a shape an Excel re-save produces
    amount: pd.Series
    a_ok: pd.Series
    plain: np.ndarray | None  # which amount cells had the plain 123.45 shape (text bills)
    direction: pd.Series
    direction_raw: pd.Series


def _parse_cells(table: Table, spec: Spec, text: Text) -> _Cells:
    raw_time = _col(table, spec.time)
    raw_amount = _col(table, spec.amount)
    plain = None
    if spec.excel:
        when, t_ok, resaved = excel_times(raw_time)
        amount, a_ok = fen_cells(raw_amount)
    else:
        when, t_ok, resaved = times(raw_time)
        amount, a_ok, plain = fen_detail(raw_amount)
    direction, direction_raw = _directions(_col(table, spec.direction), spec, text)
    return _Cells(
        raw_time, raw_amount, when, t_ok, resaved, amount, a_ok, plain, direction, direction_raw
    )


def _directions(col: pd.Series, spec: Spec, text: Text) -> tuple[pd.Series, pd.Series]:
    """The 收/支 labels → out/in/neutral (NaN for a label no one knows), and the labels."""
    labels = {**DIRECTION_LABELS, **spec.labels, **{d: d for d in F.DIRECTIONS}}
    if isinstance(col.dtype, pd.CategoricalDtype):
        # Few distinct labels: strip and look each up once.
        return from_categories(col, strip=True, mapping=labels), col
    raw = text(col)
    direction = raw.map(labels)
    if direction.isna().any():  # padded labels: strip, then look them up again
        direction = clean(raw).map(labels)
    return direction, raw


def _row_checks(
    table: Table, spec: Spec, cells: _Cells
) -> tuple[list[tuple[pd.Series, str]], pd.Series]:
    """Every reason to reject a row, in the order they are told (a row gets the first that
    applies), and each row's field count as written (-1 when unknown)."""
    n = len(table.frame)
    checks: list[tuple[pd.Series, str]] = [(_blank(table, cells.t_ok), "")]
    if table.damaged is not None:
        checks.append((table.damaged, DAMAGED_ROW))
    checks += spec.checks
    fields = pd.Series(np.full(n, -1, dtype=np.int64))
    if not spec.excel and table.widths is not None and len(table.widths) == n:
        fields = pd.Series(table.widths)
        checks.append((_wrong_width(table, spec.allow_extra, spec.short_rows), WRONG_WIDTH))
    checks.append((_overflow(table, spec), OVERFLOW))
    checks.append((~cells.t_ok, "交易时间无法识别 / time not readable: {time}"))
    checks.append((_out_of_range(cells.when, cells.t_ok), OUT_OF_RANGE))
    checks.append((~cells.a_ok, "金额无法识别 / amount not readable: {amount}"))
    checks.append(
        (~cells.direction.notna(), "收/支 无法识别 / direction not readable: {direction}")
    )
    return checks, fields


OVERFLOW = "字段多于表头（可能含未加引号的逗号） / more fields than the header"
OUT_OF_RANGE = (
    f"交易时间不在 {YEARS[0]}–{YEARS[1]} 年之间 / time outside {YEARS[0]}–{YEARS[1]}: {{time}}"
)


def _blank(table: Table, t_ok: pd.Series) -> pd.Series:
    """A line of spaces only is no data row: drop it (its time is what gave it away)."""
    blank = pd.Series(np.zeros(len(table.frame), dtype=bool))
    if (~t_ok).any():
        suspect = table.frame[(~t_ok).to_numpy()]
        empty = suspect.apply(lambda c: c.astype(str).str.strip(PAD + ",") == "").all(axis=1)
        blank[np.flatnonzero((~t_ok).to_numpy())[empty.to_numpy()]] = True
    return blank


def _overflow(table: Table, spec: Spec) -> pd.Series:
    """Rows with more non-empty fields beyond the header than the source writes."""
    if not spec.excel and table.extra is not None and len(table.extra):
        parts = table.extra.str.count("\x1f") + (table.extra != "").astype(int)
        return parts > spec.allow_extra
    return pd.Series(np.zeros(len(table.frame), dtype=bool))


def _out_of_range(when: pd.Series, t_ok: pd.Series) -> pd.Series:
    """Times outside YEARS (the first and last times settle the common bill; per-row years only
    when they are out)."""
    seen = when[t_ok.to_numpy(dtype=bool)]
    out = np.zeros(len(when), dtype=bool)
    if len(seen) and not (YEARS[0] <= seen.min().year and seen.max().year <= YEARS[1]):
        years = when.dt.year.fillna(YEARS[0]).to_numpy()
        out = t_ok.to_numpy(dtype=bool) & ((years < YEARS[0]) | (years > YEARS[1]))
    return pd.Series(out)


def _kept_frame(
    bill: Bill,
    table: Table,
    source: str,
    spec: Spec,
    cells: _Cells,
    keep: np.ndarray,
    text: Text,
) -> pd.DataFrame:
    """The canonical frame of the rows kept."""
    values: dict[str, Any] = {"source": source, "file_sha256": bill.sha256}
    everything = bool(keep.all())

    def kept(s: pd.Series) -> pd.Series:
        return s if everything else s[keep]

    values["time"] = kept(cells.when)
    values["amount_fen"] = kept(cells.amount)
    values["direction"] = kept(cells.direction)
    values["line"] = kept(pd.Series(table.lines))
    for name, v in spec.text.items():
        values[name] = kept(text(_col(table, v)))
    for name, v in spec.ids.items():
        values[name] = kept(clean_id(text(_col(table, v)), spec.empty_ids))
    if "card_last4" not in values and "method" in spec.text:
        # (a categorical column is searched once per distinct value, padding and all: the
        # pattern ignores it)
        method = _col(table, spec.text["method"])
        if not isinstance(method.dtype, pd.CategoricalDtype):
            method = text(method)
        values["card_last4"] = kept(card_last4(method))
    return F.build(int(keep.sum()), values)


def _file_warnings(table: Table, spec: Spec, cells: _Cells, frame: pd.DataFrame) -> list[str]:
    """What the rows say about the file as a whole: an Excel re-save (times without seconds,
    thousands separators, ids in scientific notation)."""
    warnings: list[str] = []
    if cells.resaved and spec.resave_check:
        warnings.append(
            f"{cells.resaved} 行时间缺少秒或为 Excel 格式，文件可能被 Excel 另存过，请索取原始导出 / "
            f"{cells.resaved} times lost their seconds: the file may have been re-saved "
            "in Excel; ask for the original export"
        )
    # Only cells off the plain 123.45 shape can hold a comma (usually there are none).
    plain = cells.plain
    if spec.plain_amounts and plain is not None and _any_comma(cells.raw_amount[~plain]):
        warnings.append(
            "金额带千位分隔符（如 1,020.00），原始导出没有：文件可能被 Excel 另存过，请索取原始导出 / "
            "amounts carry thousands separators, which the original export never has: the file "
            "may have been re-saved in Excel; ask for the original export"
        )
    sci = scientific_ids(frame["txn_id"], frame["merchant_order_id"]) if table.scientific else 0
    if sci:
        warnings.append(
            f"{sci} 个订单号被 Excel 改成科学计数法（如 4.2E+27），已无法还原，请索取原始导出 / "
            f"{sci} ids were turned into scientific notation by Excel and are "
            "lost; ask for the original export"
        )
    return warnings


WRONG_WIDTH = (
    "字段数与表头不符（这一行有 {n_fields} 个字段，可能含未加引号的逗号），拒收而不错位读取 / "
    "the row has {n_fields} fields, not the header's (an unquoted comma?): rejected rather than "
    "read shifted"
)


def _wrong_width(table: Table, allow_extra: int, short_rows: bool) -> pd.Series:
    """Rows with fewer fields than the header names, or more than the file's own rows have.

    The file's own width is the header's (its trailing comma included) plus the fields the
    source adds to every row (JD: one), or the width most of its rows have when that is one
    more (a trailing comma on every data row, as ICBC writes them). A row of another width lost
    or gained a comma: read as it is, every later cell would land in the wrong column.
    """
    w = np.asarray(table.widths)
    known = w[w >= 0]
    top = table.header_width + allow_extra
    if len(known):
        modal = int(np.bincount(known).argmax())
        if modal == top + 1:
            top = modal
    # A name repeated at the end of the header (a hand-made 备注,备注) is no column of its own:
    # rows may leave it out.
    named = list(table.columns)
    while len(named) > 1 and named[-1] in named[:-1]:
        named.pop()
    low = 1 if short_rows else len(named)
    bad = (w >= 0) & ((w < low) | (w > top))
    return pd.Series(bad)


def excel_text(s: pd.Series) -> pd.Series:
    """Spreadsheet cells as stripped text, "" for an empty cell."""
    return pd.Series([cell_text(v) for v in s], index=s.index, dtype=str)


def _any_comma(s: pd.Series) -> bool:
    try:
        return "," in "".join(s.astype(str).to_numpy(dtype=object))
    except TypeError:
        return False


def _reject(
    lines: np.ndarray, checks: list[tuple[pd.Series, str]], shown: dict[str, pd.Series]
) -> tuple[np.ndarray, list[Rejected]]:
    n = len(lines)
    bad = np.zeros(n, dtype=bool)
    rejected: list[Rejected] = []
    for mask, reason in checks:
        m = mask.reset_index(drop=True).to_numpy(dtype=bool) & ~bad
        for i in np.flatnonzero(m):
            text = reason
            for key, series in shown.items():
                if "{" + key + "}" in text:
                    value = cell_text(series.iloc[i])
                    value = value if key.startswith("n_") else repr(value[:40])
                    text = text.replace("{" + key + "}", value)
            rejected.append(Rejected(int(lines[i]), text))
        bad |= m
    rejected.sort(key=lambda r: r.line)
    return ~bad, rejected


def link_by_base_id(frame: pd.DataFrame, base: pd.Series) -> pd.Series:
    """refund_of for refund rows whose ``base`` id is the txn_id of a payment in the same file."""
    refund = frame["is_refund"].to_numpy(dtype=bool)
    out = F.constant("", len(frame))
    out.index = frame.index
    if refund.any():
        wanted = base[refund]
        # set.intersection over the payment ids: half the cost of Series.isin on a big bill
        # (hashing a million ids is the work either way).
        payment_ids = frame["txn_id"].to_numpy(dtype=object)[~refund]
        known = (set(wanted) - {""}).intersection(payment_ids)
        hit = wanted.isin(known).to_numpy()
        out.iloc[np.flatnonzero(refund)[hit]] = wanted[hit].to_numpy()
    return out


def in_out(
    income: pd.Series, expense: pd.Series, *, zero_is_empty: bool = False
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Separate 收入 / 支出 columns → (amount text, direction, bad mask).

    Exactly one side must hold an amount; banks that write 0 on the unused side (CCB) pass
    ``zero_is_empty``.
    """
    inc = clean(income).reset_index(drop=True)
    exp = clean(expense).reset_index(drop=True)
    if zero_is_empty:
        zero = r"^[0.]*$"
        inc = inc.where(~inc.str.fullmatch(zero), "")
        exp = exp.where(~exp.str.fullmatch(zero), "")
    has_in, has_out = inc.isin(("", "-")) == False, exp.isin(("", "-")) == False  # noqa: E712
    amount = exp.where(has_out, inc)
    direction = pd.Series(["out"] * len(inc), dtype=str).where(has_out, "in")
    return amount, direction, (has_in == has_out)


#: What banks and wallets put around a merchant's name: the payment channel before it
#: (支付宝-, 财付通-, 网银在线-), the kind of entry (消费, 退货), the platform's umbrella account
#: (拼多多平台商户-…) and the country after it (CHN, (CN)).
_PREFIXES = re.compile(
    r"^(?:(?:消费|退货|退款|信用卡还款|支付宝|财付通|网银在线|钱袋宝支付|京东支付|银联在线支付|"
    r"云闪付APP|拼多多平台商户|京东商城平台商户|美团平台商户|淘宝平台商户)[\s\-－—:：]*)+"
)
_SUFFIXES = re.compile(r"(?:\s*(?:CHN|\(CN\)|（CN）|\s+订单详情))+$")


def normalise_counterparty(name: str) -> str:
    """A merchant's name without what channels and platforms wrap it in, so that the long and
    the short form of one shop, a refund's 退货 美团 and its purchase's 消费 美团 compare equal."""
    bare = _SUFFIXES.sub("", _PREFIXES.sub("", name.strip())).strip(" -－")
    return bare or name.strip()


def same_counterparty(a: str, b: str) -> bool:
    """Equal once normalised, or one the other's long form (远山户外 / 远山户外旗舰店)."""
    x, y = normalise_counterparty(a), normalise_counterparty(b)
    if not x or not y:
        return False
    return x == y or (min(len(x), len(y)) >= 2 and (x in y or y in x))


def link_by_counterparty(frame: pd.DataFrame) -> None:
    """For sources without ids (banks): a refund returns the latest earlier payment to the same
    counterparty (normalised: see :func:`same_counterparty`) of at least its amount; it points
    at it as ``line:N`` (in place)."""
    refund_of = pd.Series([""] * len(frame), index=frame.index, dtype=str)
    payments = frame[~frame["is_refund"] & (frame["direction"] == "out")]
    for i in frame.index[frame["is_refund"]]:
        row = frame.loc[i]
        if not row["counterparty"]:
            continue  # nothing to tell whose refund it is
        near = payments[
            (payments["time"] <= row["time"]) & (payments["amount_fen"] >= row["amount_fen"])
        ]
        named = np.array(
            [same_counterparty(c, row["counterparty"]) for c in near["counterparty"]], dtype=bool
        )
        cands = near[named]
        if not cands.empty:
            refund_of[i] = f"line:{int(cands.loc[cands['time'].idxmax(), 'line'])}"
    frame["refund_of"] = refund_of.to_numpy()


BOTH_SIDES = "收入与支出应有且只有一个金额 / exactly one of in and out must hold an amount"


def bank_rows(
    bill: Bill,
    table: Table,
    source: str,
    *,
    time: pd.Series | str,
    income: pd.Series,
    expense: pd.Series,
    counterparty: pd.Series,
    item: pd.Series,
    category: pd.Series | str,
    method: str,
    last4: str,
    zero_is_empty: bool = False,
) -> Extracted:
    """A bank statement with separate 收入 / 支出 columns and no transaction ids.

    A refund is a row whose 摘要 says 退款 or 退货; it is linked by counterparty and amount.
    """
    amount, direction, bad = in_out(income, expense, zero_is_empty=zero_is_empty)
    spec = Spec(
        time=time,
        amount=amount,
        direction=direction,
        checks=[(bad, BOTH_SIDES)],
        text={
            "counterparty": counterparty,
            "item": item,
            "category": category,
            "method": Const(f"{method}({last4})" if last4 else method),
            "card_last4": Const(last4),
        },
    )
    out = assemble(bill, table, source, spec)
    out.frame["is_refund"] = out.frame["category"].str.contains("退款|退货").to_numpy()
    link_by_counterparty(out.frame)
    return out
