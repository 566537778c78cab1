"""Sources without a printed outlet or date: ``outlet`` left out ("outlet
unknown" in reports), ``precision: month|before`` on ``published`` (shown as
"Jan 2026", "before 2026-01-20"), checked like every other key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import peacetracker
from peacetracker.cli import main


@pytest.fixture
def mini(tmp_path: Path, mini_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


LEAK = ["add", "source", "leaked-draft", "--kind", "draft", "--no-outlet", "--title",
        "Draft framework", "--published", "2026-01-20", "--precision", "before",
        "--path", "texts/wire.txt"]  # fmt: skip


def test_a_source_without_outlet_or_date_reaches_the_report(mini: Path) -> None:
    assert run(*LEAK[:2], "-d", str(mini), *LEAK[2:]).exit_code == 0
    text = (mini / "sources.yaml").read_text()
    assert "  leaked-draft:\n    kind: draft\n    title: Draft framework\n" in text
    assert "    published: 2026-01-20\n    precision: before\n" in text
    result = run("add", "evidence", "-d", str(mini), "--party", "northland", "--issue",
                 "army-size", "--date", "2026-01-12", "--source", "leaked-draft",
                 "--quote", "Geneva")  # fmt: skip
    assert result.exit_code == 0, result.output
    ds = peacetracker.load(mini)
    source = ds.sources["leaked-draft"]
    assert (source.outlet, source.precision) == (None, "before")
    md = run("report", str(mini), "--format", "markdown").output
    # the outlet, then the kind of source (issue #12), then title and date
    assert "“Geneva” *outlet unknown*, draft text, “Draft framework”, before 2026-01-20." in md
    html = run("report", str(mini), "--format", "html").output
    assert ("<i>outlet unknown</i>, <span class=\"source-kind\">draft text</span>, "
            "“Draft framework”, before 2026-01-20.") in html
    plain = run("report", str(mini)).output
    assert "outlet unknown, draft text, “Draft framework”, before 2026-01-20." in plain


def test_a_month_precision_source_shows_the_month(mini: Path) -> None:
    with (mini / "sources.yaml").open("a") as f:
        f.write("  monthly:\n    kind: report\n    outlet: Think tank\n    title: Review\n"
                "    published: 2026-01-01\n    precision: month\n")  # fmt: skip
    run("add", "evidence", "-d", str(mini), "--party", "northland", "--issue", "army-size",
        "--date", "2026-01-12", "--source", "monthly", "--quote", "any words")  # fmt: skip
    md = run("report", str(mini), "--format", "markdown").output
    assert "*Think tank*, report, “Review”, Jan 2026." in md


def test_precision_is_checked(mini: Path) -> None:
    with (mini / "sources.yaml").open("a") as f:
        f.write("  vague:\n    kind: post\n    title: A post\n    published: 2026-01\n"
                "    precision: roughly\n")  # fmt: skip
    problems = {(p.rule, p.message, p.fix) for p in peacetracker.check(mini).errors}
    rules = {rule for rule, _, _ in problems}
    assert {"bad-choice", "date-format"} <= rules
    assert any(
        "published: 2026-01-01 with precision: month" in (fix or "")
        for rule, _, fix in problems
        if rule == "date-format"
    )


def test_add_source_asks_for_an_outlet_or_no_outlet(mini: Path) -> None:
    result = run("add", "source", "-d", str(mini), "x", "--kind", "post", "--title", "T",
                 "--published", "2026-01-20")  # fmt: skip
    assert result.exit_code == 2
    assert "give --outlet, or --no-outlet when the document names none" in result.output
    result = run("add", "source", "-d", str(mini), "x", "--kind", "post", "--title", "T",
                 "--published", "2026-01-20", "--outlet", "O", "--no-outlet")  # fmt: skip
    assert result.exit_code == 2 and "contradict" in result.output


def test_add_source_records_the_affiliation(mini: Path) -> None:
    base = ["add", "source", "-d", str(mini), "--kind", "opinion", "--outlet", "RT",
            "--title", "T", "--published", "2026-01-20"]  # fmt: skip
    result = run(*base, "rt-1", "--affiliation", "state-media")
    assert result.exit_code == 0, result.output
    assert peacetracker.load(mini).sources["rt-1"].affiliation == "state-media"
    result = run(*base, "rt-2", "--affiliation", "state")
    assert result.exit_code == 2 and "'state' is not one of" in result.output
