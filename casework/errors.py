"""One small exception hierarchy, converted to a message once per edge (CLI, widgets).

Every error carries a Chinese and an English message and, where it applies, *where* the problem is
(a field, a file and line, a case id), so that an advocate is told what to fix, never shown a
traceback.
"""

from __future__ import annotations


class CaseworkError(Exception):
    """Base of every error casework raises on purpose."""

    def __init__(self, zh: str, en: str | None = None, *, where: str | None = None) -> None:
        self.zh = zh
        self.en = en or zh
        self.where = where
        super().__init__(self.message())

    def message(self, lang: str = "both") -> str:
        """The one-line message a user sees: 中文 / English, prefixed by where it happened."""
        prefix = f"{self.where}: " if self.where else ""
        if lang == "zh":
            return prefix + self.zh
        if lang == "en":
            return prefix + self.en
        if self.zh == self.en:
            return prefix + self.zh
        return f"{prefix}{self.zh} / {self.en}"


class InvalidInput(CaseworkError):
    """A field, date, amount or argument that cannot be accepted (字段无效)."""

    def __init__(
        self, zh: str, en: str | None = None, *, field: str | None = None, where: str | None = None
    ) -> None:
        self.field = field
        super().__init__(zh, en, where=where or field)


class NotFound(CaseworkError):
    """An id that is not in the register (未找到)."""


class ConflictError(CaseworkError):
    """Someone else changed the record since it was read; nothing was written (并发冲突)."""


class TransitionError(CaseworkError):
    """A status change that the case workflow does not allow (状态变更不允许)."""


class StoreError(CaseworkError):
    """The register cannot be opened or written (案件登记库错误)."""
