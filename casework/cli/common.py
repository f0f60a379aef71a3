"""What every command shares: the opened register and JSON output."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class Context:
    home: str | None = None
    db: str | None = None
    read_only: bool = False
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from ..store import Store  # lazy: start-up, `casework --help` needs no register (#16)

            self._store = Store.open(self.home, self.db, read_only=True if self.read_only else None)
            reason = self._store.read_only_reason
            if reason is not None and not self.read_only:
                # Found, not asked for: say once that nothing this command changes can be kept.
                click.echo(
                    f"注意 note: 案件登记库为只读（{reason[0]}），只能查看，不能保存 / "
                    f"the register is read-only ({reason[1]}): you can look, nothing can be saved",
                    err=True,
                )
        return self._store


pass_ctx = click.make_pass_decorator(Context)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_default)


def echo_json(value: Any) -> None:
    click.echo(to_json(value))


def echo_written(label: str, path: Path, cases: int, files: int, sha256: str) -> None:
    """The file a command wrote (an archive, a backup): where, how many cases and files, and its
    SHA-256 to check the copy against."""
    click.echo(f"{label}: {path}  ({cases} 个案件 cases, {files} 个文件 files)")
    click.echo(f"  SHA-256 {sha256}")
