"""Reading a batch of cases at once for the clocks rebuild (批量读取案件): one query per table for
hundreds of cases, the models built straight from their stored rows, and a view of the batch the
deadline engine reads like a register."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    select,
)

from ..cases import Actor, Case, Channel, Communication, Event, EventKind
from ..clock import to_shanghai
from ..money import from_fen
from . import schema as t
from .case_rows import PARTY_FIELDS, _row_of

if TYPE_CHECKING:
    from .register import Store


# -- reading a batch of cases at once -----------------------------------------------------------


_KINDS = {k.value: k for k in EventKind}
_ACTORS = {a.value: a for a in Actor}
_CHANNELS = {c.value: c for c in Channel}


def _when(value: str) -> datetime:
    # Stored times are ISO text with their offset; fromisoformat is exact and ~100× faster than
    # the free-form parser the models use for typed input.
    return to_shanghai(datetime.fromisoformat(value))


#: The fields of the models a batch builds from rows, in the order :class:`_Loaded` reads them
#: (a field added to a model without a column here fails at import, not in a rebuild).
_EVENT_FIELDS = ("id", "case_id", "at", "kind", "actor", "text", "source")
_COMM_FIELDS = (
    *("id", "case_id", "at", "counterpart", "counterpart_kind", "channel", "direction"),
    *("ref", "summary", "response_due", "follow_up"),
)
if tuple(Event.model_fields) != _EVENT_FIELDS or tuple(Communication.model_fields) != _COMM_FIELDS:
    raise ImportError("casework.store.clocks reads Event and Communication field by field")


def _columns(table: Any, fields: tuple[str, ...]) -> list[Any]:
    return [table.c[name] for name in fields]


def _trusted(model: Any, values: dict[str, Any]) -> Any:
    """A model from a stored row holding every one of its fields, already typed: what
    ``model_construct`` does, without its per-field search for aliases and defaults (a rebuild
    builds forty of these per case)."""
    m = model.__new__(model)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(values))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


class _Loaded:
    """The reads the deadline engine makes of a store (a case, its events, its contacts),
    answered from rows loaded for a batch of cases in a few queries on one connection. Anything
    else is passed on to the store itself."""

    def __init__(self, store: Store, conn: Connection, case_ids: list[str]) -> None:
        self._store = store
        cases = {
            r.id: dict(r._mapping)
            for r in conn.execute(select(t.cases).where(t.cases.c.id.in_(case_ids)))
        }
        self.ids = sorted(cases)
        parties = conn.execute(select(t.parties).where(t.parties.c.case_id.in_(case_ids)))
        for p in parties:
            data = cases[p.case_id]
            for f, col in PARTY_FIELDS[p.role].items():
                data[f] = getattr(p, col)
        self._cases = {cid: _case(data) for cid, data in cases.items()}
        self._events = _events(conn, case_ids)
        self._comms = _communications(conn, case_ids)
        a = t.audit
        q = (
            select(a.c.case_id, a.c.actor)
            .where(a.c.case_id.in_(case_ids), a.c.action == "create")
            .order_by(a.c.id)
        )
        self.created_by: dict[str, str] = {}
        for case_id, actor in plain_rows(conn, q):
            self.created_by.setdefault(case_id, actor)
        # The advocate's settled and dismissed clocks (#15), which the deadline engine applies.
        st = t.clock_settlements
        q = select(st).where(st.c.case_id.in_(case_ids), st.c.undone_at.is_(None))
        self._settled: dict[str, list[Any]] = defaultdict(list)
        for r in conn.execute(q.order_by(st.c.id)).all():
            self._settled[r.case_id].append(r)

    def get_case(self, case_id: str) -> Case:
        return self._cases[case_id]

    def list_events(self, case_id: str) -> list[Event]:
        return list(self._events.get(case_id, ()))

    def list_communications(self, case_id: str) -> list[Communication]:
        return list(self._comms.get(case_id, ()))

    def settlement_rows(self, case_id: str) -> list[Any]:
        """The live settlement rows of a case, by id (``Store.settlement_rows`` without a query
        per case)."""
        return self._settled.get(case_id, [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


# Rows the register wrote were validated on the way in: the models are built without validating
# again (the validators parse free-form input and dominated a rebuild).


def _events(conn: Connection, case_ids: list[str]) -> dict[str, list[Event]]:
    """The events of these cases, by case, in time order."""
    out: dict[str, list[Event]] = defaultdict(list)
    e = t.events
    q = select(*_columns(e, _EVENT_FIELDS)).where(e.c.case_id.in_(case_ids))
    for id_, case_id, at, kind, actor, text, source in plain_rows(
        conn, q.order_by(e.c.case_id, e.c.at, e.c.id)
    ):
        data = {
            "id": id_,
            "case_id": case_id,
            "at": _when(at),
            "kind": _KINDS[kind],
            "actor": _ACTORS[actor],
            "text": text,
            "source": source,
        }
        out[case_id].append(_trusted(Event, data))
    return out


def _communications(conn: Connection, case_ids: list[str]) -> dict[str, list[Communication]]:
    """The contacts of these cases, by case, in time order."""
    out: dict[str, list[Communication]] = defaultdict(list)
    m = t.communications
    q = select(*_columns(m, _COMM_FIELDS)).where(m.c.case_id.in_(case_ids))
    for r in plain_rows(conn, q.order_by(m.c.case_id, m.c.at, m.c.id)):
        due, follow = r[9], r[10]
        data = {
            "id": r[0],
            "case_id": r[1],
            "at": _when(r[2]),
            "counterpart": r[3],
            "counterpart_kind": _ACTORS[r[4]],
            "channel": _CHANNELS[r[5]],
            "direction": r[6],
            "ref": r[7],
            "summary": r[8],
            "response_due": date.fromisoformat(due) if due else None,
            "follow_up": date.fromisoformat(follow) if follow else None,
        }
        out[r[1]].append(_trusted(Communication, data))
    return out


def _case(data: dict[str, Any]) -> Case:
    fen = data.pop("amount_paid_fen")
    data["amount_paid"] = None if fen is None else from_fen(fen)
    try:  # the stored ISO text, read exactly; anything else is left for the model to report
        data["created_at"] = _when(data["created_at"])
        data["updated_at"] = _when(data["updated_at"])
        if data.get("purchase_date"):
            data["purchase_date"] = date.fromisoformat(data["purchase_date"])
    except (TypeError, ValueError):
        pass
    with _row_of(data["id"]):  # a damaged row is named with its field, as get_case names it
        return Case.model_validate(data)


def plain_rows(conn: Connection, q: Any) -> list[tuple[Any, ...]]:
    """The DBAPI's own row tuples: thousands of rows of plain text need none of the Row
    machinery (every column read here is text or an integer, with nothing to convert)."""
    result = conn.execute(q)
    try:
        return list(result.cursor.fetchall())  # type: ignore[union-attr]
    finally:
        result.close()
