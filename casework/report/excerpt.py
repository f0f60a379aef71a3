"""The bill excerpt (账单摘录): only the rows of a bill the money trail links to the case's orders.

A consumer's bill holds every purchase of a month; a submission needs the few rows of the
disputed order (个人信息保护法 Art. 6: the minimum necessary). The excerpt lists those rows with
their line in the original file, and names the original's file, period and SHA-256; it is stored
as evidence derived from the bill (a ``derive`` custody entry links the two hashes). The full bill
stays in the store for the advocate and never reaches the submission.

The excerpt file holds no time of its own, so exporting twice gives the same bytes (the same
evidence item) until the money trail changes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..evidence.completeness import EXCERPT_HOW

if TYPE_CHECKING:
    from ..evidence import EvidenceItem
    from ..store import Store

MAGIC = "账单摘录 casework-excerpt/1"
#: The columns of the excerpt file (Chinese: the file is evidence for a Chinese reader).
COLUMNS = (
    "原始行号",
    "时间",
    "收支",
    "金额",
    "交易对方",
    "商品",
    "交易号",
    "商家订单号",
    "款项",
    "对应订单",
)
ROLE_ZH = {"payment": "付款", "refund": "退款", "order": "订单记录"}
DIRECTION_ZH = {"out": "支出", "in": "收入", "neutral": "不计收支"}


@dataclass
class Excerpt:
    """The rows of one bill that bear on the case, and where they come from."""

    file_name: str
    file_sha256: str
    period_start: str
    period_end: str
    total_rows: int
    case_id: str
    bill_evidence_id: int | None = None
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"账单摘录_{Path(self.file_name).stem}.csv"

    @property
    def hidden(self) -> int:
        """Rows of the bill the excerpt leaves out (the consumer's other transactions)."""
        return self.total_rows - len(self.rows)

    def to_csv(self) -> bytes:
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow([MAGIC])
        out.writerow(["原始文件", self.file_name])
        out.writerow(["原始文件 SHA-256", self.file_sha256])
        out.writerow(["账单期间", f"{self.period_start} 至 {self.period_end}"])
        out.writerow(["原始文件交易笔数", str(self.total_rows)])
        out.writerow(["案件", self.case_id])
        out.writerow([])
        out.writerow(COLUMNS)
        for row in self.rows:
            out.writerow([row[c] for c in COLUMNS])
        return buf.getvalue().encode("utf-8")


def read_excerpt(data: bytes) -> Excerpt | None:
    """An excerpt file back as an :class:`Excerpt` (``None`` for any other file)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = list(csv.reader(io.StringIO(text)))
    if not lines or lines[0] != [MAGIC]:
        return None
    head = {r[0]: r[1] for r in lines[1:] if len(r) == 2}
    start, _, end = head.get("账单期间", "").partition(" 至 ")
    try:
        at = lines.index(list(COLUMNS))
    except ValueError:
        return None
    rows = [dict(zip(COLUMNS, r, strict=False)) for r in lines[at + 1 :] if len(r) == len(COLUMNS)]
    return Excerpt(
        file_name=head.get("原始文件", ""),
        file_sha256=head.get("原始文件 SHA-256", ""),
        period_start=start,
        period_end=end,
        total_rows=int(head.get("原始文件交易笔数", "0") or 0),
        case_id=head.get("案件", ""),
        rows=rows,
    )


def excerpts(store: Store, case_id: str) -> list[Excerpt]:
    """One excerpt per imported bill of the case (possibly with no rows: the bill has none of
    the case's transactions), computed from the money trail; nothing is stored."""
    from ..records import money_trail
    from ..records.importing import import_summary, transactions

    tx = transactions(store, case_id)
    trail = money_trail(store, case_id)
    linked: dict[tuple[str, int], tuple[str, str]] = {}
    for rec in trail.orders.to_dict("records"):
        for ln in rec.get("lines") or []:
            linked.setdefault((ln["file_sha256"], int(ln["line"])), (ln["role"], rec["order"]))
    out: list[Excerpt] = []
    seen: set[str] = set()
    for imp in import_summary(store, case_id):
        sha = imp["file_sha256"]
        if sha in seen:
            continue
        seen.add(sha)
        mine = tx[tx["file_sha256"] == sha].sort_values("line")
        times = mine["time"]
        excerpt = Excerpt(
            file_name=imp["file_name"],
            file_sha256=sha,
            period_start=f"{times.min():%Y-%m-%d}" if len(mine) else "",
            period_end=f"{times.max():%Y-%m-%d}" if len(mine) else "",
            total_rows=len(mine),
            case_id=case_id,
            bill_evidence_id=imp.get("evidence_id"),
        )
        for _, r in mine.iterrows():
            hit = linked.get((sha, int(r["line"])))
            if hit is None:
                continue
            excerpt.rows.append(_row(r, *hit))
        out.append(excerpt)
    return out


def _row(r: Any, role: str, order: str) -> dict[str, str]:
    return {
        "原始行号": str(int(r["line"])),
        "时间": f"{r['time']:%Y-%m-%d %H:%M:%S}",
        "收支": DIRECTION_ZH.get(r["direction"], r["direction"]),
        "金额": f"{r['amount']:.2f}",
        "交易对方": r["counterparty"],
        "商品": r["item"],
        "交易号": r["txn_id"],
        "商家订单号": r["merchant_order_id"],
        "款项": ROLE_ZH.get(role, role),
        "对应订单": order,
    }


def store_excerpts(store: Store, case_id: str) -> list[EvidenceItem]:
    """Store each bill's excerpt (when it has rows) as evidence derived from the bill; the same
    excerpt again is the same item. Returns the items, newest content last."""
    from ..evidence import EvidenceFields, add_evidence
    from ..evidence.facts import facts

    items = []
    for ex in excerpts(store, case_id):
        if not ex.rows or ex.bill_evidence_id is None:
            continue
        items.append(
            add_evidence(
                store,
                case_id,
                ex.to_csv(),
                type="transaction_record",
                name=ex.name,
                fields=EvidenceFields(
                    facts=facts(
                        "bill_excerpt",
                        file_name=ex.file_name,
                        rows=len(ex.rows),
                        start=ex.period_start,
                        end=ex.period_end,
                    ),
                    captured_how=EXCERPT_HOW,
                    derived_from=ex.bill_evidence_id,
                ),
            )
        )
    return items


__all__ = ["Excerpt", "excerpts", "read_excerpt", "store_excerpts"]
