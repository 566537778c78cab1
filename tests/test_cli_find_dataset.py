"""The CLI's one rule for finding the dataset (``cli/_options.find_dataset``):
the reading commands and the editing commands (``default_root``, which adds
the ``positions/`` fallback) ask it alike, and a removed current directory is
a usage error, never "internal error"."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from peacetracker.cli import main
from peacetracker.cli._editing import default_root
from peacetracker.cli._options import find_dataset

MINI = Path(__file__).resolve().parent / "data" / "mini"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


COMMANDS = [
    ["check"],
    ["report"],
    ["export", "stances"],
    ["diff", "2026-01-06", "2026-01-12"],
    ["add", "party", "northland", "--name", "Northland"],
    ["quote", "northland-statement", "in the strongest terms"],
    ["set", "title", "Talks"],
    ["edit", "stance", "--party", "n", "--issue", "i", "--date", "2026-01-01", "--note", "x"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_removed_current_directory_is_a_usage_error(args, tmp_path: Path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.delenv("PEACETRACKER_DEBUG", raising=False)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert "the current directory no longer exists" in result.output


def _tree(tmp_path: Path, where: str) -> Path:
    """A folder holding positions/ (a copy of the mini dataset); the current
    directory is ``where`` inside it."""
    shutil.copytree(MINI, tmp_path / "positions")
    (tmp_path / "empty").mkdir()
    return tmp_path / where


@pytest.mark.parametrize("where", [".", "positions", "positions/stances", "empty"])
def test_the_editing_default_is_the_one_rule_with_a_fallback(
    where: str, tmp_path: Path, monkeypatch
) -> None:
    here = _tree(tmp_path, where)
    monkeypatch.chdir(here)

    def outcome(call):
        with click.Context(main, info_name="x"):
            try:
                return ("ok", Path(call()).resolve())
            except click.UsageError as err:
                return ("usage", None if "nearest" not in err.message else "nearest")

    editing = outcome(default_root)
    reading = outcome(lambda: find_dataset(None)[0])
    with_fallback = outcome(lambda: find_dataset(None, how="-d", fallback=Path("positions"))[0])
    assert editing == with_fallback
    if where == ".":  # only the editing commands fall back to positions/
        assert editing == ("ok", (tmp_path / "positions").resolve())
        assert reading[0] == "usage"
    else:
        assert editing == reading


# -- no control sequence from a folder's or a file's name reaches the terminal ----------

HOSTILE = "evil\x1b]52;c;ZXZpbA==\x07\x1b[2J"


def _safe(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert "\u241b]52;c;ZXZpbA==\u2407\u241b[2J" in text


def test_a_hostile_folder_name_in_the_nearest_dataset_hint(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / HOSTILE
    shutil.copytree(MINI, root)
    monkeypatch.chdir(root / "stances")
    for args in (["check"], ["check", "."], ["add", "party", "x", "--name", "X"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "nearest dataset above it" in result.output
    monkeypatch.chdir(tmp_path)
    result = run("check", f"{HOSTILE}/stances")
    assert result.exit_code == 2
    _safe(result.output)


def test_an_input_error_is_terminal_safe() -> None:
    from peacetracker.cli._datasets import InputError

    _safe(InputError(f"cannot load {HOSTILE}: no").message)
