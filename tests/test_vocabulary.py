"""One vocabulary (#16): every state a user reads — a clock's 已逾期, a damages line's 可能适用, a
consent's 已撤回 — is defined once, in casework/vocabulary.py, and the faces (cli, ui, report) take
it from there. A face that writes such a word as its own literal is a second copy that will drift
(the deadline status once existed five times in two wordings); this test names it.

Common nouns that double as column headers (平台, 商家) are not states and are not checked."""

from __future__ import annotations

import ast
from pathlib import Path

from casework import vocabulary as v

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "casework"

#: The vocabularies of states: what a status column or a verdict says.
STATES = ("ClockState", "Applies", "DeadlineStatus", "DueStatus", "ReviewLevel", "ConsentState")

#: Copies that were still in a face when the test came (2026-12-01). It may only shrink.
ALLOWED: set[tuple[str, str]] = set()  # empty since 2026-12-02: keep it so


def state_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for cls in STATES:
        for key, (zh, _en) in v._WORDS[cls].items():
            words.setdefault(zh, f"{cls}.{key}")
    return words


def copies() -> set[tuple[str, str]]:
    """(module path, word) for every string literal outside the vocabulary equal to a state word."""
    words = state_words()
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("casework/vocabulary.py", "casework/kinds.py"):  # the two vocabularies
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value in words:
                    found.add((rel, node.value))
    return found


def test_each_state_word_is_defined_once() -> None:
    words = state_words()
    assert words, "the vocabulary has no states"
    new = copies() - ALLOWED
    assert not new, "a face writes its own copy of a vocabulary word; use casework.vocabulary: " + (
        "; ".join(f"{p}: {w!r} ({words[w]})" for p, w in sorted(new))
    )


def test_the_allow_list_only_shrinks() -> None:
    stale = ALLOWED - copies()
    assert not stale, f"no longer a copy, delete from ALLOWED: {sorted(stale)}"


def test_the_check_catches_a_copy(tmp_path: Path) -> None:
    """The scan sees a literal the way a face would write it (the test can fail)."""
    word = v.ClockState.OVERDUE.zh
    tree = ast.parse(f"STATUS = {{'overdue': {word!r}}}")
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert word in literals and word in state_words()
