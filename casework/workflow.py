"""Steps that cross layers (跨层流程): a bill is imported *and* becomes evidence (#16).

The records layer reads and stores bills; the evidence layer stages and records files; this module,
above both, puts them in one transaction. Neither layer imports the other for it, so
``records → evidence → rules → records`` is no longer a circle hidden by imports inside functions.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from .errors import CaseworkError
from .evidence import staged_evidence
from .evidence.facts import facts
from .evidence.items import EvidenceFields, Pending
from .records.generic import ColumnMapping
from .records.importing import ImportResult, Progress, store_bill
from .records.parse import ParseResult, inspect
from .records.registry import source_label
from .store import Store


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
        # entry commit in one transaction: a kill in between leaves none of them (#18).
        pending, problem = _stage_evidence(stack, store, case_id, path, data, result)
        return store_bill(
            store,
            case_id,
            result,
            progress=progress,
            record_evidence=None if pending is None else (lambda conn: pending.record(conn).id),
            problem=problem,
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
                fields=EvidenceFields(
                    # Facts, not words: each reader gets the description and what the bill
                    # proves in their own language (evidence/facts.py).
                    facts=facts(
                        "bill",
                        source=result.source,
                        source_zh=label,
                        layout=result.layout,
                        rows=result.rows,
                        start=start,
                        end=end,
                    ),
                    captured_how=f"casework records import（{result.source}/{result.layout}）",
                ),
            )
        )
    except CaseworkError as exc:
        return None, f"账单未能加入证据 / the bill was not added as evidence: {exc.message()}"
    return pending, None
