"""Import a bill into a case (导入账单): rows with provenance, never doubled, and the bill as evidence.

The same transaction is recognised across re-imports and overlapping bills by its ``dedupe_key``:
the source and its transaction id (plus direction, amount and date, since anonymised or odd files
repeat ids), or — with no id — its time to the minute, amount and counterparty. Identical rows
inside one file are told apart by their occurrence number, so nothing in a file is ever merged.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..store import Store
from ..store import records as sql
from . import frame as F
from .generic import ColumnMapping
from .parse import ParseResult, inspect
from .reading import TZ
from .registry import source_label

if TYPE_CHECKING:
    from ..evidence.items import Pending

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    """What an import did: rows added, rows the case already had, rows the file could not give."""

    import_id: int
    case_id: str
    file_name: str
    file_sha256: str
    source: str
    layout: str
    rows: int
    added: int
    already_present: int
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    evidence_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def dedupe_keys(frame: pd.DataFrame) -> pd.Series:
    """The identity of each row across bills (see the module docstring)."""
    ident = frame["txn_id"].where(frame["txn_id"] != "", frame["merchant_order_id"])
    amount = frame["amount_fen"].astype(str)
    minute = frame["time"].dt.strftime("%Y-%m-%dT%H:%M")
    with_id = (
        frame["source"]
        + "|id|"
        + ident
        + "|"
        + frame["direction"]
        + "|"
        + amount
        + "|"
        + minute.str.slice(0, 10)
    )
    without = (
        frame["source"]
        + "|at|"
        + minute
        + "|"
        + frame["direction"]
        + "|"
        + amount
        + "|"
        + frame["counterparty"]
        + "|"
        + frame["item"].str.slice(0, 40)
    )
    key = with_id.where(ident != "", without)
    nth = key.groupby(key).cumcount()
    return key + "#" + nth.astype(str)


def to_rows(result: ParseResult, case_id: str, import_id: int) -> pd.DataFrame:
    """The frame as ``transactions`` rows (times as ISO text with +08:00, money in fen)."""
    f = result.frame
    out = f.drop(columns=["time"]).copy()
    out["time"] = f["time"].dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    out["case_id"] = case_id
    out["import_id"] = import_id
    out["dedupe_key"] = dedupe_keys(f)
    out["data"] = [{"kind": result.kind}] * len(out)
    return out


def import_bill(
    store: Store,
    case_id: str,
    path: str | Path,
    *,
    progress: Progress | None = None,
    mapping: ColumnMapping | None = None,
    data: bytes | None = None,
    name: str | None = None,
) -> ImportResult:
    """Read a bill and store its rows in the case; the bill itself becomes evidence.

    ``progress(done, total)`` is called as rows are written. Importing the same file again adds
    nothing (``already_present`` says how many rows the case had).
    """
    store.get_case(case_id)  # NotFound before any work
    result = inspect(path, mapping=mapping, data=data, name=name)
    with ExitStack() as stack:
        # The bill is staged as evidence first, so its rows, its evidence item and the custody
        # entry commit in one transaction below: a kill in between leaves none of them (#18).
        pending, problem = _stage_evidence(stack, store, case_id, path, data, result)
        with store.write() as conn:
            store.touch(conn, case_id)
            import_id = sql.add_import(
                conn,
                case_id,
                file_sha256=result.file_sha256,
                file_name=result.file_name,
                source=result.source,
                layout=result.layout,
                rows=result.rows,
                added_rows=0,
                rejected=[r.to_dict() for r in result.rejected],
                warnings=result.warnings,
                evidence_id=None,
                at=store.now(),
            )
            rows = to_rows(result, case_id, import_id)
            present = sql.existing_keys(conn, case_id, rows["dedupe_key"])
            new = rows[~rows["dedupe_key"].isin(present)]
            records = new.to_dict("records")
            sql.add_transactions(conn, records, progress)
            evidence_id = pending.record(conn).id if pending is not None else None
            sql.update_import(conn, import_id, added_rows=len(records), evidence_id=evidence_id)
            store.log(
                conn,
                case_id,
                "records.import",
                None,
                {
                    "file": result.file_name,
                    "sha256": result.file_sha256,
                    "source": result.source,
                    "rows": result.rows,
                    "added": len(records),
                    "rejected": len(result.rejected),
                },
            )
    out = ImportResult(
        import_id=import_id,
        case_id=case_id,
        file_name=result.file_name,
        file_sha256=result.file_sha256,
        source=result.source,
        layout=result.layout,
        rows=result.rows,
        added=len(records),
        already_present=result.rows - len(records),
        rejected=[r.to_dict() for r in result.rejected],
        warnings=result.warnings,
        evidence_id=evidence_id,
    )
    if problem:
        out.warnings.append(problem)
    return out


#: What an imported bill proves, in both languages (one stored string serves both readers).
PROVES = (
    "付款、退款的金额和时间（平台、支付机构的交易记录，电子商务法第五十三条、第六十二条）"
    " / amounts and times of payments and refunds (the platform's and payment provider's"
    " transaction records, E-commerce Law Art. 53 and 62)"
)


def _stage_evidence(
    stack: ExitStack,
    store: Store,
    case_id: str,
    path: str | Path,
    data: bytes | None,
    result: ParseResult,
) -> tuple[Pending | None, str | None]:
    """Stage the bill as evidence of the case (交易记录 transaction_record); the same file
    imported again is the same item. Returns (pending item, warning): a bill that cannot be
    evidence (too large, say) is still imported, and the warning says why it is not evidence."""
    from ..errors import CaseworkError
    from ..evidence import staged_evidence

    label = source_label(result.source)
    period = result.period
    start, end = (period.get("start") or "")[:10], (period.get("end") or "")[:10]
    try:
        pending = stack.enter_context(
            staged_evidence(
                store,
                case_id,
                data if data is not None else Path(path),
                type="transaction_record",
                name=result.file_name,
                # An evidence item holds one description for every reader: the Chinese text and
                # the English one side by side, so an English report carries no Chinese-only line.
                description=(
                    f"{label}账单（{result.layout}），{result.rows} 笔交易，{start} 至 {end}"
                    f" / {result.source} bill ({result.layout}), {result.rows} transactions,"
                    f" {start} to {end}"
                ),
                proves=PROVES,
                captured_how=f"casework records import（{result.source}/{result.layout}）",
            )
        )
    except CaseworkError as exc:
        return None, f"账单未能加入证据 / the bill was not added as evidence: {exc.message()}"
    return pending, None


def transactions(store: Store, case_id: str) -> pd.DataFrame:
    """The case's stored transactions: canonical columns with a Decimal ``amount``, plus
    ``kind`` (payment / order), ``file_name`` and ``import_id``."""
    store.get_case(case_id)
    with store.read() as conn:
        rows = sql.load_transactions(conn, case_id)
    if not rows:
        frame = F.empty()
        extra: dict[str, Any] = {"kind": [], "file_name": [], "import_id": [], "id": []}
    else:
        raw = pd.DataFrame(rows)
        raw["time"] = pd.to_datetime(raw["time"], format="ISO8601").dt.tz_convert(TZ)
        raw["line"] = raw["line"].astype("int64")
        raw["amount_fen"] = raw["amount_fen"].astype("int64")
        raw["is_refund"] = raw["is_refund"].astype(bool)
        frame = F.build(len(raw), {c: raw[c] for c in F.COLUMNS})
        extra = {
            "kind": [
                d.get("kind", "payment") if isinstance(d, dict) else "payment" for d in raw["data"]
            ],
            "file_name": raw["file_name"].fillna("").tolist(),
            "import_id": raw["import_id"].tolist(),
            "id": raw["id"].tolist(),
        }
    F.validate(frame)
    out = F.with_decimal(frame)
    for k, v in extra.items():
        out[k] = v
    return out


def import_summary(store: Store, case_id: str) -> list[dict[str, Any]]:
    """The bills imported into a case, oldest first."""
    with store.read() as conn:
        return sql.list_imports(conn, case_id)
