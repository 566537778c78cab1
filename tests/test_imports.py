"""The package's imports: no circle, every module importable alone, a light front.

The import graph is read statically from the source (every ``import``, those
inside functions too, but not those under ``if TYPE_CHECKING:``), so a circle
fails here even when no test happens to run the import that closes it.
"""

from __future__ import annotations

import ast
import functools
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import peacetracker

PACKAGE = Path(peacetracker.__file__).parent
SRC = PACKAGE.parent


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name -> (file, is a package)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = getattr(test, "id", None) or getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skip.update(id(n) for n in ast.walk(child))
    return skip


def _imported(name: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The package's modules an import statement in module ``name`` runs."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = (name if is_package else name.rpartition(".")[0]).split(".")
        base = base[: len(base) - (node.level - 1)]
        where = ".".join([*base, node.module] if node.module else base)
    else:
        where = node.module or ""
    # ``from pkg import mod`` imports the module pkg.mod; ``from pkg import name``
    # runs pkg itself (a parent package that is only being initialised is no edge)
    targets = []
    for alias in node.names:
        if f"{where}.{alias.name}" in MODULES:
            targets.append(f"{where}.{alias.name}")
        else:
            targets.append(where)
    return targets


@functools.cache
def _graph() -> dict[str, dict[str, str]]:
    """Module -> {imported module: where (``file:line``)}, inside the package only."""
    graph: dict[str, dict[str, str]] = {}
    for name, (path, is_package) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skip = _type_checking_only(tree)
        edges: dict[str, str] = {}
        for node in ast.walk(tree):
            if id(node) in skip or not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _imported(name, is_package, node):
                if target in MODULES and target != name:
                    edges.setdefault(target, f"{path.relative_to(SRC)}:{node.lineno}")
        graph[name] = edges
    return graph


def import_graph() -> dict[str, dict[str, str]]:
    """Module -> {imported module: where (``file:line``)}, inside the package only."""
    return {name: dict(edges) for name, edges in _graph().items()}


def find_cycle(graph: dict[str, dict[str, str]]) -> list[str] | None:
    """One circle of imports (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in graph[node]:
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state and (found := visit(node)):
            return found
    return None


def _describe(cycle: list[str], graph: dict[str, dict[str, str]]) -> str:
    return "\n".join(f"  {a} -> {b}  ({graph[a][b]})" for a, b in itertools.pairwise(cycle))


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle:\n" + _describe(cycle, graph)


def test_the_cycle_finder_finds_a_cycle_and_names_where():
    graph = {"a": {"b": "a.py:1"}, "b": {"c": "b.py:2"}, "c": {"a": "c.py:3"}, "d": {}}
    cycle = find_cycle(graph)
    assert cycle == ["a", "b", "c", "a"]
    assert "c -> a  (c.py:3)" in _describe(cycle, graph)
    assert find_cycle({"a": {"b": ""}, "b": {}}) is None


def test_the_graph_sees_imports_inside_functions_but_not_type_checking_ones():
    graph = import_graph()
    # inside a method: the dataset asks the analyses lazily
    assert "peacetracker.analysis._core" in graph["peacetracker._dataset"]
    # only under TYPE_CHECKING: analysis names the protocol, never the Dataset class
    assert "peacetracker._dataset" not in graph["peacetracker.analysis.gaps"]


def test_plumbing_imports_nothing_of_the_package():
    graph = import_graph()
    plumbing = [m for m in graph if m.startswith("peacetracker._plumbing")]
    assert plumbing
    for module in plumbing:
        outside = [t for t in graph[module] if not t.startswith("peacetracker._plumbing")]
        assert not outside, f"{module} imports {outside}"


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


_EACH_ALONE = """
import importlib, json, sys, traceback
failed = {}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m == "peacetracker" or m.startswith("peacetracker.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except BaseException:
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps(failed))
"""


def test_each_module_imports_alone():
    """Each module imported first, with no module of the package loaded before it."""
    # (``python -m peacetracker`` runs the CLI on import: test_cli_guard.py runs it)
    names = [m for m in MODULES if not m.endswith("__main__")]
    done = _run(_EACH_ALONE, json.dumps(names))
    assert done.returncode == 0, done.stderr
    failed = json.loads(done.stdout.splitlines()[-1])
    assert not failed, "\n".join(f"{name}:\n{tb}" for name, tb in failed.items())


def test_importing_the_package_loads_neither_numpy_nor_pandas():
    done = _run(
        "import sys, peacetracker\n"
        "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
