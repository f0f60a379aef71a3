"""``inspect``: read one bill into the canonical frame and say what is in it (pure, no register)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from ..money import from_fen
from . import frame as F
from .base import Bill, Importer, Rejected
from .generic import ColumnMapping, GenericImporter
from .registry import detect, sniff


@dataclass
class ParseResult:
    """One bill, read: its canonical rows, the rows it could not read, and what it says of itself."""

    source: str
    layout: str
    file_name: str
    file_sha256: str
    frame: pd.DataFrame
    rejected: list[Rejected]
    declared: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    period: dict[str, str | None] = field(default_factory=dict)
    kind: str = "payment"  # "order" for the order-entry template and order mappings

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def totals(self) -> dict[str, Decimal]:
        """Sums per direction as the file labels them, over every parsed row (exact)."""
        sums = self.frame.groupby("direction")["amount_fen"].sum()
        return {d: from_fen(int(sums.get(d, 0))) for d in F.DIRECTIONS}

    @property
    def refunds(self) -> int:
        return int(self.frame["is_refund"].sum())

    def to_dict(self) -> dict[str, Any]:
        """What ``casework records inspect --json`` prints."""
        return {
            "file": self.file_name,
            "file_sha256": self.file_sha256,
            "source": self.source,
            "layout": self.layout,
            "kind": self.kind,
            "rows": self.rows,
            "rejected": [r.to_dict() for r in self.rejected],
            "totals": {k: f"{v:.2f}" for k, v in self.totals.items()},
            "refunds": self.refunds,
            "refunds_linked": int((self.frame["refund_of"] != "").sum()),
            "period": self.period,
            "declared": self.declared,
            "warnings": self.warnings,
        }


def inspect(
    path: str | Path,
    *,
    mapping: ColumnMapping | None = None,
    data: bytes | None = None,
    name: str | None = None,
) -> ParseResult:
    """Read a bill file (any supported source, found by content) into a :class:`ParseResult`.

    With ``mapping`` the generic importer reads the file as the mapping declares. Raises
    :class:`~casework.records.base.RecordsError` for a file that is not a readable bill.
    """
    bill = Bill(path, data=data, name=name)
    importer: Importer
    if mapping is not None:
        sniff(bill)
        importer, layout = GenericImporter(mapping), f"mapping:{mapping.name}"
        kind = mapping.kind
    else:
        importer, layout, _ = detect(bill)
        kind = "order" if layout == "order-entry" else "payment"
    out = importer.extract(bill, layout)
    F.validate(out.frame)
    _cut_short(bill, out.rejected)
    summed = out.frame if out.unsummed is None else out.frame[~out.unsummed.to_numpy(dtype=bool)]
    warnings = [*out.warnings, *cross_check(out.declared, summed, len(out.rejected), out.adjust)]
    if out.frame.empty and not out.rejected:
        warnings.append(
            "文件只有表头，没有交易行（所选期间没有交易？）/ the file has a header but no "
            "transaction rows (no transactions in the period?)"
        )
    if out.rejected:
        warnings.append(
            f"{len(out.rejected)} 行无法读取，见 rejected / {len(out.rejected)} rows "
            "could not be read; see rejected"
        )
    return ParseResult(
        source=importer.source,
        layout=layout,
        file_name=bill.name,
        file_sha256=bill.sha256,
        frame=out.frame,
        rejected=out.rejected,
        declared=out.declared,
        warnings=warnings,
        period=out.period,
        kind=kind,
    )


#: How spreadsheets start (their "lines" are rows, not text lines).
_SPREADSHEETS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def _cut_short(bill: Bill, rejected: list[Rejected]) -> None:
    """A text bill that stops inside its last line (a download cut short, a file cut by hand):
    the rejection of that line says so, instead of only naming the cell it could not read."""
    data = bill.data
    if not rejected or not data or data.endswith((b"\n", b"\r")) or data.startswith(_SPREADSHEETS):
        return
    last = data.count(b"\n") + 1
    for r in rejected:
        if r.line == last:
            r.reason += (
                "（文件在这一行中途结束，可能下载不完整，请重新导出 / the file ends inside this "
                "line: an incomplete download? export it again）"
            )


#: The bill's own direction labels (收/支), for the cross-check messages.
_DIRECTION_WORDS = {
    "out": ("支出", "money out"),
    "in": ("收入", "money in"),
    "neutral": ("不计收支", "neither in nor out"),
}


def cross_check(
    declared: dict[str, Any],
    frame: pd.DataFrame,
    n_rejected: int,
    adjust: dict[str, int] | None = None,
) -> list[str]:
    """Compare the file's own summary with what was parsed; say where they differ.

    ``frame`` is the rows the summary counts by its source's own rule (each importer documents
    it and passes ``unsummed`` / ``adjust``), so an untouched export never warns; a real
    difference warns with both figures."""
    out: list[str] = []
    found = len(frame) + n_rejected
    if "count" in declared and declared["count"] != found:
        out.append(
            f"文件声明共 {declared['count']} 笔记录，实际读到 {found} 行（文件可能被截断或编辑过）/ "
            f"the file declares {declared['count']} records but has {found} data rows "
            "(truncated or edited?)"
        )
    by = frame.groupby("direction")["amount_fen"].agg(["size", "sum"])
    counts, sums = by["size"], by["sum"]
    for d in F.DIRECTIONS:
        stated = declared.get(d)
        if not stated:
            continue
        zh, en = _DIRECTION_WORDS[d]
        if str(stated["count"]).isdigit() and int(stated["count"]) != int(counts.get(d, 0)):
            out.append(
                f"{zh}：文件声明 {stated['count']} 笔，读到 {int(counts.get(d, 0))} 笔 / "
                f"{en}: the file declares {stated['count']} rows, parsed "
                f"{int(counts.get(d, 0))}"
            )
        try:
            amount = Decimal(str(stated["amount"]).replace(",", ""))
        except ArithmeticError:
            continue
        parsed = from_fen(int(sums.get(d, 0)) - (adjust or {}).get(d, 0))
        if amount != parsed:
            out.append(
                f"{zh}：文件声明 {amount:.2f} 元，读到合计 {parsed:.2f} 元 / "
                f"{en}: the file declares {amount:.2f}, parsed rows sum to {parsed:.2f}"
            )
    return out
