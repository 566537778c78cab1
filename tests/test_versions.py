"""Versions: a dataset at a git revision, from another directory, or as of a date."""

from __future__ import annotations

import gc
import shutil
import subprocess
from pathlib import Path

import pytest

import peacetracker
from peacetracker.versions import RevisionError, extract_revision, load_version

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, mini_path: Path) -> Path:
    """A git repository holding the mini fixture in data/mini, committed twice:
    the second commit raises northland's army-size offer from 150,000 to 160,000."""
    data = tmp_path / "repo" / "data" / "mini"
    shutil.copytree(mini_path, data)
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-q", "-m", "first")
    stance_file = data / "stances" / "northland.yaml"
    text = stance_file.read_text()
    assert text.count("prefer: 150000") == 1
    text = text.replace("prefer: 150000", "prefer: 160000").replace(
        "accept: {max: 150000}", "accept: {max: 160000}"
    )
    stance_file.write_text(text)
    git(tmp_path / "repo", "commit", "-q", "-am", "second")
    return data


def test_load_a_git_revision_and_diff_it(repo: Path):
    old = load_version(repo, rev="HEAD~1")
    new = peacetracker.load(repo)
    assert old.label == "git:HEAD~1"
    ch = peacetracker.diff(old, new)
    assert list(ch.kind) == ["moved", "accept-widened"]
    moved = ch.iloc[0]
    assert (moved.party, moved.issue, moved.before, moved.after) == (
        "northland",
        "army-size",
        150000,
        160000,
    )
    # against its counterparts, southland (250,000) and eastern-league (150,000)
    # on 12 January, it moved toward one and away from the other: "mixed", named
    # (its acceptable zone widened too: a row of its own)
    assert moved.word == "mixed"
    assert (moved.toward, moved.away_from) == ("southland", "eastern-league")
    assert ch.iloc[1].word == "widened"
    dirs = new.compare(old).directions
    assert dict(zip(dirs.other, dirs.direction, strict=True)) == {
        "southland": "converging",
        "eastern-league": "diverging",
    }


def test_load_takes_a_revision(repo: Path):
    old = peacetracker.load(repo, rev="HEAD~1")
    assert old.label == "git:HEAD~1"
    assert list(peacetracker.diff(old, peacetracker.load(repo)).kind) == [
        "moved",
        "accept-widened",
    ]


def test_the_revision_directory_lives_as_long_as_the_dataset(repo: Path):
    ds = load_version(repo, rev="HEAD")
    root = ds.root
    assert root is not None and (root / "parties.yaml").is_file()
    del ds
    gc.collect()
    assert not root.exists()


def test_extract_revision_writes_only_the_dataset_directory(repo: Path, tmp_path: Path):
    out = extract_revision(repo, "HEAD~1", tmp_path / "out")
    assert (out / "stances" / "northland.yaml").read_text().count("prefer: 150000") == 1
    assert not (out / "data").exists()


def test_bad_revisions_and_directories(repo: Path, tmp_path: Path):
    with pytest.raises(RevisionError, match="unknown git revision 'nope'"):
        load_version(repo, rev="nope")
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(RevisionError, match="not inside a git repository"):
        extract_revision(plain, "HEAD", tmp_path / "x")


def test_a_directory_and_a_date(mini_path: Path):
    ds = load_version(mini_path, as_of="2026-01-07")
    assert ds.label.endswith("as of 2026-01-07")
    assert max(s.date.isoformat() for s in ds.stances) == "2026-01-07"
    assert len(peacetracker.diff(ds, peacetracker.load(mini_path))) == 4


def test_the_in_memory_fixture_is_the_loaded_one(mini_path: Path):
    from _datasets import mini

    assert peacetracker.diff(mini(), peacetracker.load(mini_path)).empty
