"""The privacy notice (个人信息处理告知书, 个人信息保护法 Arts. 14, 17) shown to a complainant:
its text ships, versioned, in ``casework/data/privacy/notice.json``; the consent ledger stores the
version and hash of the text that was shown."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Notice:
    """The privacy notice (个人信息处理告知书) shown to the complainant, one version."""

    version: str
    zh: str
    en: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256((self.zh + "\n" + self.en).encode("utf-8")).hexdigest()

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@cache
def notice() -> Notice:
    """The notice this program shows (the newest version)."""
    raw = resources.files("casework").joinpath("data/privacy/notice.json").read_text("utf-8")
    data = json.loads(raw)
    return Notice(str(data["version"]), str(data["zh"]), str(data["en"]))


__all__ = ["Notice", "notice"]
