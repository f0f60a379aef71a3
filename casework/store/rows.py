"""A register row as one of the package's dataclasses: each field from the column of its name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def as_record(cls: type[R], row: Mapping[str, Any], **given: Any) -> R:
    """``cls`` from ``row``: a field takes the column of its name, unless it is ``given`` (parsed,
    computed, or kept elsewhere in the row); a field with neither keeps its default."""
    taken = {f.name: row[f.name] for f in fields(cls) if f.name not in given and f.name in row}
    return cls(**taken, **given)
