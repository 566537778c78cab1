"""docs/tutorial.md: every command in it runs, from an empty folder to the
report, and prints what the tutorial shows (a command that does not exist
fails the test)."""

from __future__ import annotations

from pathlib import Path

import peacetracker
from _console import parse, run_steps

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"


def test_tutorial_has_the_whole_walk_through() -> None:
    steps = parse(TUTORIAL.read_text(encoding="utf-8"))
    runs = [s.arg for s in steps if s.kind == "run"]
    commands = [arg.split()[1] for arg in runs if arg.startswith("peacetracker")]
    assert commands[0] == "init"
    assert commands[-1] == "report"
    for needed in ("init", "add", "edit", "set", "quote", "check", "fmt", "report"):
        assert needed in commands, needed
    # It starts from nothing: no copy of a prepared dataset.
    assert not [arg for arg in runs if arg.startswith("cp ")]


def test_every_command_of_the_tutorial(tmp_path: Path) -> None:
    assert run_steps(parse(TUTORIAL.read_text(encoding="utf-8")), tmp_path) == []
    talks = tmp_path / "talks"
    ds = peacetracker.load(talks)
    assert ds.settings.title == "Northland-Southland talks"
    assert set(ds.parties) == {"northland", "southland"}
    assert ds.sources["leaked-memo"].outlet is None
    page = (talks / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Northland-Southland talks" in page and "outlet unknown" in page
