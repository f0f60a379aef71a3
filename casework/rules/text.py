"""Bilingual text: a ``str`` ("中文 / English") that also carries ``.zh`` and ``.en``."""

from __future__ import annotations


class Text(str):
    """Reads as "中文 / English" anywhere a string is expected; ``.zh`` / ``.en`` pick one."""

    zh: str
    en: str

    def __new__(cls, zh: str, en: str | None = None) -> Text:
        en = en or zh
        obj = super().__new__(cls, zh if zh == en else f"{zh} / {en}")
        obj.zh = zh
        obj.en = en
        return obj

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}
