"""A seeded mutation corpus over the sample bills, run through ``casework records inspect --json``
(#18 item 8), bounded to about a minute.

Every mutant must end with exit 0 (read: valid JSON, and every data line kept or rejected —
rows + rejected = the data lines the mutant has) or exit 2 (one clean line on stderr): never a
traceback, never exit 1 (a bug), never longer than a few seconds or more memory than a bill
deserves. The seed is fixed (``CASEWORK_FUZZ_SEED`` changes it), so a red run is reproducible;
the closing line says how many mutants ran, loaded and were refused.
"""

from __future__ import annotations

import json
import os
import random
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from casework.cli import cli
from casework.errors import CaseworkError
from casework.records import inspect
from casework.records.encodings import decode

from .golden import samples
from .synth import all_formats

SEED = int(os.environ.get("CASEWORK_FUZZ_SEED", "20261201"))
BUDGET_SECONDS = float(os.environ.get("CASEWORK_FUZZ_SECONDS", "45"))
PER_MUTANT_SECONDS = 10.0
MAX_RSS_MB = 2500
#: What a mutation drops into a data line: the characters that break CSV readers and cells.
JUNK = [
    ",",
    '"',
    "\t",
    " ",
    "¥",
    "-",
    "/",
    "0",
    "9",
    ".",
    "1,234.56",
    "退款",
    "\u3000",
    "x",
    "\ufeff",
]
JUNK += ["23:59:60", "now", "9999-12-31", "(已退款1.00)", "交易关闭", "'", "\\", "E+27"]


@dataclass
class Base:
    name: str
    data: bytes
    text: bool
    encoding: str = ""
    header: int = -1  # 0-based line of the header
    footer: int = 0  # 0-based first line after the data rows (len(lines) when none)
    lines: list[str] = field(default_factory=list)


def _bases() -> list[Base]:
    out: list[Base] = []
    files = [(p.name, p.read_bytes()) for p in samples()]
    # Fresh text bills too (spreadsheets written now carry the time in their zip: not
    # reproducible, so only the committed ones are mutated).
    files += [(s.name, s.data) for s in all_formats(SEED % 97) if s.data[:2] != b"PK"]
    for name, data in files:
        try:
            result = inspect(name, data=data, name=name)
        except CaseworkError:
            continue  # the banks read only through a mapping
        if name.endswith((".xls", ".xlsx")):
            out.append(Base(name, data, text=False))
            continue
        text, enc = decode(data, name)
        lines = text.replace("\r", "").split("\n")
        found = sorted([*result.frame["line"].tolist(), *(r.line for r in result.rejected)])
        if not found:
            continue
        header = found[0] - 2
        footer = found[-1]  # 1-based last data line = 0-based first line after it
        out.append(Base(name, data, True, enc, header, footer, lines))
    return out


def _blank(line: str) -> bool:
    return not line.replace('"', "").strip(" \t\u3000\ufeff\r,")


def _mutate_line(rnd: random.Random, line: str) -> str:
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randint(0, len(line))
        cut = rnd.choice([0, 0, 1, 2, 5])
        line = line[:at] + rnd.choice(JUNK) + line[at + cut :]
    return line


def _text_mutant(rnd: random.Random, base: Base) -> tuple[bytes, int | None]:
    """A mutant and the number of data lines it has (None when the edit may change what the
    file is, e.g. its header or the bytes themselves)."""
    lines = list(base.lines)
    kind = rnd.random()
    if kind < 0.7 and base.footer > base.header + 1:
        for _ in range(rnd.randint(1, 4)):
            k = rnd.randint(base.header + 1, base.footer - 1)
            lines[k] = _mutate_line(rnd, lines[k])
        body = lines[base.header + 1 : base.footer]
        # A mutation may leave a quote open across lines; each physical line stays one row.
        return "\n".join(lines).encode(base.encoding or "utf-8"), sum(
            1 for ln in body if not _blank(ln)
        )
    data = bytearray(base.data)
    if kind < 0.85:
        del data[rnd.randint(0, len(data)) :]  # a download cut short
    else:
        for _ in range(rnd.randint(1, 8)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    return bytes(data), None


def _binary_mutant(rnd: random.Random, base: Base) -> bytes:
    data = bytearray(base.data)
    kind = rnd.random()
    if kind < 0.3:
        del data[rnd.randint(len(data) // 2, len(data)) :]
    elif kind < 0.8:
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    else:
        data += bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 600)))
    return bytes(data)


def test_mutated_bills_read_or_refuse_cleanly(tmp_path: Path) -> None:
    rnd = random.Random(SEED)
    bases = _bases()
    assert len(bases) >= 20
    runner = CliRunner()
    tried = loaded = refused = checked = 0
    slowest = 0.0
    start = time.perf_counter()
    while time.perf_counter() - start < BUDGET_SECONDS:
        base = rnd.choice(bases)
        if base.text:
            data, expected = _text_mutant(rnd, base)
        else:
            data, expected = _binary_mutant(rnd, base), None
        path = tmp_path / f"m{tried}_{base.name}"
        path.write_bytes(data)
        t0 = time.perf_counter()
        res = runner.invoke(cli, ["records", "inspect", "--json", str(path)])
        took = time.perf_counter() - t0
        slowest = max(slowest, took)
        tried += 1
        where = f"mutant {tried} of {base.name} (seed {SEED})"
        assert "Traceback" not in res.output, where
        assert res.exit_code in (0, 2), f"{where}: exit {res.exit_code}: {res.output[-500:]}"
        assert took < PER_MUTANT_SECONDS, f"{where}: {took:.1f}s"
        if res.exit_code == 2:
            refused += 1
            assert res.stderr.count("\n") == 1, where  # one line
            continue
        loaded += 1
        d = json.loads(res.stdout)
        lines = [r["line"] for r in d["rejected"]]
        assert len(lines) == len(set(lines)), where
        if expected is not None and d["file"] == path.name:
            checked += 1
            assert d["rows"] + len(d["rejected"]) == expected, where
        path.unlink()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"\nfuzz: {tried} mutants of {len(bases)} bills in {time.perf_counter() - start:.0f}s: "
        f"{loaded} loaded ({checked} with their data lines counted), {refused} refused cleanly, "
        f"0 tracebacks; slowest {slowest:.2f}s, peak RSS {rss} MB"
    )
    assert tried >= 100
    assert rss < MAX_RSS_MB
