"""peacetracker.load and peacetracker.check on the fixture dataset."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetracker
from peacetracker import DatasetError, Interval
from peacetracker.loading._spec import dataset_files


def test_mini_loads_with_every_record(mini_path):
    ds = peacetracker.load(mini_path)
    assert sorted(ds.parties) == [
        "draft-12-point", "eastern-league", "eastland", "northland", "southland", "westland",
    ]
    assert sorted(ds.issues) == [
        "alliance-membership", "army-size", "foreign-troops", "guarantees", "sequencing",
    ]
    assert sorted(ds.sources) == ["northland-statement", "wire-2026-01-05", "wire-2026-01-07"]
    assert sorted(ds.events) == ["draft-published", "geneva-talks"]
    assert dict(ds.groups) == {"military": "Military", "security": "Security",
                               "political": "Political"}
    assert len(ds.stances) == 9
    assert ds.settings.title == "Northland–Southland talks (fixture)"
    assert ds.settings.band(0.3) == "apart"


def test_mini_values_are_parsed_by_their_scales(mini_path):
    ds = peacetracker.load(mini_path)
    by_key = {(s.party, s.issue, s.date): s for s in ds.stances}
    soft = by_key[("northland", "army-size", dt.date(2026, 1, 12))]
    assert soft.prefer == 150000.0 and soft.accept == Interval(None, 150000.0)
    assert soft.conditions[0].issue == "alliance-membership"
    assert soft.conditions[0].value is False
    assert soft.origin.file == "stances/northland.yaml"
    assert soft.origin.path == ("stances", "army-size", 1)
    troops = by_key[("northland", "foreign-troops", dt.date(2026, 1, 12))]
    assert troops.prefer == frozenset() and troops.accept.max == frozenset()
    league = by_key[("eastern-league", "guarantees", dt.date(2026, 1, 7))]
    assert league.accept == frozenset({"assurances", "binding"})
    assert ds.sources["wire-2026-01-05"].lines == (1, 4)
    assert ds.parties["draft-12-point"].endorsed_by == ("eastern-league",)
    (claim,) = ds.parties["draft-12-point"].claims
    assert (claim.relation, claim.party, claim.basis, claim.confidence) == (
        "endorsed-by", "eastern-league", "reported", "medium")
    assert claim.evidence[0].source == "wire-2026-01-07" and claim.backed


def test_mini_checks_without_errors(mini_path):
    result = peacetracker.check(mini_path)
    assert result.errors == ()
    assert result.ok() and result.dataset is not None
    assert result.files == 8
    assert {p.rule for p in result.warnings} == {"no-accept"}
    assert not result.ok(strict=True)


def test_dataset_files_skip_texts_schema_and_dot_folders(tmp_path, mini_path):
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    (root / "schema").mkdir(exist_ok=True)
    (root / "schema" / "x.yaml").write_text("nonsense: [")
    (root / ".git").mkdir()
    (root / ".git" / "y.yml").write_text("nonsense: [")
    (root / "texts" / "z.yaml").write_text("nonsense: [")
    files = dataset_files(root)
    assert "stances/northland.yaml" in files and "peacetracker.yaml" in files
    assert not any(f.startswith(("schema/", ".git/", "texts/")) for f in files)


def test_load_raises_with_every_problem(tmp_path, mini_path):
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    path = root / "stances" / "southland.yaml"
    path.write_text(path.read_text().replace("prefer: 250000", "prefer: 2500000")
                    .replace("source: wire-2026-01-05", "source: wire-2026-01-06", 1))
    with pytest.raises(DatasetError) as err:
        peacetracker.load(root)
    rules = sorted(p.rule for p in err.value.problems if p.is_error)
    assert rules == ["bad-value", "unknown-source"]


def test_overrides_check_new_text_without_writing(mini_path):
    text = (mini_path / "parties.yaml").read_text().replace("name: Northland", "nmae: Northland")
    result = peacetracker.check(mini_path, overrides={"parties.yaml": text})
    [problem] = result.errors
    assert (problem.rule, problem.line, problem.col) == ("unknown-key", 4, 5)
    assert "nmae: Northland" not in (mini_path / "parties.yaml").read_text()


def test_overrides_can_add_a_file(mini_path):
    extra = "party: westland\nstances:\n  sequencing:\n    - date: 2026-01-05\n"
    result = peacetracker.check(mini_path, overrides={"stances/westland.yaml": extra})
    assert [(p.file, p.rule) for p in result.errors] == [
        ("stances/westland.yaml", "missing-key")
    ]


def test_progress_is_reported_per_file(mini_path, monkeypatch):
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")
    seen = []
    peacetracker.check(mini_path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 8) for i in range(1, 9)]


def test_progress_of_a_check_found_whole_in_the_cache(mini_path):
    peacetracker.check(mini_path)
    seen = []
    peacetracker.check(mini_path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(8, 8)]


def test_an_empty_directory_says_so(tmp_path):
    result = peacetracker.check(tmp_path)
    [problem] = result.problems
    assert problem.rule == "no-files" and result.dataset is None


def test_not_a_directory(tmp_path):
    with pytest.raises(NotADirectoryError):
        peacetracker.check(tmp_path / "missing")


def test_a_folder_without_registries_is_not_a_dataset(mini_path):
    """Checking the stances/ folder instead of the dataset: one problem, not an
    "unknown party" error for every stance."""
    result = peacetracker.check(mini_path / "stances")
    [problem] = result.problems
    assert (problem.rule, problem.level, problem.file) == ("not-a-dataset", "error", ".")
    assert "holds no registry file" in problem.message
    assert problem.fix == f"give the dataset directory: {mini_path}"
    assert result.files == 0 and result.dataset is None


def test_yaml_files_with_no_registry_are_not_read(tmp_path):
    (tmp_path / "notes.yaml").write_text("title: [unclosed\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "party.yaml").write_text("party: x\nstances: {}\n")
    [problem] = peacetracker.check(tmp_path).problems
    assert problem.rule == "not-a-dataset"
    assert problem.fix.startswith("give the dataset directory (it holds")


def test_registries_under_any_name_make_a_dataset(tmp_path, mini_path):
    """Which file is which is decided by its keys, not its name (docs/format.md)."""
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    (root / "parties.yaml").rename(root / "who.yaml")
    (root / "issues.yaml").rename(root / "what.yml")
    (root / "sources.yaml").rename(root / "cited.yaml")
    (root / "events.yaml").rename(root / "happened.yaml")
    (root / "peacetracker.yaml").unlink()
    result = peacetracker.check(root)
    assert result.errors == () and result.dataset is not None


def test_an_override_can_make_a_dataset(tmp_path):
    (tmp_path / "stances").mkdir()
    result = peacetracker.check(tmp_path, overrides={"reg.yaml": "parties:\n  x:\n    name: X\n"})
    assert [p.rule for p in result.problems] == []


# -- no input ends in an exception, and every position is inside its file -----------


MINI = Path(__file__).resolve().parent / "data" / "mini"
MINI_FILES = dataset_files(MINI)
SNIPPETS = ["\t", ":", " ", "\n", "- ", "'", '"', "[", "{", "&a ", "*a", "!!binary ",
            "2026-02-30", "1.10", "#", "\x00", "\ufeff", "prefer: x\n", "---\n"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MINI_FILES), st.data())
def test_any_edit_is_reported_never_raised(rel, data):
    text = (MINI / rel).read_text()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    insert = data.draw(st.text(max_size=6) | st.sampled_from(SNIPPETS))
    edited = text[:start] + insert + text[end:]
    result = peacetracker.check(MINI, overrides={rel: edited})
    lines = {f: (MINI / f).read_text().count("\n") + 2 for f in MINI_FILES}
    lines[rel] = edited.count("\n") + 2
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.line <= lines.get(problem.file, 10**9), str(problem)
        assert problem.message and problem.fix is not None
    assert (result.dataset is None) == bool(result.errors)


def test_a_condition_on_an_issue_with_a_broken_scale_is_reported_not_raised(mini_path):
    # Found by the fuzz test below: northland conditions army-size on alliance-membership.
    issues = (mini_path / "issues.yaml").read_text()
    broken = issues.replace("scale: {type: yesno}", "scale: {type: yesnoo}")
    assert broken != issues
    result = peacetracker.check(mini_path, overrides={"issues.yaml": broken})
    assert [p.rule for p in result.errors] == ["bad-scale"]
    assert result.errors[0].file == "issues.yaml"


def test_broken_settings_hide_no_unused_source(tmp_path, mini_path):
    """Only a file that may hold stances or events can hide an unused source."""
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    (root / "peacetracker.yaml").write_text("title: [unclosed\n")
    (root / "sources.yaml").write_text((root / "sources.yaml").read_text() + (
        "  never-cited:\n    kind: article\n    outlet: X\n    title: Y\n"
        "    published: 2026-01-05\n"))
    rules = [p.rule for p in peacetracker.check(root).problems]
    assert "syntax" in rules and "unused-source" in rules and "unchecked-ids" not in rules


def test_settings_focus_and_issue_order_are_checked_and_loaded(tmp_path, mini_path):
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    path = root / "peacetracker.yaml"
    text = path.read_text()
    path.write_text(text + "focus: [southland, northland]\nissue-order: [guarantees]\n")
    ds = peacetracker.load(root)
    assert ds.settings.focus == ("southland", "northland")
    assert ds.settings.issue_order == ("guarantees",)
    path.write_text(text + "focus: [southlnd]\nissue-order: [guarantes]\n")
    result = peacetracker.check(root)
    found = sorted((p.rule, p.line, p.col, p.fix) for p in result.errors)
    lines = len(text.splitlines())
    assert found == [
        ("unknown-issue", lines + 2, 15, "did you mean 'guarantees'?"),
        ("unknown-party", lines + 1, 9, "did you mean 'southland'?"),
    ]
