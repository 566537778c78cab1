"""``peacetracker report`` through click's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import peacetracker
from _report_data import git_dataset
from peacetracker.cli import main
from peacetracker.report import build_report, render

ANSI = re.compile(r"\x1b\[")
#: Box-drawing and block characters: decoration that must not reach a pipe.
DECORATION = re.compile(r"[\u2500-\u259f]")


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def test_piped_terminal_report_is_plain(mini_path):
    result = run("report", mini_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not ANSI.search(out) and not DECORATION.search(out)
    for heading in (
        "Where the parties stand",
        "Gaps between the parties",
        "Agreement zones",
        "Sources",
    ):
        assert f"{heading}" in out
    assert "What changed" not in out  # only with --since
    assert result.stderr == ""  # no progress or chatter when piped


def test_each_format_matches_the_library(mini_path):
    ds = peacetracker.load(mini_path)
    rep = build_report(ds, label=str(mini_path), timelines=True)
    for fmt in ("markdown", "html", "json"):
        result = run("report", mini_path, "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.stdout == render(rep, fmt)


def test_output_file_format_from_its_suffix(mini_path, tmp_path):
    target = tmp_path / "report.html"
    result = run("report", mini_path, "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="gap-heatmap"' in page
    md = tmp_path / "report.md"
    assert run("report", mini_path, "-o", md).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# Northland")
    assert [p.name for p in tmp_path.iterdir()] != []  # no temporary files left beside them
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_since_a_date_adds_what_changed(mini_path):
    result = run("report", mini_path, "--since", "2026-01-06", "-f", "markdown")
    assert result.exit_code == 0
    assert "## What changed since 2026-01-06" in result.stdout
    assert "**toward Southland, Eastern League**: 100,000 personnel (2026-01-05)" in result.stdout
    assert "converging with Southland: gap 0.30 → 0.20, close" in result.stdout


def test_since_a_git_revision(mini_path, tmp_path):
    data = git_dataset(tmp_path, mini_path)
    result = run("report", data, "--since", "HEAD~1", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["since"] == "git:HEAD~1"
    (change,) = report["changes"]
    assert (change["party"], change["word"], change["old"], change["new"]) == (
        "southland",
        "toward",
        "250,000 personnel",
        "220,000 personnel",
    )


def test_as_of_parties_and_issues(mini_path):
    result = run(
        "report",
        mini_path,
        "--as-of",
        "2026-01-07",
        "-p",
        "northland",
        "--parties",
        "eastern-league",
        "-i",
        "army-size,guarantees",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-01-07"
    assert {p["id"] for p in report["parties"]} == {"northland", "eastern-league"}
    assert {g["issue"] for g in report["gaps"]} == {"army-size"}
    assert report["gaps"][0]["gap_text"] == "50,000 personnel"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--parties", "northlnd"],
            [
                "unknown party 'northlnd'",
                "Did you mean 'northland'?",
                "northland, southland, eastern-league",
            ],
        ),
        (["--issues", "army"], ["unknown issue 'army'", "Valid issue ids: army-size, guarantees"]),
        (["--as-of", "2026-02-30"], ["'2026-02-30' is an impossible date", "no 30 February"]),
        (["--as-of", "7 Jan"], ["'7 Jan' is not a date", "YYYY-MM-DD"]),
        (["--since", "2026-13-01"], ["'2026-13-01' is an impossible date", "no month 13"]),
        (["--since", "2026-1-7"], ["'2026-1-7' is not a date", "YYYY-MM-DD"]),
        (["--since", "no-such-rev"], ["no-such-rev"]),
        (["--format", "pdf"], ["'pdf' is not one of", "terminal", "markdown", "html", "json"]),
    ],
)
def test_bad_options_name_the_problem_and_the_choices(mini_path, args, words):
    result = run("report", mini_path, *args)
    assert result.exit_code == 2
    for word in words:
        assert word in result.output
    assert "Traceback" not in result.output


def test_missing_directory_is_an_input_error(tmp_path):
    result = run("report", tmp_path / "nowhere")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_dataset_with_errors_lists_its_problems(mini_path, tmp_path):
    import shutil

    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    path = root / "stances" / "southland.yaml"
    path.write_text(path.read_text().replace("prefer: 250000", "prefer: lots"))
    result = run("report", root)
    assert result.exit_code == 2
    assert re.search(r"southland\.yaml:\d+:\d+: error:", result.output)


def test_since_after_as_of_is_a_usage_error_naming_both_dates(mini_path):
    result = run("report", mini_path, "--since", "2026-01-12", "--as-of", "2026-01-07")
    assert result.exit_code == 2, result.output
    assert "--since 2026-01-12 is after --as-of 2026-01-07" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_since_a_revision_outside_git_says_what_is_wrong(mini_path, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(mini_path, data)
    result = run("report", data, "--since", "HEAD~1")
    assert result.exit_code == 2
    assert (
        f"'HEAD~1' is not a date (YYYY-MM-DD) nor a git revision of the repository holding {data}"
        in result.output
    )
    assert "not in a git repository" in result.output and "date instead" in result.output


def test_since_a_revision_that_predates_the_folder(mini_path, tmp_path):
    """A folder inside a repository but not committed at that revision: no raw git error."""
    data = git_dataset(tmp_path, mini_path)
    new = data.parent / "practice"
    import shutil

    shutil.copytree(mini_path, new)
    result = run("report", new, "--since", "HEAD~1")
    assert result.exit_code == 2
    assert "fatal" not in result.output
    assert f"{new} is not in git revision 'HEAD~1'" in result.output
    assert "commit it" in result.output
    unknown = run("report", data, "--since", "no-such-rev")
    assert unknown.exit_code == 2
    assert "'no-such-rev' is not a date (YYYY-MM-DD) nor a git revision" in unknown.output
    assert "git log --oneline" in unknown.output


def test_json_names_the_fact_checker_word_as_the_api_does(mini_path):
    """One name everywhere: the changes frame, diff --format json and the report JSON say 'word'."""
    ds = peacetracker.load(mini_path)
    assert "word" in ds.changes("2026-01-06").columns
    report = json.loads(run("report", mini_path, "--since", "2026-01-06", "-f", "json").stdout)
    diff_run = run("diff", "2026-01-06", "2026-01-12", "--dir", mini_path, "-f", "json")
    diff = json.loads(diff_run.stdout)
    assert report["changes"] and diff["changes"]
    for change in report["changes"] + diff["changes"]:
        assert "word" in change and "verdict" not in change


def test_output_suffix_chooses_the_format_and_an_unknown_one_is_refused(mini_path, tmp_path):
    assert run("report", mini_path, "-o", tmp_path / "r.json").exit_code == 0
    assert json.loads((tmp_path / "r.json").read_text())["format"] == "peacetracker-report"
    assert run("report", mini_path, "-o", tmp_path / "r.txt").exit_code == 0
    assert (tmp_path / "r.txt").read_text().startswith("Northland")
    result = run("report", mini_path, "-o", tmp_path / "r.xyz")
    assert result.exit_code == 2
    assert "'.xyz'" in result.output
    for suffix in (".md", ".html", ".json", ".txt"):
        assert suffix in result.output
    assert not (tmp_path / "r.xyz").exists()
    # an explicit --format writes any name
    assert run("report", mini_path, "-o", tmp_path / "r.xyz", "-f", "markdown").exit_code == 0


def test_a_withdrawal_since_a_git_revision_cites_its_own_quote_and_date(mini_path, tmp_path):
    import subprocess

    data = git_dataset(tmp_path, mini_path)
    path = data / "stances" / "northland.yaml"
    withdrawal = (
        "  sequencing:\n"
        "    - date: 2026-01-14\n"
        "      status: withdrawn\n"
        "      evidence:\n"
        "        - source: northland-statement\n"
        "          quote: the stationing of any foreign troops\n"
    )
    path.write_text(path.read_text().replace("  sequencing:\n", withdrawal), encoding="utf-8")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "w"],
        cwd=data,
        check=True,
    )
    result = run("report", data, "--since", "HEAD~1", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (change,) = [c for c in report["changes"] if c["issue"] == "sequencing"]
    assert (change["word"], change["new_date"]) == ("dropped", "2026-01-14")
    cites = {c["number"]: c for c in report["citations"]}
    assert [cites[n]["quote"] for n in change["notes"]] == ["the stationing of any foreign troops"]
    md = run("report", data, "--since", "HEAD~1", "-f", "markdown").stdout
    assert "withdrawn 2026-01-14[^" in md


def test_report_filters_and_focus_options(mini_path):
    result = run("report", mini_path, "--min-confidence", "high", "--exclude-kinds", "opinion",
                 "--focus", "southland,eastern-league", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["focus"] == ["southland", "eastern-league"]
    assert data["filters"] == (
        "Only stances with confidence at least high; not resting only on opinion sources.")
    assert all(c["confidence"] == "high" for c in data["matrix"])
    bad = run("report", mini_path, "--focus", "southlnd")
    assert bad.exit_code == 2 and "did you mean" in bad.output.casefold()
    bad = run("report", mini_path, "--exclude-kinds", "opinon")
    assert bad.exit_code == 2 and "'opinion'" in bad.output
    every = json.loads(run("report", mini_path, "--all-pairs", "-f", "json").stdout)
    some = json.loads(run("report", mini_path, "--focus", "eastern-league", "-f", "json").stdout)
    assert len(some["gaps"]) < len(every["gaps"])


def test_output_file_says_what_it_wrote(mini_path, tmp_path):
    target = tmp_path / "report.html"
    result = run("report", mini_path, "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    size = target.stat().st_size
    assert size > 1000
    assert result.stderr == f"wrote {target} ({size / 1000:,.0f} KB)\n"
    small = tmp_path / "r.json"
    result = run("report", mini_path, "-o", small, "--issues", "army-size")
    assert result.stderr.startswith(f"wrote {small} (")
