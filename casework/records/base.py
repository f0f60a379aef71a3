"""The importer interface (导入器接口) and what every importer shares.

An importer is a small object with a ``source`` name and two methods, after beangulp:

* ``identify(head) -> layout | None`` — look at the first lines (or the first rows of each sheet)
  and say which variant of its format the file is, or ``None`` when it is not its file;
* ``extract(bill, layout) -> Extracted`` — the canonical rows, the rejected rows and what the file
  says about itself (its own summary, 共N笔记录 …).

Importers never raise for a bad *row*: a row that cannot be read is returned in ``rejected`` with
its line and a reason, so that rows kept + rows rejected always equals the data rows in the file.
They raise :class:`RecordsError` only for a *file* they cannot read at all.
"""

from __future__ import annotations

import hashlib
import os
import stat
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from .encodings import decode
from .errors import BudgetError, RecordsError
from .sheets import read_sheets

_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casework-sha256")

#: How many lines (or sheet rows) ``identify`` sees.
HEAD_LINES = 60

#: The largest bill read at all. A real year of Alipay or WeChat is a few MB; the benchmark's
#: million-row bill is ~150 MB. Checked before a byte is read, so that a device or a giant file
#: never fills the memory.
MAX_BILL_BYTES = 400 * 2**20


def read_bounded(path: Path, where: str, limit: int = MAX_BILL_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; devices (``/dev/zero``), FIFOs,
    sockets and folders are refused by their type, before they are opened (a FIFO would block)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise RecordsError(
            f"文件无法打开: {exc.strerror}", f"cannot open the file: {exc.strerror}", where=where
        ) from None
    if not stat.S_ISREG(st.st_mode):
        kind = (
            ("文件夹", "a folder")
            if stat.S_ISDIR(st.st_mode)
            else ("命名管道（FIFO）", "a FIFO (named pipe)")
            if stat.S_ISFIFO(st.st_mode)
            else ("套接字", "a socket")
            if stat.S_ISSOCK(st.st_mode)
            else ("设备文件", "a device")
        )
        raise RecordsError(
            f"这不是普通文件，而是{kind[0]}，不能作为账单读取",
            f"not a regular file but {kind[1]}; it cannot be read as a bill",
            where=where,
        )
    check_size(st.st_size, where, limit)
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # a file that grows while read is cut at the budget
    except OSError as exc:
        raise RecordsError(
            f"文件无法读取: {exc.strerror}", f"cannot read the file: {exc.strerror}", where=where
        ) from None
    check_size(len(data), where, limit)
    return data


def check_size(size: int, where: str, limit: int = MAX_BILL_BYTES) -> None:
    if size > limit:
        raise BudgetError(
            f"文件有 {size / 2**20:.0f} MB，超过账单读取上限 {limit // 2**20} MB",
            f"the file is {size / 2**20:.0f} MB, beyond the bill size limit of {limit // 2**20} MB",
            where=where,
        )


@dataclass
class Rejected:
    """A data row that could not be read: its line (row for spreadsheets) and why (拒收行)."""

    line: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason}


@dataclass
class Head:
    """What ``identify`` sees: decoded text lines, or the first rows of each sheet."""

    kind: str  # "text" or "excel"
    lines: list[str] = field(default_factory=list)
    sheets: dict[str, list[list[str]]] = field(default_factory=dict)


class Bill:
    """One bill file: its bytes, hash and (for text files) its decoded text."""

    def __init__(
        self, path: str | Path, data: bytes | None = None, name: str | None = None
    ) -> None:
        self.path = Path(path)
        self.name = name or self.path.name
        if data is None:
            data = read_bounded(self.path, self.name)
        else:
            check_size(len(data), self.name)
        self.data = data
        # Hashing a big bill runs beside the parsing (hashlib releases the GIL).
        self._sha256: Future[str] = _HASHER.submit(lambda: hashlib.sha256(self.data).hexdigest())
        self.encoding = ""

    @property
    def sha256(self) -> str:
        """The SHA-256 of the file's bytes (its identity as evidence)."""
        return self._sha256.result()

    @property
    def where(self) -> str:
        return self.name

    @cached_property
    def text(self) -> str:
        text, self.encoding = decode(self.data, self.name)
        # Lines are what ``\n`` ends (CRLF files included); a stray CR is never content.
        return text.replace("\r", "")

    @cached_property
    def sheets(self) -> dict[str, pd.DataFrame]:
        """Every sheet of a spreadsheet bill as raw cells (row i is spreadsheet row i+1)."""
        return read_sheets(self.data, self.name)


@dataclass
class Extracted:
    """What an importer returns for one file."""

    frame: pd.DataFrame
    rejected: list[Rejected]
    declared: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    period: dict[str, str | None] = field(default_factory=dict)
    #: Fen to take off the parsed total of a direction before comparing it with the file's own
    #: summary (JD states 支出 net of partial refunds).
    adjust: dict[str, int] = field(default_factory=dict)
    #: Rows the file's own summary does not count at all (Alipay: 交易关闭), by position.
    unsummed: pd.Series | None = None


class Importer:
    """Base class: subclasses set ``source`` and implement ``identify`` and ``extract``."""

    source: ClassVar[str] = ""
    #: A Chinese name for messages (支付宝, 微信支付 …).
    label: ClassVar[str] = ""

    def identify(self, head: Head) -> str | None:
        raise NotImplementedError

    def extract(self, bill: Bill, layout: str) -> Extracted:
        raise NotImplementedError
