"""The cross-file pass (peacetracker.loading._cross_file): problems located from the marks
the per-file pass keeps answer exactly as indexing the text would; a dataset
rebuilt from what the pass keeps equals the one it built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from benchmarks.generate import generate

import peacetracker
from peacetracker.loading import _cross_file as _resolve

DATA = Path(__file__).resolve().parent / "data"
CASES = sorted(p.name for p in (DATA / "bad").iterdir() if p.is_dir())


def _problems(root: Path, monkeypatch, marks: bool) -> list[tuple]:
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")
    if not marks:
        monkeypatch.setattr(_resolve, "marked", lambda d, rest: None)
    result = peacetracker.check(root)
    monkeypatch.undo()
    return [(p.file, p.line, p.col, p.rule, p.message) for p in result.problems]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A synthetic dataset with warnings across files in most stance files
    (quotes of sources with no stored text, events dated after stances)."""
    root = tmp_path_factory.mktemp("generated") / "ds"
    generate(root, 600, seed=3)
    return root


def test_marks_locate_as_the_text_does_on_a_generated_dataset(generated, monkeypatch):
    found = []
    real = _resolve.marked
    def counted(d, rest):
        found.append(real(d, rest))
        return found[-1]

    monkeypatch.setattr(_resolve, "marked", counted)
    kept = _problems(generated, monkeypatch, marks=True)
    assert sum(f is not None for f in found) > 100  # the marks were used
    assert {p[3] for p in kept} >= {"unverified-quote", "event-after-stance"}
    assert kept == _problems(generated, monkeypatch, marks=False)


@pytest.mark.parametrize("case", CASES)
def test_marks_locate_as_the_text_does_on_every_bad_case(case, tmp_path, monkeypatch):
    root = tmp_path / "ds"
    shutil.copytree(DATA / "mini", root)
    shutil.copytree(DATA / "bad" / case, root, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("expected.txt"))
    assert _problems(root, monkeypatch, marks=True) == _problems(root, monkeypatch, marks=False)


def test_a_duplicate_stance_names_the_first_one_s_line(tmp_path, monkeypatch):
    root = tmp_path / "ds"
    shutil.copytree(DATA / "mini", root)
    text = (root / "stances" / "northland.yaml").read_text()
    (root / "stances" / "northland-more.yaml").write_text(
        "party: northland\nstances:\n" + text.split("stances:\n", 1)[1].split("  sequencing:")[0])
    kept = _problems(root, monkeypatch, marks=True)
    assert [p for p in kept if p[3] == "duplicate-stance"], kept
    assert kept == _problems(root, monkeypatch, marks=False)
