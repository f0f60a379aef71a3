"""A case as the register stores it (案件的存储行): the ``cases`` row, the parties in their own
table, and the way back to a :class:`~casework.cases.Case` — a row that no longer passes the model
is reported as damage to that case, naming the field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Text, cast, insert, select

from ..cases import Case, CaseFields
from ..errors import CaseworkError, StoreError, one_line
from ..money import from_fen, to_fen
from . import schema as t

PARTY_FIELDS = {
    "complainant": {
        "complainant_name": "name",
        "complainant_phone": "phone",
        "complainant_address": "address",
    },
    "respondent": {
        "respondent_name": "name",
        "respondent_address": "address",
        "shop_name": "shop_name",
        "respondent_credit_code": "credit_code",
    },
    "agent": {"agent_name": "name"},
}


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _damaged(case_id: str, field: str, zh: str, en: str) -> StoreError:
    return StoreError(
        f"案件 {case_id} 的登记数据已损坏（{field} {zh}），无法读取；请从备份恢复或修正该行",
        f"case {case_id} is damaged in the register ({field} {en}) and cannot be read; "
        "restore it from a backup or fix the row",
        where=f"case {case_id}",
    )


@contextmanager
def _row_of(case_id: str) -> Iterator[None]:
    """A stored row that no longer passes the model (a date out of range, a bad key written by
    hand or by an older program) is reported as damage to that case, with the field."""
    try:
        yield
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "value"
        raise _damaged(case_id, field, "无效", f"is invalid: {one_line(err['msg'])}") from None
    except CaseworkError as exc:
        field = getattr(exc, "field", None) or exc.where or "value"
        raise _damaged(case_id, field, f"无效: {exc.zh}", f"is invalid: {exc.en}") from None


def case_row(fields: CaseFields) -> dict[str, Any]:
    party_keys = {k for m in PARTY_FIELDS.values() for k in m}
    row = {k: v for k, v in fields.model_dump().items() if k not in party_keys}
    row["category"] = fields.category.value
    row["purchase_date"] = _iso(fields.purchase_date)
    amount = row.pop("amount_paid")
    row["amount_paid_fen"] = None if amount is None else to_fen(amount)
    return row


def write_parties(conn: Connection, case_id: str, fields: CaseFields) -> None:
    conn.execute(t.parties.delete().where(t.parties.c.case_id == case_id))
    for role, mapping in PARTY_FIELDS.items():
        values = {col: getattr(fields, f) for f, col in mapping.items()}
        if any(values.values()):
            conn.execute(insert(t.parties).values(case_id=case_id, role=role, **values))


def load_case(conn: Connection, row: Any) -> Case:
    data = dict(row._mapping)
    fen = data.pop("amount_paid_fen")
    data["amount_paid"] = None if fen is None else from_fen(fen)
    for p in conn.execute(select(t.parties).where(t.parties.c.case_id == data["id"])):
        for f, col in PARTY_FIELDS[p.role].items():
            data[f] = getattr(p, col)
    with _row_of(data["id"]):
        return Case.model_validate(data)


def case_rows(conn: Connection, q: Any) -> list[Any]:
    """Rows of ``cases``; a row whose JSON cannot be read is named, not a traceback."""
    try:
        return list(conn.execute(q).all())
    except ValueError:  # json.loads of order_numbers (SQLite keeps JSON as text)
        for case_id, raw in conn.execute(
            select(t.cases.c.id, cast(t.cases.c.order_numbers, Text)).order_by(t.cases.c.id)
        ):
            try:
                json.loads(raw)
            except (TypeError, ValueError):
                raise _damaged(
                    case_id, "order_numbers", "不是有效的 JSON", "is not valid JSON"
                ) from None
        raise
