"""The examples of docs/cli.md for add, quote, fmt, edit and set run and print what the
page shows (in a copy of the fixture dataset)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from _console import parse, run_steps

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("add", "quote", "fmt", "edit", "set")


def section(name: str) -> str:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    match = re.search(rf"^## peacetracker {name}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/cli.md has no '## peacetracker {name}' section"
    return match.group(1)


@pytest.mark.parametrize("name", SECTIONS)
def test_section_examples_run(name: str, tmp_path: Path, mini_path: Path) -> None:
    shutil.copytree(mini_path, tmp_path / "mini")
    steps = [s for s in parse(section(name)) if s.kind == "run"]
    assert steps, f"the {name} section has no example"
    assert all(s.arg.startswith(f"peacetracker {name}") for s in steps)
    assert run_steps(steps, tmp_path / "mini") == []
