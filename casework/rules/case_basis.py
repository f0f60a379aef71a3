"""The legal basis of a case (案件的法律依据): every article its clocks, route and claims rely on,
each once, for the report.

It reads all three engines — deadlines, routing and damages (with the case's money trail) — so it
sits above them; ``rules.citations`` below holds what a citation is (#16).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .case_damages import damages
from .citations import Citation, dedupe
from .deadlines import deadlines_for
from .routing import route

if TYPE_CHECKING:
    from ..store import Store


def citations(store: Store, case_id: str, today: Any = None) -> list[Citation]:
    """The legal basis for the case's report: every article its clocks, route and claims rely on."""
    found: list[Citation] = []
    for d in deadlines_for(store, case_id, today=today):
        if d.status != "not_applicable":
            found.extend(d.citations)
    plan = route(store, case_id, today=today)
    for step in plan.steps:
        # The stops the case has reached and the next one; later rungs are advice, not basis.
        if step.reached or step.id == plan.next:
            found.extend(step.citations)
    if plan.report_track is not None:
        found.extend(plan.report_track.citations)
    found.extend(plan.citations)
    for line in damages(store, case_id).lines:
        if line.applies != "no":
            found.extend(line.citations)
    return dedupe(found)
