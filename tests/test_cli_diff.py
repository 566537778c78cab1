"""``peacetracker diff OLD NEW`` through click's CliRunner: two directories, two
git revisions, two dates; text and JSON; exit codes."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

import peacetracker
from _report_data import git_dataset, lower_southland
from peacetracker.cli import main
from test_report import check_snapshot


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


@pytest.fixture
def changed(tmp_path, mini_path):
    """A copy of the mini fixture with one stance moved and one party renamed."""
    root = tmp_path / "new"
    shutil.copytree(mini_path, root)
    lower_southland(root)
    parties = root / "parties.yaml"
    parties.write_text(parties.read_text().replace("name: Westland", "name: Westland Republic"))
    return root


def test_two_directories_one_block_per_changed_stance(mini_path, changed):
    result = run("diff", mini_path, changed)
    assert result.exit_code == 0
    out = result.stdout
    assert out.count("southland/army-size") == 1
    block = out[out.index("southland/army-size") :]
    assert "± moved: lowered to 220,000 personnel; toward Northland" in block
    assert "- 250,000 personnel" in block and "+ 220,000 personnel" in block
    assert "converging with Northland: gap 0.30 -> 0.24, close" in block
    assert "party/westland" in out and "+ Westland Republic" in out
    # Stances first, then definitions.
    assert out.index("southland/army-size") < out.index("party/westland")


def test_snapshot_of_dates(mini_path):
    result = run("diff", "2026-01-06", "2026-01-12", "--dir", mini_path)
    assert result.exit_code == 0
    check_snapshot("diff-mini-dates.txt", result.stdout)


def test_exit_code(mini_path, changed):
    assert run("diff", mini_path, changed, "--exit-code").exit_code == 1
    same = run("diff", mini_path, mini_path, "--exit-code")
    assert same.exit_code == 0 and "no changes" in same.stdout
    assert run("diff", mini_path, changed).exit_code == 0  # without --exit-code
    assert run("diff", mini_path, "no-such-rev", "--dir", mini_path, "--exit-code").exit_code == 2


def test_json_rows_have_the_changes_frame_columns(mini_path, changed):
    result = run("diff", mini_path, changed, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    frame = peacetracker.diff(peacetracker.load(mini_path), peacetracker.load(changed))
    assert data["count"] == len(frame) == len(data["changes"])
    for row in data["changes"]:
        assert set(row) == {*frame.columns, "directions"}
    moved = next(r for r in data["changes"] if r["kind"] == "moved")
    assert (moved["before"], moved["after"], moved["word"]) == (250000, 220000, "toward")
    assert moved["directions"][0]["direction"] == "converging"


def test_two_git_revisions(tmp_path, mini_path):
    data = git_dataset(tmp_path, mini_path)
    result = run("diff", "HEAD~1", "HEAD", "--dir", data, "--exit-code")
    assert result.exit_code == 1
    assert result.stdout.startswith("between git:HEAD~1\n    and git:HEAD\n")
    assert "+ 220,000 personnel" in result.stdout


def test_two_dates_compare_the_stances_in_force(mini_path):
    result = run("diff", "2026-01-06", "2026-01-12", "--dir", mini_path, "-f", "json")
    data = json.loads(result.stdout)
    kinds = {(r["party"], r["issue"], r["kind"]) for r in data["changes"]}
    assert ("northland", "army-size", "moved") in kinds
    assert ("eastern-league", "guarantees", "added") in kinds
    assert run("diff", "2026-01-12", "2026-01-12", "--dir", mini_path, "--exit-code").exit_code == 0


def test_bad_version_is_an_input_error(mini_path):
    result = run("diff", "2026-02-30", "2026-01-12", "--dir", mini_path)
    assert result.exit_code == 2 and "'2026-02-30' is an impossible date" in result.output
    assert "Traceback" not in result.output


def test_dates_the_wrong_way_round_are_a_usage_error(mini_path):
    result = run("diff", "2026-01-12", "2026-01-07", "--dir", mini_path)
    assert result.exit_code == 2, result.output
    assert "OLD 2026-01-12 is after NEW 2026-01-07" in result.output
    assert "diff 2026-01-07 2026-01-12" in result.output  # the fix
    assert "internal error" not in result.output


def test_inside_a_dataset_folder_dir_defaults_to_it(tmp_path, mini_path, monkeypatch):
    data = git_dataset(tmp_path, mini_path)
    monkeypatch.chdir(data)
    result = run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert "southland/army-size" in result.stdout and "; toward Northland" in result.stdout
    # report and export resolve the dataset by the same rule
    assert run("report", "--since", "HEAD~1", "-f", "json").exit_code == 0
    assert run("export", "changes", "--since", "HEAD~1").exit_code == 0


def test_outside_a_dataset_folder_a_revision_needs_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 2
    assert "no dataset in the current directory" in result.output and "--dir" in result.output


def test_evidence_filters_leave_out_changes(mini_path):
    every = json.loads(
        run("diff", "2026-01-06", "2026-01-12", "--dir", mini_path, "-f", "json").stdout
    )
    sure = run(
        "diff", "2026-01-06", "2026-01-12", "--dir", mini_path, "-f", "json",
        "--min-confidence", "high",
    )
    assert sure.exit_code == 0, sure.output
    rows = json.loads(sure.stdout)["changes"]
    assert len(rows) < every["count"]
    assert all(r["confidence_after"] in (None, "high") for r in rows)
    assert all(r["confidence_before"] in (None, "high") for r in rows)
    bad = run("diff", "2026-01-06", "2026-01-12", "--dir", mini_path, "--basis", "said")
    assert bad.exit_code == 2 and "unknown basis 'said'" in bad.output


def test_an_empty_version_is_not_the_current_folder(mini_path, monkeypatch):
    """`diff '' HEAD` read the empty argument as the current directory."""
    monkeypatch.chdir(mini_path)
    result = run("diff", "", "2026-01-10")
    assert result.exit_code == 2
    assert "an empty version was given" in result.output
