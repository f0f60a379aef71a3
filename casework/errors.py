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


class ConfigError(CaseworkError):
    """A setting (an environment variable, ``--db``) that cannot be used (配置错误)."""


class ReadOnlyError(StoreError):
    """A write to a register opened read-only; nothing was saved (只读登记库)."""


class InternalError(CaseworkError):
    """Anything we did not raise on purpose: a bug, reported in one line (内部错误)."""


def one_line(text: str, limit: int = 300) -> str:
    """The first line of a driver's or library's message, without trailing detail."""
    first = next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def as_casework_error(exc: BaseException) -> CaseworkError:
    """Any exception as one of ours, so every edge (CLI, panels) shows one bilingual line.

    Database errors keep only the driver's own first line: the SQL statement, its parameters and
    SQLAlchemy's help link are for developers and may hold a consumer's personal data.
    """
    if isinstance(exc, CaseworkError):
        return exc
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename else None
        reason = exc.strerror or one_line(str(exc)) or type(exc).__name__
        return CaseworkError(f"文件错误: {reason}", f"file error: {reason}", where=where)
    try:
        from sqlalchemy.exc import SQLAlchemyError, StatementError
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        SQLAlchemyError = StatementError = ()  # type: ignore[assignment,misc]
    if isinstance(exc, StatementError) and exc.orig is not None:
        reason = one_line(str(exc.orig)) or type(exc.orig).__name__
        return StoreError(f"案件登记库错误: {reason}", f"register error: {reason}")
    if isinstance(exc, SQLAlchemyError):
        reason = one_line(str(exc).split("(Background on this error")[0]) or type(exc).__name__
        return StoreError(f"案件登记库错误: {reason}", f"register error: {reason}")
    reason = f"{type(exc).__name__}: {one_line(str(exc))}".rstrip(": ")
    return InternalError(f"内部错误: {reason}", f"internal error: {reason}")
