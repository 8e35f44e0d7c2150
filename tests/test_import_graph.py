"""The import graph of the vcbook package has no cycle, so every package reads bottom-up.

The graph is read from the source with ``ast`` (nothing is imported). An edge A → B means that
module A imports module B somewhere: at module level or inside a function (a deferred import is
still a dependency). Names are resolved as Python does: ``from . import x`` and other relative
imports against A's package; ``from pkg import name`` is an edge to the submodule ``pkg.name``
when that is a module, else to ``pkg`` itself (its ``__init__``); ``import a.b.c`` is an edge to
``a.b.c``. Parent packages, which Python initialises first anyway, are not edges of their own.
Imports through ``importlib`` are not seen.

``tests/fixtures/cyclic_pkg`` is a package with a cycle, so we know the check can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cyclic_pkg"


def modules(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file of ``package`` (a directory)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str, known) -> str | None:
    """The longest prefix of the dotted ``name`` that is one of the ``known`` modules."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str, path: Path, known) -> set[str]:
    """The modules of ``known`` that ``module`` (the source file ``path``) imports, anywhere."""
    is_package = path.name == "__init__.py"
    edges = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".")
                drop = node.level - 1 if is_package else node.level
                base = ".".join(anchor[:len(anchor) - drop])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is not None and resolved != module:
                edges.add(resolved)
    return edges


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    known = modules(package)
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a list of modules, first = last) for each tangle: a shortest cycle through
    the first module of each ``tangles(graph)`` component."""
    return [_cycle_in(component, graph) for component in tangles(graph)]


def tangles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm,
    iterative): within one, every module imports every other, directly or not."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return components


def _cycle_in(component: set[str], graph) -> list[str]:
    """A shortest cycle through the smallest name of a strongly connected component."""
    start = min(component)
    previous, frontier = {start: None}, [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & component):
                if child == start:
                    path = [node]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError("a strongly connected component without a cycle")  # unreachable


def describe(graph: dict[str, set[str]]) -> str:
    """Each tangle of ``graph``: one cycle, then all the modules caught in it."""
    return "\n".join(f"{' -> '.join(_cycle_in(tangle, graph))}  (tangled: "
                     f"{', '.join(sorted(tangle))})" for tangle in tangles(graph))


def test_the_vcbook_package_has_no_import_cycle():
    graph = import_graph(ROOT / "vcbook")
    assert not cycles(graph), ("import cycles (A -> B: A imports B, perhaps inside a "
                               "function):\n" + describe(graph))


def test_the_autodiff_package_reads_bottom_up():
    """The layers of vcbook.autodiff, lowest first: a module imports only earlier ones."""
    layers = ["arrays", "registry", "formatting", "composites", "node", "xp", "rule", "rules",
              "forward", "reverse", "api", "check", "evaltrace", "draw"]
    graph = import_graph(ROOT / "vcbook")
    names = {f"vcbook.autodiff.{name}" for name in layers}
    assert {m for m in graph if m.startswith("vcbook.autodiff.")} == names
    for k, name in enumerate(layers):
        below = {f"vcbook.autodiff.{n}" for n in layers[:k]}
        inside = {m for m in graph[f"vcbook.autodiff.{name}"] if m.startswith("vcbook.autodiff")}
        assert inside <= below, (name, inside - below)


def test_the_check_finds_the_cycle_of_the_fixture():
    graph = import_graph(FIXTURE)
    assert graph == {
        "cyclic_pkg": {"cyclic_pkg.a"},                  # from cyclic_pkg.a import A
        "cyclic_pkg.a": {"cyclic_pkg.b"},                # from . import b (a submodule)
        "cyclic_pkg.b": {"cyclic_pkg.a"},                # from .a import A, inside a function
        "cyclic_pkg.c": {"cyclic_pkg.sub.d"},            # import cyclic_pkg.sub.d
        "cyclic_pkg.sub": set(),
        "cyclic_pkg.sub.d": {"cyclic_pkg"},              # from .. import VERSION (__init__)
    }
    assert cycles(graph) == [["cyclic_pkg.a", "cyclic_pkg.b", "cyclic_pkg.a"]]
    assert describe(graph) == ("cyclic_pkg.a -> cyclic_pkg.b -> cyclic_pkg.a  "
                               "(tangled: cyclic_pkg.a, cyclic_pkg.b)")


def test_cycles_are_found_in_small_graphs():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    two = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e", "c"}, "e": set()}
    assert sorted(cycles(two)) == [["a", "b", "a"], ["c", "d", "c"]]
    knot = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": {"b"}}  # a shortest cycle is shown
    assert cycles(knot) == [["a", "b", "c", "a"]] and tangles(knot) == [{"a", "b", "c", "d"}]
