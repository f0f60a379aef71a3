"""Import a bill into a case (导入账单): rows with provenance, never doubled, and the bill as evidence.

The same transaction is recognised across re-imports and overlapping bills by its ``dedupe_key``:
the source and its transaction id (plus direction, amount and date, since anonymised or odd files
repeat ids), or — with no id — its time to the minute, amount and counterparty. Identical rows
inside one file are told apart by their occurrence number, so nothing in a file is ever merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from ..store import Store
from ..store import records as sql
from . import frame as F
from .cells import TZ
from .parse import ParseResult

Progress = Callable[[int, int], None]
#: Called inside the import's write transaction; returns the bill's evidence id, if it is one.
RecordEvidence = Callable[[Connection], int | None]


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


def store_bill(
    store: Store,
    case_id: str,
    result: ParseResult,
    *,
    progress: Progress | None = None,
    record_evidence: RecordEvidence | None = None,
    problem: str | None = None,
) -> ImportResult:
    """Store a read bill's rows in the case, in one transaction with ``record_evidence`` (the
    bill as evidence, staged by the caller: ``casework.workflow.import_bill``).

    ``progress(done, total)`` is called as rows are written. Importing the same file again adds
    nothing (``already_present`` says how many rows the case had). ``problem`` is a warning of the
    caller's (why the bill is not evidence), carried into the result.
    """
    with store.write() as conn:
        store.touch(conn, case_id)
        import_id = _add_import(conn, store, case_id, result)
        rows = to_rows(result, case_id, import_id)
        present = sql.existing_keys(conn, case_id, rows["dedupe_key"])
        records = rows[~rows["dedupe_key"].isin(present)].to_dict("records")
        sql.add_transactions(conn, records, progress)
        evidence_id = record_evidence(conn) if record_evidence is not None else None
        sql.update_import(conn, import_id, added_rows=len(records), evidence_id=evidence_id)
        store.log(conn, case_id, "records.import", None, _logged(result, len(records)))
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


def _add_import(conn: Connection, store: Store, case_id: str, result: ParseResult) -> int:
    """The import's own record (its rows are counted once they are written)."""
    return sql.add_import(
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


def _logged(result: ParseResult, added: int) -> dict[str, Any]:
    """What the audit log keeps of an import."""
    return {
        "file": result.file_name,
        "sha256": result.file_sha256,
        "source": result.source,
        "rows": result.rows,
        "added": added,
        "rejected": len(result.rejected),
    }


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
