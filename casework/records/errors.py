"""What the records layer raises for a file it cannot read at all (never for a bad row)."""

from __future__ import annotations

from ..errors import CaseworkError


class RecordsError(CaseworkError):
    """A bill that cannot be read at all (账单无法读取): wrong kind of file, empty, corrupt."""


class UnsupportedBill(RecordsError):
    """A bill that is recognised but has no importer (可识别但暂不支持的账单)."""


class BudgetError(RecordsError):
    """A bill beyond what casework reads (超出读取上限): too big, too wide, too many cells."""
