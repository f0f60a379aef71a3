"""Rules and timeline costs, as ratios and per-call times a widget refresh can be judged by.

* deadlines: all clocks of a case with 50 vs 500 events (per call, ms) and their ratio — the engine
  should grow about linearly with the log.
* timeline: drawing + writing the PNG for 5 vs 500 events (ms) and their ratio — summarising dense
  stretches keeps a big case from costing 100× a small one.

python -m benchmarks rules
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from casework.cases import Case, Event
from casework.clock import SHANGHAI
from casework.rules.deadlines import compute
from casework.timeline import COLUMNS, draw_timeline, save_figure

KINDS = ["contacted_seller", "seller_replied", "platform_complaint", "payment", "complaint_filed"]
LANES = ["consumer", "seller", "platform", "payment", "regulator"]


def _best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _events(n: int) -> list[Event]:
    start = datetime(2026, 9, 1, 9, tzinfo=SHANGHAI)
    return [
        Event.build(
            id=i,
            at=start + timedelta(hours=5 * i),
            kind=KINDS[i % 5],
            actor="regulator" if i % 5 == 4 else "consumer",
        )
        for i in range(n)
    ]


def _frame(n: int) -> pd.DataFrame:
    start = datetime(2026, 9, 1, 9, tzinfo=SHANGHAI)
    rows = [
        {
            "at": start + timedelta(hours=(i * 3) % (24 * 90)),
            "lane": LANES[i % 5],
            "kind": KINDS[i % 5],
            "label": f"第{i}号 事件",
            "text": "",
            "source": "event",
            "ref": str(i),
        }
        for i in range(n)
    ]
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("at").reset_index(drop=True)


def main() -> None:
    now = datetime(2026, 1, 1, tzinfo=SHANGHAI)
    case = Case.build(id="B-1", title="bench", category="quality", created_at=now, updated_at=now)
    today = date(2026, 12, 31)
    small, big = _events(50), _events(500)
    t50 = _best(lambda: compute(case, small, [], today))
    t500 = _best(lambda: compute(case, big, [], today))
    print(
        f"deadlines  50 events: {t50 * 1000:.1f} ms   500 events: {t500 * 1000:.1f} ms   "
        f"ratio {t500 / t50:.1f}× for 10× the events"
    )
    clocks = compute(case, small, [], today)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def draw(n: int) -> None:
            fig = draw_timeline(_frame(n), clocks, title="bench", today=today)
            save_figure(fig, out / f"t{n}.png")

        draw(5)  # font registration and caches, not timed
        f5 = _best(lambda: draw(5))
        f500 = _best(lambda: draw(500))
    print(
        f"timeline PNG  5 events: {f5 * 1000:.0f} ms   500 events: {f500 * 1000:.0f} ms   "
        f"ratio {f500 / f5:.1f}× for 100× the events"
    )


if __name__ == "__main__":
    main()
