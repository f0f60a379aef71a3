"""Golden files for the bill samples: ``tests/data/bills/<sample>.expected.json``.

Each holds what ``inspect`` says about the sample (the ``--json`` object) and every canonical row,
or the one-line error for a file casework refuses. Regenerate only on purpose::

    python -m tests.records.regen
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from casework.errors import CaseworkError
from casework.records import inspect
from casework.records.frame import with_decimal

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "bills"


def samples() -> list[Path]:
    return sorted(
        p
        for p in SAMPLES.iterdir()
        if p.is_file() and not p.name.endswith((".md", ".expected.json"))
    )


def expected_path(sample: Path) -> Path:
    return sample.with_name(sample.name + ".expected.json")


def golden(sample: Path) -> dict[str, Any]:
    """What the golden file for ``sample`` must say."""
    try:
        result = inspect(sample)
    except CaseworkError as exc:
        return {"error": exc.message(), "error_type": type(exc).__name__}
    rows = with_decimal(result.frame)
    rows["time"] = rows["time"].map(lambda t: t.isoformat())
    rows["amount"] = rows["amount"].map(lambda a: f"{a:.2f}")
    rows = rows.drop(columns=["file_sha256"])
    return {
        "inspect": result.to_dict(),
        "transactions": json.loads(rows.to_json(orient="records", force_ascii=False)),
    }


def dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
