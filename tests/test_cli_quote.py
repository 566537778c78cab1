"""``peacetracker quote``: the exact passage, despite typographic differences."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from peacetracker.cli import main
from peacetracker.editing import verbatim
from peacetracker.loading._quotes import find_passage


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def beside_the_dataset(mini_path: Path, monkeypatch) -> None:
    """Run from the folder holding the dataset, naming it ``-d mini``."""
    monkeypatch.chdir(mini_path.parent)


def test_finds_verbatim_passage_with_typographic_dashes(mini_path: Path) -> None:
    result = run(
        "quote",
        "-d",
        "mini",
        "northland-statement",
        "rejects - in the  strongest terms - the stationing",
    )
    assert result.exit_code == 0
    assert result.output == (
        "mini/texts/statement.txt:4: found\n"
        "rejects \u2014 in the strongest terms \u2014 the stationing\n"
    )


def test_typographic_apostrophe_and_line_range(mini_path: Path) -> None:
    # wire-2026-01-07 is lines 5-7 of texts/wire.txt: the line is the file's own.
    result = run("quote", "-d", "mini", "wire-2026-01-07", "proposing a ceiling of 150,000 troops")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "mini/texts/wire.txt:6: found"
    # Outside the source's lines: not found there, but said where it is.
    result = run("quote", "-d", "mini", "wire-2026-01-07", "Both sides said")
    assert result.exit_code == 1
    assert result.output == (
        "mini/texts/wire.txt:4: found, but outside the lines of wire-2026-01-07 (5-7): "
        "cite the source of that article\nBoth sides said\n"
    )


def test_not_found_shows_closest_passage_in_whole_words(mini_path: Path) -> None:
    result = run(
        "quote",
        "-d",
        "mini",
        "northland-statement",
        "Northland rejects, in strong terms, stationing of foreign troops",
    )
    assert result.exit_code == 1
    first, passage = result.output.splitlines()
    assert first.startswith("mini/texts/statement.txt:4: not found; the closest passage (")
    assert passage.startswith("Northland rejects \u2014 in the strongest terms")
    assert passage.split()[-1].isalpha() or passage.endswith(".")
    # The closest passage, pasted back, is found.
    assert run("quote", "-d", "mini", "northland-statement", passage).exit_code == 0


def test_unknown_source_suggests(mini_path: Path) -> None:
    result = run("quote", "-d", "mini", "northland-statment", "x")
    assert result.exit_code == 2
    assert "unknown source 'northland-statment'" in result.output
    assert "did you mean 'northland-statement'" in result.output


def test_verbatim_spans_line_breaks() -> None:
    text = "one\nThey said \u201cno\n  deal\u201d today.\n"
    passage = find_passage('said "no deal"', text)
    assert verbatim(text, passage) == "said \u201cno\n  deal\u201d"


def test_source_without_stored_text(tmp_path: Path, mini_path: Path, monkeypatch) -> None:
    import shutil

    shutil.copytree(mini_path, tmp_path / "mini")
    monkeypatch.chdir(tmp_path)
    added = run(
        "add",
        "source",
        "-d",
        "mini",
        "radio",
        "--kind",
        "interview",
        "--outlet",
        "Radio",
        "--title",
        "Interview",
        "--published",
        "2026-01-10",
    )
    assert added.exit_code == 0, added.output
    result = run("quote", "-d", "mini", "radio", "anything")
    assert result.exit_code == 2
    assert "source 'radio' has no stored text" in result.output
    assert "give its path in sources.yaml" in result.output


def test_a_hostile_text_path_reaches_the_terminal_harmless(tmp_path: Path) -> None:
    """The stored text's path (from sources.yaml) is data: shown, harmless."""
    import shutil

    from click.testing import CliRunner

    from peacetracker.cli import main

    root = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "data" / "mini", root)
    name = "statement\x1b]52;c;ZXZpbA==\x07\x1b[2J.txt"
    (root / "texts" / "statement.txt").rename(root / "texts" / name)
    sources = root / "sources.yaml"
    sources.write_text(sources.read_text().replace(
        "path: texts/statement.txt", 'path: "texts/statement\\e]52;c;ZXZpbA==\\a\\e[2J.txt"'))
    for words in ("rejects ... strongest terms", "nothing of the sort at all"):
        result = CliRunner().invoke(main, ["quote", "-d", str(root), "northland-statement",
                                           words])
        assert "\u241b]52;c;ZXZpbA==\u2407\u241b[2J.txt:" in result.output, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
