"""A panel that follows the workbook's language switch: rebuilt in the new language in place, with
what the advocate had typed carried over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from .common import Session


class Live(w.VBox):
    """A panel that is rebuilt in the session's language when the language switch changes it
    (the switch in the picker's header), so no cell has to be re-run."""

    def __init__(self, session: Session, build: Callable[[str], Any]) -> None:
        self.session = session
        self.build = build
        self.view = build(session.lang)
        super().__init__(children=[self.view])
        session.observe(self._relabel, names="lang")

    def _relabel(self, change: Any) -> None:
        old = self.view
        typed = _inputs(old)
        self.view = self.build(change["new"])
        _carry(typed, _inputs(self.view))
        self.children = [self.view]
        if hasattr(old, "dispose"):
            old.dispose()

    def dispose(self) -> None:
        try:
            self.session.unobserve(self._relabel, names="lang")
        except ValueError:
            pass
        if hasattr(self.view, "dispose"):
            self.view.dispose()
        self.close()


#: Inputs whose value the advocate types or picks; the language switch carries them into the
#: rebuilt panel. Toggle buttons are left out: the language switch is one of them.
_TYPED = (
    w.Text,
    w.Textarea,
    w.Combobox,
    w.Dropdown,
    w.Checkbox,
    w.DatePicker,
    w.IntText,
    w.FloatText,
    w.BoundedIntText,
    w.BoundedFloatText,
    w.SelectMultiple,
)


def _inputs(widget: Any) -> list[Any]:
    """The typed inputs of a panel in layout order (depth first through its boxes)."""
    found: list[Any] = []
    stack = [widget]
    while stack:
        node = stack.pop()
        if isinstance(node, _TYPED):
            found.append(node)
        stack.extend(reversed(getattr(node, "children", ()) or ()))
    return found


def _carry(old: list[Any], new: list[Any]) -> None:
    """Put what was typed in the old panel into the same inputs of the rebuilt one, so switching
    the language never loses unsaved text. The panel is built the same way in either language;
    if its inputs differ (a case was opened meanwhile), nothing is carried rather than guessed."""
    if [type(x) for x in old] != [type(x) for x in new]:
        return
    for before, after in zip(old, new, strict=True):
        if before.value == after.value:
            continue
        try:
            after.value = before.value
        except Exception:  # a choice the rebuilt panel no longer offers stays as built
            continue
