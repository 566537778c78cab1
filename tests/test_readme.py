"""The README's Python example runs, and the commands it names exist."""

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
