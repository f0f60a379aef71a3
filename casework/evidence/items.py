"""Evidence items (证据) as the register holds them: adding and listing them (添加证据 / 证据列表).

:func:`add_evidence` records what 证据规定 Art. 93 and C.3 of the domain notes ask for — hash, size,
type, original name, captured when / by whom / how / from where — stores the file read-only under
its hash, and writes the item, its custody entry and an audit row in one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict, Unpack

from sqlalchemy import Connection

from ..cases import parse_datetime
from ..errors import InvalidInput, NotFound
from ..store import Store
from ..store import evidence as sql
from ..store.rows import as_record
from . import custody, files
from . import facts as words
from .content import content_for
from .names import display_name, storable_name
from .types import EvidenceType


@dataclass
class EvidenceItem:
    """One evidence item as the register holds it. The file is at :meth:`path`."""

    id: int
    case_id: str
    sha256: str
    type: EvidenceType
    original_name: str
    display_name: str
    stored_name: str
    size: int
    mime: str = ""
    description: str = ""
    proves: str = ""
    note: str = ""
    captured_at: str | None = None
    captured_by: str = ""
    captured_how: str = ""
    captured_from: str = ""
    derived_from: int | None = None
    events: list[int] = field(default_factory=list)
    #: EXIF of a photo: datetime_original, make, model, has_gps, width, height (may be empty).
    exif: dict[str, Any] = field(default_factory=dict)
    added_at: str = ""
    added_by: str = ""
    #: True when :func:`add_evidence` found the same file already in the case (not stored again).
    duplicate: bool = False
    #: What casework said of an item it added (a bill, an excerpt), as :mod:`.facts` keeps it.
    facts: dict[str, Any] = field(default_factory=dict)

    def path(self, store: Store) -> Path:
        """A local read-only file with the content: the evidence folder (SQLite) or the local
        cache of the register's content (PostgreSQL)."""
        return content_for(store).local_path(self.sha256)

    def described(self, lang: str = "zh") -> str:
        """The description in the reader's language (from the facts, else the language's half
        of an older "中文 / English" text, else as the advocate wrote it)."""
        return words.describe(self.facts, lang) or words.half(self.description, lang)

    def proves_in(self, lang: str = "zh") -> str:
        """What the item proves, in the reader's language, as :meth:`described`."""
        return words.proves(self.facts, lang) or words.half(self.proves, lang)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["type"] = self.type.value
        data["type_zh"] = self.type.zh
        return data


def _item(row: dict[str, Any], *, duplicate: bool = False) -> EvidenceItem:
    data = row.get("data") or {}
    return as_record(
        EvidenceItem,
        row,
        type=EvidenceType.parse(row["type"]),
        display_name=display_name(row["original_name"]),
        note=data.get("note", ""),
        events=list(data.get("events", [])),
        exif=dict(data.get("exif", {})),
        facts=dict(data.get("facts", {})),
        duplicate=duplicate,
    )


@dataclass(frozen=True)
class EvidenceFields:
    """What is said of an evidence item besides its file: what it shows (证据名称/内容) and proves
    (证明目的), a note, when / by whom / how / from where it was captured (证据规定 Art. 93), the
    item it derives from (a crop, a redacted copy, OCR text) and the case events it documents."""

    description: str = ""
    proves: str = ""
    note: str = ""
    captured_at: datetime | str | None = None
    captured_by: str = ""
    captured_how: str = ""
    captured_from: str = ""
    derived_from: int | None = None
    events: Iterable[int] = ()
    #: Set by casework for what it adds itself (:func:`.facts.facts`): the description and what
    #: it proves are then the facts' words (stored in Chinese), in any reader's language.
    facts: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", tuple(self.events))  # a generator is read once


class Described(TypedDict, total=False):
    """:class:`EvidenceFields` as keywords of :func:`add_evidence` (``description="…"``)."""

    description: str
    proves: str
    note: str
    captured_at: datetime | str | None
    captured_by: str
    captured_how: str
    captured_from: str
    derived_from: int | None
    events: Iterable[int]


@dataclass
class Pending:
    """A file read, hashed and staged, waiting to be recorded inside a write transaction.

    :func:`staged_evidence` makes one; :meth:`record` writes the item, its content, its custody
    entry and its audit row on the caller's connection, so an import can commit its bill rows
    and the bill's evidence item together (or neither).
    """

    store: Store
    case_id: str
    kind: EvidenceType
    given: str
    staged: files.Staged
    exif: dict[str, Any]
    fields: EvidenceFields  # checked: ``captured_at`` ISO text or None, ``events`` ints

    def record(self, conn: Connection) -> EvidenceItem:
        store, case_id, staged = self.store, self.case_id, self.staged
        content = content_for(store)
        sql.lock_case(conn, case_id)
        existing = sql.find_by_sha(conn, case_id, staged.sha256)
        if existing is not None:
            content.put(conn, staged)  # heal missing content from the same bytes
            return _item(existing, duplicate=True)
        row = self._row(conn)
        derived_from, original = row["derived_from"], row["original_name"]
        new_id = sql.insert_row(conn, row)
        action = "derive" if derived_from is not None else "add"
        custody.append(
            store,
            conn,
            case_id,
            action,
            add_detail(row),
            evidence_id=new_id,
        )
        store.log(
            conn,
            case_id,
            f"evidence.{action}",
            None,
            {"id": new_id, "sha256": staged.sha256, "type": self.kind.value, "name": original},
        )
        store.touch(conn, case_id)
        # The content goes in inside the transaction: if storing it fails, no row is
        # committed; if the commit fails, a placed file is an unreferenced, complete copy.
        content.put(conn, staged)
        return _item(row | {"id": new_id})

    def _row(self, conn: Connection) -> dict[str, Any]:
        """The evidence row to insert; a ``derived_from`` must be an item of the same case."""
        f, case_id, staged = self.fields, self.case_id, self.staged
        if f.derived_from is not None:
            parent = sql.get_row(conn, f.derived_from)
            if parent is None or parent["case_id"] != case_id:
                raise NotFound(
                    f"案件 {case_id} 中没有编号为 {f.derived_from} 的证据",
                    f"case {case_id} has no evidence item {f.derived_from}",
                    where="derived_from",
                )
        original = storable_name(self.given)
        return {
            "case_id": case_id,
            "sha256": staged.sha256,
            "type": self.kind.value,
            "original_name": original,
            "stored_name": files.stored_name(staged.sha256),
            "size": staged.size,
            "mime": files.guess_mime(original, staged.head),
            "description": f.description.strip(),
            "proves": f.proves.strip(),
            "captured_at": f.captured_at,
            "captured_by": f.captured_by.strip(),
            "captured_how": f.captured_how.strip(),
            "captured_from": f.captured_from.strip(),
            "derived_from": f.derived_from,
            "added_at": self.store.now(),
            "added_by": self.store.actor,
            "data": {"note": f.note.strip(), "events": list(f.events), "exif": self.exif}
            | ({"facts": f.facts} if f.facts else {}),
        }


def add_detail(row: dict[str, Any]) -> dict[str, Any]:
    """What an ``add`` / ``derive`` custody entry records of its evidence row."""
    return {
        "sha256": row["sha256"],
        "type": row["type"],
        "name": row["original_name"],
        "size": row["size"],
        "description": row["description"],
        "captured_at": row["captured_at"],
        "derived_from": row["derived_from"],
        # Seals the register row: a later edit of these fields, or deleting the row, no
        # longer matches this entry (and the entry cannot change without breaking the chain).
        "row_sha256": custody.row_hash(row),
    }


@contextmanager
def staged_evidence(
    store: Store,
    case_id: str,
    path_or_bytes: str | os.PathLike[str] | bytes,
    *,
    type: EvidenceType | str,
    name: str | None = None,
    fields: EvidenceFields = EvidenceFields(),
    max_bytes: int | None = None,
) -> Iterator[Pending]:
    """Check and stage a file as evidence; record it with ``pending.record(conn)`` inside a
    ``store.write()`` of the caller's. The staged copy is dropped when the block ends."""
    kind = EvidenceType.parse(type)
    store.get_case(case_id)  # NotFound before any file is read
    store.check_writable()  # a read-only register: say so before staging anything
    limit = files.max_bytes(max_bytes)
    if isinstance(path_or_bytes, bytes | bytearray):
        source: Path | bytes = bytes(path_or_bytes)
        given = name if name is not None else ""
        where = f"{case_id}: {display_name(given)}"
    else:
        source = Path(path_or_bytes)
        given = name if name is not None else os.fsdecode(source.name)
        where = str(source)
        files.check_source(source, limit)
    at = fields.captured_at
    when = None if at in (None, "") else parse_datetime(at, field="captured_at")
    event_ids = tuple(int(e) for e in fields.events)
    if event_ids:
        check_events(store, case_id, event_ids)
    checked = replace(
        fields,
        captured_at=when.isoformat() if when else None,
        events=event_ids,
        description=fields.description or words.describe(fields.facts, "zh") or "",
        proves=fields.proves or words.proves(fields.facts, "zh") or "",
    )
    with files.staged(store.home, source, where, limit) as staged:
        exif = files.photo_metadata(staged.tmp, staged.head)
        yield Pending(store, case_id, kind, given, staged, exif, checked)


def add_evidence(
    store: Store,
    case_id: str,
    path_or_bytes: str | os.PathLike[str] | bytes,
    *,
    type: EvidenceType | str,
    name: str | None = None,
    fields: EvidenceFields | None = None,
    max_bytes: int | None = None,
    **described: Unpack[Described],
) -> EvidenceItem:
    """Store a file as evidence of a case and return its item.

    ``path_or_bytes`` is a path or the file's bytes (then give ``name``). What is said of it comes
    as ``fields`` or, the same, as its keywords (``description="…", derived_from=3``). The same
    content already in the case is not stored again: its item comes back with ``duplicate=True``.
    The same content in another case is kept once and gets its own item here. ``derived_from``
    links a crop, a redacted copy or OCR text to its original item (recorded as a ``derive``
    custody entry). A zero-byte, unreadable or too large file (``max_bytes``, else
    ``CASEWORK_MAX_EVIDENCE_MB``, else 200 MB), a file that changes while it is read, or an
    unknown type, raises a bilingual error and nothing is stored.
    """
    if fields is not None and described:
        raise TypeError("add_evidence: give fields= or its keywords, not both")
    given = fields if fields is not None else EvidenceFields(**described)
    with (
        staged_evidence(
            store, case_id, path_or_bytes, type=type, name=name, fields=given, max_bytes=max_bytes
        ) as pending,
        store.write() as conn,
    ):
        return pending.record(conn)


def list_evidence(store: Store, case_id: str) -> list[EvidenceItem]:
    """The case's evidence items in the order they were added."""
    store.get_case(case_id)
    with store.read() as conn:
        return [_item(r) for r in sql.list_rows(conn, case_id)]


def get_evidence(store: Store, evidence_id: int) -> EvidenceItem:
    with store.read() as conn:
        row = sql.get_row(conn, evidence_id)
    if row is None:
        raise NotFound(
            f"没有编号为 {evidence_id} 的证据", f"no evidence item {evidence_id}", where="evidence"
        )
    return _item(row)


def check_events(store: Store, case_id: str, event_ids: Iterable[int]) -> None:
    """Refuse links to events that are not in the case."""
    known = {e.id for e in store.list_events(case_id)}
    for eid in event_ids:
        if eid not in known:
            raise InvalidInput(
                f"案件 {case_id} 中没有编号为 {eid} 的事件",
                f"case {case_id} has no event {eid}",
                field="events",
            )
