"""No import cycle inside the package: the module-level imports form a directed acyclic graph.

Each module of ``collective_ai`` is read with :mod:`ast` (nothing is imported). An edge
runs from a module to every package module its module-level imports execute: the module
named, and the packages above it (their ``__init__`` runs first), except the importer's
own parent packages, which are already loading. Imports inside functions are deferred and
not edges (CONTRIBUTING, "Deferred imports").
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "collective_ai"


def module_names() -> dict[str, Path]:
    names = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def module_level_imports(tree: ast.Module, *, module: str, is_package: bool):
    """Absolute names imported by statements that run when the module is imported."""
    here = module if is_package else module.rpartition(".")[0]
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue  # a deferred import: runs when called, not when imported
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            for alias in node.names:
                yield f"{base}.{alias.name}"  # kept only if it is a module
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        own_parents = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        for target in module_level_imports(
            tree, module=name, is_package=path.name == "__init__.py"
        ):
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                if prefix in modules and prefix != name and prefix not in own_parents:
                    graph[name].add(prefix)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 50  # every module was found
    assert "collective_ai.demands.registry" in graph["collective_ai.demands.fields"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
    ],
)
def test_find_cycle_finds_a_cycle_when_there_is_one(graph, cycle):
    assert find_cycle(graph) == cycle


def test_imports_inside_functions_are_deferred_and_not_edges():
    tree = ast.parse(
        "import os\nfrom . import sibling\nif True:\n    import json\n"
        "def later():\n    import yaml\n"
    )
    found = set(module_level_imports(tree, module="pkg.mod", is_package=False))
    assert found == {"os", "pkg", "pkg.sibling", "json"}
