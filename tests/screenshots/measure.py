"""Character accuracy (1 − CER) of a reading against a page's truth."""

from __future__ import annotations

import re
import unicodedata


def flat(text: str) -> str:
    """NFKC without whitespace: ：and : or a dropped space are not reading errors."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def accuracy(truth: list[str], read: str) -> float:
    expected = flat("".join(truth))
    return 1 - edit_distance(expected, flat(read)) / max(1, len(expected))
