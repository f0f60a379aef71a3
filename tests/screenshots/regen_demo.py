"""Regenerate the demo screenshots' shipped readings: ``python -m tests.screenshots.regen_demo``.

Run after changing a demo image or the engine pin; read the diff before committing it."""

from __future__ import annotations

import hashlib
import json

from casework.evidence import ocr
from casework.evidence.screenshot_demo import DEMO_FILES, READINGS
from casework.resources import data_path


def readings() -> dict[str, dict[str, object]]:
    out = {}
    for name in DEMO_FILES:
        path = data_path(name)
        reading = ocr.read_image(path).to_dict()
        reading["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        reading["read_at"] = ""
        reading["seconds"] = 0.0  # not part of what was read
        out[reading["sha256"]] = reading
    return out


def main() -> None:
    path = data_path(READINGS)
    path.write_text(json.dumps(readings(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
