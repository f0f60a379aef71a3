"""Run every ``benchmarks/*_bench.py`` (each has a ``main()``), or those named on the command line.

python -m benchmarks               # all
python -m benchmarks records       # benchmarks/records_bench.py only
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(names: list[str]) -> None:
    here = Path(__file__).parent
    found = sorted(p.stem for p in here.glob("*_bench.py"))
    chosen = [n for n in found if not names or n.removesuffix("_bench") in names]
    for name in chosen:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
