"""Records benchmark (run by hand: ``python -m benchmarks records``); prints ratios, asserts nothing.

1. A generated 1,000,000-row Alipay-format GBK bill: casework's full extract (``inspect``: money
   exact in fen, times parsed to Asia/Shanghai, refunds linked, schema checked) against a bare
   ``pandas.read_csv`` of the same file with the right encoding and skipped lines, run after
   each other ``RECORDS_BENCH_REPEAT`` times in one process. Target ≤ 1.5× (aim ≤ 1.35× median);
   it prints best, median and the median of the paired ratios (each run of ours over the bare
   run just before it), and the load average around the runs: the machine is shared.
2. Rows per second into the register (``import_bill``) on SQLite and, when
   ``CASEWORK_TEST_PG_URL`` is set, PostgreSQL.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import pandas as pd

from casework.demo import CASE
from casework.records import inspect
from casework.records.synthetic import alipay_text, random_rows
from casework.store import Store
from casework.workflow import import_bill

ROWS = int(os.environ.get("RECORDS_BENCH_ROWS", "1000000"))
STORE_ROWS = int(os.environ.get("RECORDS_BENCH_STORE_ROWS", "100000"))
REPEAT = int(os.environ.get("RECORDS_BENCH_REPEAT", "5"))


def write_bill(path: Path, n: int) -> int:
    """Write an ``n``-row bill; returns the 0-based index of its header line."""
    text = alipay_text(
        random_rows(n, seed=1),
        start=datetime(2026, 1, 1),
        end=datetime(2026, 12, 31),
        exported=datetime(2027, 1, 1),
    )
    path.write_bytes(text.encode("gb18030"))
    return next(i for i, ln in enumerate(text.split("\n", 40)) if ln.startswith("交易时间"))


def interleaved(fns: dict[str, object], repeat: int = 5) -> dict[str, list[float]]:
    """Times of each, runs interleaved so that a busy machine slows both alike."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times[name].append(time.perf_counter() - t0)
    return times


def load() -> str:
    """The load average (1, 5, 15 minutes), to judge how busy the machine was."""
    return "/".join(f"{v:.2f}" for v in os.getloadavg())


def extract_ratio(tmp: Path) -> None:
    path = tmp / "alipay_1m.csv"
    t0 = time.perf_counter()
    header = write_bill(path, ROWS)
    print(
        f"generated {ROWS:,} rows ({path.stat().st_size / 1e6:.0f} MB GBK) "
        f"in {time.perf_counter() - t0:.1f}s"
    )

    def bare() -> None:
        pd.read_csv(path, encoding="gb18030", skiprows=header, dtype=str)

    result = inspect(path)
    assert result.rows == ROWS and not result.rejected
    before = load()
    t = interleaved({"bare": bare, "ours": lambda: inspect(path)}, repeat=REPEAT)
    best = {k: min(v) for k, v in t.items()}
    median = {k: statistics.median(v) for k, v in t.items()}
    paired = [o / b for o, b in zip(t["ours"], t["bare"], strict=True)]
    pairs = statistics.median(paired)
    print(f"load average before {before}, after {load()} (1, 5, 15 min)")
    print("paired ratios: " + ", ".join(f"{r:.2f}x" for r in paired))
    print(
        f"{REPEAT} interleaved runs. bare pandas.read_csv: best {best['bare']:.2f}s, median "
        f"{median['bare']:.2f}s; casework inspect: best {best['ours']:.2f}s, median "
        f"{median['ours']:.2f}s"
    )
    print(
        f"ratio (target <= 1.5x): best-of-{REPEAT} {best['ours'] / best['bare']:.2f}x, "
        f"median {median['ours'] / median['bare']:.2f}x, median of paired runs {pairs:.2f}x; "
        f"refunds linked: {int((result.frame['refund_of'] != '').sum()):,}"
    )


def store_rate(tmp: Path, label: str, db: str | None) -> None:
    path = tmp / "alipay_store.csv"
    write_bill(path, STORE_ROWS)
    home = tmp / f"home-{label}"
    store = Store.open(home, db)
    try:
        case = store.create_case(CASE)
        t0 = time.perf_counter()
        result = import_bill(store, case.id, path)
        elapsed = time.perf_counter() - t0
        print(
            f"{label}: {result.added:,} rows into the register in {elapsed:.1f}s = "
            f"{result.added / elapsed:,.0f} rows/s (parse included)"
        )
    finally:
        store.close()


def pg_url() -> tuple[str, object] | None:
    url = os.environ.get("CASEWORK_TEST_PG_URL")
    if not url:
        return None
    from sqlalchemy import create_engine, text

    schema = "bench_" + uuid.uuid4().hex[:8]
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", drop


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        extract_ratio(tmp)
        store_rate(tmp, "SQLite", None)
        pg = pg_url()
        if pg is None:
            print("PostgreSQL: skipped (set CASEWORK_TEST_PG_URL)")
        else:
            url, drop = pg
            try:
                store_rate(tmp, "PostgreSQL", url)
            finally:
                drop()  # type: ignore[operator]


if __name__ == "__main__":
    main()
