"""Records (账单记录): order and payment exports into pandas, and the money trail (资金往来).

* :func:`inspect` — read one bill (Alipay, WeChat Pay, JD, ICBC, CCB, the order-entry template, or
  any table with a :class:`ColumnMapping`) into the canonical frame; pure, no register.
* :func:`import_bill` — store a bill's rows in a case, with provenance, never doubling a row.
* :func:`transactions` — a case's stored rows; :func:`money_trail` — paid / refunded /
  outstanding per disputed order, with the file lines behind each figure.
"""

from .base import Importer, RecordsError, Rejected, UnsupportedBill
from .frame import COLUMNS, validate, with_decimal
from .generic import ORDER_ENTRY, ColumnMapping, template_path
from .parse import ParseResult, inspect
from .registry import IMPORTERS, detect

__all__ = [
    "COLUMNS",
    "IMPORTERS",
    "ORDER_ENTRY",
    "ColumnMapping",
    "Importer",
    "ParseResult",
    "RecordsError",
    "Rejected",
    "UnsupportedBill",
    "detect",
    "inspect",
    "template_path",
    "validate",
    "with_decimal",
]
