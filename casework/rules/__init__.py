"""The legal knowledge as data with citations, and the small engines that read it (规则引擎).

* :func:`deadlines_for` — every clock (期限) of a case with due date, status and citation;
  :func:`ordered` — the clocks in the one order every face shows (overdue, open, met, rest);
* :func:`route` — the first stop and the escalation ladder (维权路径) with triggers;
* :func:`~casework.rules.case_damages.damages` — refund and punitive-damages amounts (赔偿计算),
  in Decimal, with the refunds the case's bills show;
* :func:`~casework.rules.case_basis.citations` — the legal basis (法律依据) of a case, for the report;
* :func:`doubts` — what the rules are not sure of (a text in transition, one-source wording,
  estimated calendar years), for the advocate's review sheet, never for the reader.

The engines are pure and sit below the register, which keeps each case's clocks with every write
(``casework.store.clocks``). The two that read the money trail (``casework.records``, above the
register) are imported from their own modules, not from this package (#16).
"""

from __future__ import annotations

from .citations import Citation
from .damages import DamagesLine, DamagesResult
from .deadlines import Deadline, deadlines_for, deadlines_frame, ordered
from .doubts import Doubt, doubts
from .routing import RoutePlan, RouteStep, route

__all__ = [
    "Citation",
    "DamagesLine",
    "DamagesResult",
    "Deadline",
    "Doubt",
    "RoutePlan",
    "RouteStep",
    "deadlines_for",
    "deadlines_frame",
    "doubts",
    "ordered",
    "route",
]
