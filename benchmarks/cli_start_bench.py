"""How long the ``casework`` command takes to start, against the libraries it cannot do without.

Prints the median wall time of ``python -m casework.cli --help`` and of
``python -c "import sqlalchemy, pydantic, click"`` over several runs taken in turn (so both see the
same machine load), and their ratio. Target (#16): at most 1.5×. Each command imports its heavy
modules (pandas, matplotlib, nbconvert, the register itself) inside the command function.

python -m benchmarks cli_start
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7
TARGET = 1.5
ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {
    "casework --help": [sys.executable, "-m", "casework.cli", "--help"],
    "import sqlalchemy, pydantic, click": [
        sys.executable,
        "-c",
        "import sqlalchemy, pydantic, click",
    ],
}


def _once(argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def measure(runs: int = RUNS) -> dict[str, float]:
    """Median seconds per command; the commands alternate so a load spike hits both."""
    for argv in COMMANDS.values():
        _once(argv)  # warm the file cache and the .pyc files first
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            times[name].append(_once(argv))
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    medians = measure()
    cli, base = medians["casework --help"], medians["import sqlalchemy, pydantic, click"]
    for name, seconds in medians.items():
        print(f"{name:<36} {seconds * 1000:7.0f} ms (median of {RUNS})")
    ratio = cli / base
    verdict = "ok" if ratio <= TARGET else f"over the {TARGET}× target"
    print(f"ratio casework --help / base: {ratio:.2f}× ({verdict})")


if __name__ == "__main__":
    main()
