"""Records (账单记录): order and payment exports into pandas, and the money trail (资金往来).

* :func:`inspect` — read one bill (Alipay, WeChat Pay, JD, Meituan, ICBC, CCB, CMB credit card, the
  order-entry template, or
  any table with a :class:`ColumnMapping`) into the canonical frame; pure, no register.
* :func:`~casework.records.importing.store_bill` — store a bill's rows in a case, with provenance,
  never doubling a row (``casework.workflow.import_bill`` reads it and makes it evidence too).
* :func:`transactions` — a case's stored rows; :func:`money_trail` — paid / refunded /
  outstanding per disputed order, with the file lines behind each figure.
"""

from .base import Importer, Rejected
from .errors import RecordsError, UnsupportedBill
from .frame import COLUMNS, validate, with_decimal
from .generic import ORDER_ENTRY, ColumnMapping, template_path
from .importing import ImportResult, transactions
from .parse import ParseResult, inspect
from .registry import IMPORTERS, detect, source_label
from .trail import MoneyTrail, money_trail

__all__ = [
    "COLUMNS",
    "IMPORTERS",
    "ORDER_ENTRY",
    "ColumnMapping",
    "ImportResult",
    "Importer",
    "MoneyTrail",
    "ParseResult",
    "RecordsError",
    "Rejected",
    "UnsupportedBill",
    "detect",
    "inspect",
    "money_trail",
    "source_label",
    "template_path",
    "transactions",
    "validate",
    "with_decimal",
]
