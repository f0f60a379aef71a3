"""The shape of the package, read from its source with ``ast`` (#16).

* No import circle: every ``import`` of the package — at module level *and* inside functions — is an
  edge, and the graph must have no cycle. An import inside a function still runs; moving it there
  only hides a circle from Python, not from the next reader.
* No module over 500 lines, no function over 60 lines, apart from today's offenders listed below.
* Function-level imports that close a circle are listed, and the list may only shrink. Lazy imports
  of heavy third-party libraries (pandas, matplotlib, nbconvert, weasyprint…) for start-up speed
  are fine: they are not edges of this graph.

The allow-lists below may only shrink: split an offender and delete its line; never add one.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "casework"

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60

# Today's offenders (2026-12-01), with their length then. This list may only shrink.
MODULES_OVER: set[str] = set()  # empty since 2026-12-02: keep it so

# A landed migration is history and is never edited, however long its upgrade().
MIGRATIONS = "casework.store.migrations.versions."

# Today's offenders (2026-12-01), as module:qualified.name, with their length then. This list may only shrink.
FUNCTIONS_OVER: set[str] = set()  # empty since 2026-12-02: keep it so

# Imports inside functions between modules that reach one another (2026-12-01): each one closes a
# circle that Python only survives because the import runs late. This list may only shrink.
CIRCLE_CLOSERS: set[str] = set()  # empty since 2026-12-02: keep it so


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module, dotted
    line: int
    inner: bool  # inside a function
    named: str  # the module the statement names (``target`` may be one of its packages)

    @property
    def key(self) -> str:
        return f"{self.source} -> {self.named}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, inner: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement that runs, with whether it sits inside a function."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for sub in child.orelse:  # only the ``else`` branch runs
                yield from _walk(sub, inner)
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, inner
        yield from _walk(child, inner or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))


def _absolute(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _with_ancestors(target: str, source: str) -> Iterator[str]:
    """``a.b.c`` runs ``a`` and ``a.b`` first, except the packages ``source`` itself lives in
    (those are already being imported when ``source`` runs)."""
    parts = target.split(".")
    own = source.split(".")
    for n in range(1, len(parts) + 1):
        name = ".".join(parts[:n])
        if parts[:n] != own[:n] or n == len(parts):
            yield name


@cache
def reexports(package: str) -> dict[str, str]:
    """Name → the submodule it comes from, for each name ``package/__init__.py`` imports from one
    of its modules — at module level, or under TYPE_CHECKING for a package that imports on first
    use (``casework.report``, ``casework.evidence``)."""
    path = modules().get(package)
    if path is None or path.name != "__init__.py":
        return {}
    found = {}
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                found[alias.asname or alias.name] = f"{package}.{node.module}"
    return found


@cache
def imports() -> list[Import]:
    known = modules()
    found: list[Import] = []
    for source, path in known.items():
        tree = parsed(path)
        is_package = path.name == "__init__.py"
        for node, inner in _walk(tree, False):
            named: list[str] = []  # the modules the statement names
            held: list[str] = []  # modules that run for the names a package re-exports
            if isinstance(node, ast.Import):
                named = [a.name for a in node.names]
            else:
                base = _absolute(source, is_package, node)
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
                # ``from . import frame`` names a sibling module, not the package's own namespace
                siblings = len(subs) == len(node.names) and source.startswith(f"{base}.")
                named = subs if siblings else [base, *subs]
                # a name a package re-exports (eagerly or on first use) runs the module holding it
                held = [h for a in node.names if (h := reexports(base).get(a.name)) is not None]
            for target, key in [(n, n) for n in named] + [(h, named[0]) for h in held]:
                for name in _with_ancestors(target, source):
                    if name in known and name != source:
                        found.append(Import(source, name, node.lineno, inner, key))
    return found


def find_cycles(edges: list[Import]) -> list[tuple[set[str], list[Import]]]:
    """Each tangle of modules that reach one another (a strongly connected component, Tarjan),
    with one shortest circle through it as the import lines that close it."""
    graph: dict[str, dict[str, Import]] = {}
    for edge in edges:
        graph.setdefault(edge.source, {}).setdefault(edge.target, edge)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [(component, _one_cycle(graph, component)) for component in components]


def _one_cycle(graph: dict[str, dict[str, Import]], component: set[str]) -> list[Import]:
    """The shortest way from the component's first module back to itself (breadth first)."""
    start = min(component)
    back: dict[str, Import] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt, edge in sorted(graph.get(node, {}).items()):
                if nxt not in component:
                    continue
                if nxt == start:
                    path = [edge]
                    while path[0].source != start:
                        path.insert(0, back[path[0].source])
                    return path
                if nxt not in back:
                    back[nxt] = edge
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a component of size > 1 always has one


def describe(component: set[str], cycle: list[Import]) -> str:
    steps = [
        f"{e.source}:{e.line} → {e.target}" + (" (inside a function)" if e.inner else "")
        for e in cycle
    ]
    return f"{len(component)} modules: {', '.join(sorted(component))}\n  e.g. " + "\n       ".join(
        steps
    )


def test_the_import_graph_has_no_circle() -> None:
    edges = [e for e in imports() if not (e.inner and e.key in CIRCLE_CLOSERS)]
    cycles = find_cycles(edges)
    assert not cycles, "import circles:\n" + "\n".join(describe(*c) for c in cycles)


def circle_closers() -> set[str]:
    """Function-level imports whose target reaches back to the importing module."""
    edges = imports()
    tangles = [component for component, _ in find_cycles(edges)]
    return {
        e.key for e in edges if e.inner and any(e.source in t and e.target in t for t in tangles)
    }


def test_the_circle_closers_only_shrink() -> None:
    """An entry whose circle is gone leaves the list in the same commit, so the count is honest."""
    stale = CIRCLE_CLOSERS - circle_closers()
    assert not stale, (
        f"these imports no longer close a circle, delete them from the list: {sorted(stale)}"
    )


def test_the_cycle_finder_sees_a_circle_hidden_in_a_function(tmp_path: Path) -> None:
    """The finder itself can fail: a circle closed by an import inside a function is found."""
    edges = [
        Import("a", "b", 1, False, "b"),
        Import("b", "c", 2, False, "c"),
        Import("c", "a", 9, True, "a"),
    ]
    ((component, cycle),) = find_cycles(edges)
    assert component == {"a", "b", "c"}
    assert [e.source for e in cycle] == ["a", "b", "c"]
    assert "(inside a function)" in describe(component, cycle)
    assert not find_cycles(edges[:2])


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def _lines(node: ast.AST) -> int:
    end = getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]
    return int(end) - int(node.lineno) + 1  # type: ignore[attr-defined]


def big_modules() -> dict[str, int]:
    found = {}
    for path in modules().values():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            found[path.relative_to(ROOT).as_posix()] = lines
    return found


def big_functions() -> dict[str, int]:
    found = {}
    for name, path in modules().items():
        if name.startswith(MIGRATIONS):
            continue
        tree = parsed(path)
        for qualified, node in _functions(tree):
            lines = _lines(node)
            if lines > MAX_FUNCTION_LINES:
                found[f"{name}:{qualified}"] = lines
    return found


def test_no_module_over_500_lines_outside_the_allow_list() -> None:
    found = big_modules()
    new = {m: n for m, n in found.items() if m not in MODULES_OVER}
    assert not new, f"modules over {MAX_MODULE_LINES} lines (split them): {new}"


def test_no_function_over_60_lines_outside_the_allow_list() -> None:
    found = big_functions()
    new = {f: n for f, n in sorted(found.items()) if f not in FUNCTIONS_OVER}
    assert not new, (
        f"functions over {MAX_FUNCTION_LINES} lines (split them into named steps): {new}"
    )


def test_the_size_allow_lists_only_hold_offenders() -> None:
    """A module or function split below the limit leaves the list in the same commit."""
    gone_modules = MODULES_OVER - set(big_modules())
    gone_functions = FUNCTIONS_OVER - set(big_functions())
    assert not gone_modules and not gone_functions, (
        f"no longer over the limit, delete from the allow-list: {sorted(gone_modules | gone_functions)}"
    )


def test_import_casework_cli_leaves_the_heavy_libraries_alone() -> None:
    """The command starts fast: pandas, matplotlib and nbconvert load inside the commands that
    use them, never at ``import casework.cli`` (#16). A fresh interpreter, so nothing is cached."""
    heavy = ["pandas", "matplotlib", "nbconvert", "papermill", "weasyprint", "PIL"]
    code = f"import sys, casework.cli; print([m for m in {heavy!r} if m in sys.modules])"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", f"import casework.cli loaded {out.stdout.strip()}"
