"""The README: its Python example runs, the commands it names exist, and its design
table is the map of the package (every module named once, in its layer)."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT
from peacetracker.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_python_example_runs(monkeypatch):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("the example loads a git revision: needs git and a checkout")
    [block] = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    ds = namespace["ds"]
    assert len(ds.stances) > 0 and not ds.gaps().empty


def test_every_command_the_readme_names_exists():
    named = set(re.findall(r"(?:`|bin/)peacetracker (\w+)", README))
    assert {"report", "diff", "check", "add"} <= named
    runner = CliRunner()
    for command in sorted(named):
        result = runner.invoke(main, [command, "--help"], env={**os.environ, "COLUMNS": "100"})
        assert result.exit_code == 0, (command, result.output)


def _design_table() -> list[tuple[str, str]]:
    """(layer, modules cell) for each row of the README's design table."""
    section = README.split("## Design", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]
    return [(cell[0], cell[1]) for cell in cells]


def _named_modules(cell: str) -> list[str]:
    """Module paths a cell names: `x.py` at the package root, or `folder/`
    followed by its members in parentheses (`folder/` (`a`, `b`))."""
    names = []
    for folder, members, single in re.findall(r"`([\w/]+/)`(?: \(([^)]*)\))?|`([\w/]+\.py)`", cell):
        if single:
            names.append(single)
        else:
            names += [f"{folder}{member}" + ("" if member.endswith("/") else ".py")
                      for member in re.findall(r"`([\w/]+)`", members)]
    return names


def test_the_design_table_names_every_module_once_and_only_modules_that_exist():
    package = ROOT / "src" / "peacetracker"
    modules = {path.relative_to(package).as_posix() for path in package.rglob("*.py")
               if "__pycache__" not in path.parts
               and not (path.name == "__init__.py" and path.parent != package)}
    named = [name for _, cell in _design_table() for name in _named_modules(cell)]
    assert len(named) > 20
    assert not [name for name in named if not (package / name).exists()], "named but missing"
    assert sorted(name for name in set(named) if named.count(name) > 1) == [], "named twice"
    assert sorted(modules - set(named)) == [], "modules the design table does not name"


def _row_of_module() -> dict[str, int]:
    """Dotted module name -> the index of its row in the design table (a
    subpackage's ``__init__`` belongs to its folder's row)."""
    rows: dict[str, int] = {}
    for index, (_, cell) in enumerate(_design_table()):
        for name in _named_modules(cell):
            if name.endswith("/"):
                continue  # a folder of templates, not a module
            parts = name.removesuffix(".py").split("/")
            if parts[-1] == "__init__":
                parts.pop()
            rows[".".join(["peacetracker", *parts])] = index
            if len(parts) > 1:
                rows[".".join(["peacetracker", *parts[:-1]])] = index
    return rows


def test_every_module_imports_only_its_own_layer_or_the_layers_above_it():
    from test_imports import import_graph

    rows = _row_of_module()
    layers = [layer for layer, _ in _design_table()]
    wrong = [
        f"{source} ({layers[rows[source]]}) imports {target} ({layers[rows[target]]}) at {where}"
        for source, targets in import_graph().items()
        for target, where in targets.items()
        if rows[target] > rows[source]
    ]
    assert wrong == []
