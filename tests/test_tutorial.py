"""docs/tutorial.md: every command in it runs, in a copy of the project's
small dataset, and prints what the tutorial shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from _console import parse, run_steps

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"


def test_tutorial_has_the_whole_walk_through() -> None:
    commands = [
        s.arg.split()[1]
        for s in parse(TUTORIAL.read_text())
        if s.kind == "run" and s.arg.startswith("peacetracker")
    ]
    for needed in ("add", "quote", "check", "fmt", "report"):
        assert needed in commands, needed


def test_every_command_of_the_tutorial(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "data" / "mini", tmp_path / "tests" / "data" / "mini")
    skipped = run_steps(parse(TUTORIAL.read_text(encoding="utf-8")), tmp_path)
    practice = tmp_path / "practice"
    # The walk-through really changed the data.
    assert "wire-2026-01-14" in (practice / "sources.yaml").read_text()
    assert "ceasefire-first" in (practice / "stances/eastern-league.yaml").read_text()
    if skipped:
        pytest.skip(f"not on this branch yet: {', '.join(skipped)}")
