"""Rewrite the golden files of the bill samples (``python -m tests.records.regen``).

Run it only when a change of output is intended, then read the diff before committing.
"""

from __future__ import annotations

from .golden import dumps, expected_path, golden, samples


def main() -> None:
    for sample in samples():
        path = expected_path(sample)
        new = dumps(golden(sample))
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if new != old:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(new, encoding="utf-8")
            tmp.replace(path)
            print(f"{'updated' if old else 'created'} {path.name}")


if __name__ == "__main__":
    main()
