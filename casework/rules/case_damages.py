"""The damages of a case in the register (案件的赔偿计算): :func:`casework.rules.damages.calculate`
given the case and the refunds its imported bills show (资金往来 = the money trail).

The calculator is pure and sits below the register; the money trail is read from the register
through ``casework.records``, so asking it for a case lives here, above both (#16).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import CaseworkError, InvalidInput
from ..money import CENT, parse_amount
from ..records import money_trail
from .damages import DamagesResult, calculate

if TYPE_CHECKING:
    from ..store import Store


def _money(value: Decimal | str | int | None, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    amount = parse_amount(value, field=name)
    if amount < 0:
        raise InvalidInput(f"{name} 不能为负", f"{name} must not be negative", field=name)
    return amount


def _received(store: Store, case_id: str) -> Decimal | None:
    """Refunds already received, from the imported bills' money trail (资金往来)."""
    try:
        refunded = money_trail(store, case_id).totals.get("refunded")
    except CaseworkError:
        return None
    return None if refunded is None else Decimal(refunded).quantize(CENT)


def damages(store: Store, case_id: str, **facts: Any) -> DamagesResult:
    """The damages for a case; ``facts`` are the keyword arguments of :func:`calculate`
    (``food``, ``fraud``, ``loss``, ``shipping``, ``gift_value``, ``card_fee``, ``received``,
    ``injury``, ``price``). Refunds received default to the imported bills' money trail."""
    case = store.get_case(case_id)
    for name in ("price", "loss", "shipping", "gift_value", "card_fee", "received", "overcharge"):
        if name in facts:
            facts[name] = _money(facts[name], name)
    if facts.get("received") is None:
        facts["received"] = _received(store, case_id)
    return calculate(case, **facts)
