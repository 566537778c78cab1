"""Versions: a dataset at a git revision, from another directory, or as of a date."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import peacetracker
from peacetracker import load_version
from peacetracker.versions import RevisionError, extract_revision

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


@pytest.mark.parametrize("data_filter", [True, False], ids=["filter", "python-3.11.0-3"])
def test_extraction_with_and_without_tarfiles_data_filter(repo: Path, tmp_path: Path,
                                                          monkeypatch, data_filter: bool):
    """Python 3.11.0 to 3.11.3 have no ``extractall(filter="data")``: the
    fallback extracts the same files, and refuses the same links."""
    from peacetracker import versions

    monkeypatch.setattr(versions, "_HAS_DATA_FILTER", data_filter)
    out = extract_revision(repo, "HEAD~1", tmp_path / "out")
    assert (out / "stances" / "northland.yaml").read_text().count("prefer: 150000") == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == sorted(
        p.relative_to(repo).as_posix() for p in repo.rglob("*"))
    assert load_version(repo, rev="HEAD~1").stances
    # A committed symlink pointing out of the dataset: refused, in our words.
    (repo / "texts" / "escape.txt").symlink_to("../../../../outside.txt")
    (repo / "texts" / "inside.txt").symlink_to("wire.txt")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "links")
    with pytest.raises(RevisionError, match=r"holds 'texts/escape.txt', which was refused: "
                       "it is a link or path that points outside the dataset"):
        extract_revision(repo, "HEAD", tmp_path / "out2")
    assert not (tmp_path / "outside.txt").exists()


def test_the_fallback_refuses_what_the_data_filter_refuses(tmp_path: Path):
    import io
    import tarfile

    from peacetracker.versions import _extract_data_only, _Refused

    def archive(*members: tarfile.TarInfo) -> tarfile.TarFile:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            for m in members:
                tar.addfile(m, io.BytesIO(b"x" * m.size) if m.isreg() else None)
        buf.seek(0)
        return tarfile.open(fileobj=buf)

    def info(name: str, kind: bytes = tarfile.REGTYPE, link: str = "", size: int = 1):
        m = tarfile.TarInfo(name)
        m.type, m.linkname, m.size = kind, link, size if kind == tarfile.REGTYPE else 0
        m.mode = 0o4777
        return m

    cases = {
        "an absolute path": info("/etc/evil"),
        "a path outside": info("../evil"),
        "an absolute link": info("a", tarfile.SYMTYPE, "/etc/passwd"),
        "a link outside": info("d/a", tarfile.SYMTYPE, "../../x"),
        "a hard link": info("h", tarfile.LNKTYPE, "a"),
        "a FIFO": info("f", tarfile.FIFOTYPE),
        "a device": info("c", tarfile.CHRTYPE),
    }
    for what, member in cases.items():
        with archive(member) as tar, pytest.raises(_Refused):
            _extract_data_only(tar, tmp_path / what)
        assert not list((tmp_path).glob(f"{what}/**/*")), what
    with archive(info("ok/file.txt"), info("ok/link", tarfile.SYMTYPE, "file.txt")) as tar:
        _extract_data_only(tar, tmp_path / "good")
    assert (tmp_path / "good/ok/link").read_text() == "x"
    assert (tmp_path / "good/ok/file.txt").stat().st_mode & 0o7777 == 0o755


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs root to give the repository to another user")
def test_dubious_ownership_is_named_as_such(repo: Path, tmp_path: Path, monkeypatch):
    """git refuses a repository owned by another user; that was reported as
    "not inside a git repository"."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty-gitconfig"))
    for path in [repo.parent.parent, *repo.parent.parent.rglob("*")]:
        os.lchown(path, 12345, 12345)
    with pytest.raises(RevisionError, match=r"dubious ownership.*safe\.directory"):
        extract_revision(repo, "HEAD", tmp_path / "x")
