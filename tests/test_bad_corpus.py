"""The bad-file corpus (tests/data/bad/): every mistake gets its own precise
message, rule, line and column, and a fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import peacetracker
from peacetracker.loading import _yaml

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"
CASES = sorted(p.name for p in (DATA / "bad").iterdir() if p.is_dir())


def overlay(tmp_path: Path, *cases: str) -> Path:
    root = tmp_path / "ds"
    shutil.copytree(MINI, root)
    for case in cases:
        shutil.copytree(DATA / "bad" / case, root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expected.txt"))
    return root


def reported(root: Path) -> list[str]:
    """What check reports beyond the fixture's own (known) warnings."""
    baseline = {(p.file, p.line, p.rule) for p in peacetracker.check(MINI).problems}
    lines = []
    for p in peacetracker.check(root).problems:
        if (p.file, p.line, p.rule) not in baseline:
            lines.append(f"{p.file}:{p.line}:{p.col}: {p.level}: {p.message} ({p.rule})")
            lines.append(f"    fix: {p.fix}")
    return lines


#: Rules a file in the corpus cannot show (a symlink, a FIFO, a file of 32 MiB,
#: a folder that is not a dataset, the fixture's own baseline warning), each
#: with the test file that reports it instead.
ELSEWHERE = {
    "file-outside": "test_hostile.py",
    "no-accept": "test_cli_check.py",
    "no-files": "test_load.py",
    "not-a-dataset": "test_load.py",
    "source-too-large": "test_hostile.py",
    "source-unreadable": "test_hostile.py",
    "too-large": "test_hostile.py",
    "unreadable": "test_hostile.py",
}


def _corpus_rules() -> set[str]:
    rules = set()
    for case in CASES:
        text = (DATA / "bad" / case / "expected.txt").read_text()
        rules |= {line.rsplit("(", 1)[1].rstrip(")") for line in text.splitlines()
                  if line.strip() and not line.startswith("    fix:")}
    return rules


def test_every_rule_is_in_the_corpus_or_tested_by_name():
    """Every rule check knows is shown by a corpus case; the few a file cannot
    show are named, with the test file that reports them, and leave this list
    once a case shows them."""
    from peacetracker.problems import RULES

    covered = _corpus_rules()
    assert covered <= set(RULES), covered - set(RULES)
    missing = set(RULES) - covered
    assert missing == set(ELSEWHERE), (
        f"rules neither in the corpus nor named here: {sorted(missing - set(ELSEWHERE))}; "
        f"named here but now in the corpus: {sorted(set(ELSEWHERE) - missing)}"
    )
    tests = Path(__file__).resolve().parent
    for rule, test_file in ELSEWHERE.items():
        text = (tests / test_file).read_text(encoding="utf-8")
        assert f'"{rule}"' in text or f"({rule})" in text, (rule, test_file)


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_is_reported_exactly(case, tmp_path):
    expected = (DATA / "bad" / case / "expected.txt").read_text().splitlines()
    assert expected, f"{case}: expected.txt is empty"
    assert reported(overlay(tmp_path, case)) == expected


def test_all_mistakes_in_one_run(tmp_path):
    """Mistakes in different files are all reported together, not the first only."""
    root = overlay(tmp_path, "misspelt-move", "bands-decreasing")
    rules = [line.rsplit("(", 1)[1].rstrip(")") for line in reported(root)
             if not line.startswith("    fix:")]
    assert rules == ["bad-bands", "bad-choice"]


def test_a_symlinked_text_outside_the_dataset(tmp_path):
    root = overlay(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("Both sides said a ceasefire was possible.\n")
    (root / "texts" / "link.txt").symlink_to(secret)
    (root / "extra.yaml").write_text(
        "sources:\n  linked:\n    kind: article\n    outlet: X\n    title: Y\n"
        "    published: 2026-01-05\n    path: texts/link.txt\n"
    )
    assert reported(root)[2:] == [
        "extra.yaml:7:11: error: stored text 'texts/link.txt' of source 'linked' lies outside "
        "the dataset directory (source-outside)",
        "    fix: copy the text into the dataset (e.g. under texts/) and point 'path:' there",
    ]


def test_an_absolute_stored_text_path(tmp_path):
    root = overlay(tmp_path)
    (root / "extra.yaml").write_text(
        f"sources:\n  abs:\n    kind: article\n    outlet: X\n    title: Y\n"
        f"    published: 2026-01-05\n    path: {root / 'texts' / 'wire.txt'}\n"
    )
    problems = [p for p in peacetracker.check(root).errors]
    assert [(p.rule, p.line, p.col) for p in problems] == [("source-outside", 7, 11)]


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    root = overlay(tmp_path, "unused-source")
    monkeypatch.setattr(_yaml, "MAX_FILE_BYTES", 100)
    size = (root / "extra.yaml").stat().st_size
    lines = reported(root)
    assert lines[:2] == [
        f"extra.yaml:1:1: error: file is {size:,} bytes, more than the limit of 100 (too-large)",
        "    fix: split it into smaller files (e.g. one stance file per party)",
    ]


def test_a_self_referring_alias(tmp_path):
    root = overlay(tmp_path)
    (root / "extra.yaml").write_text("groups: &g\n  loop: *g\n")
    limit = _yaml.MAX_ALIAS_NODES + len("groups: &g\n  loop: *g\n")
    assert reported(root)[0] == (
        f"extra.yaml:1:1: error: aliases expand to more than {limit:,} values or refer to "
        "themselves (aliases)"
    )


def test_two_documents_in_one_file(tmp_path):
    root = overlay(tmp_path)
    (root / "extra.yaml").write_text("groups:\n  a: A\n---\ngroups:\n  b: B\n")
    assert reported(root) == [
        "extra.yaml:3:1: error: YAML syntax error: a second YAML document starts here (syntax)",
        "    fix: a file holds one YAML document: remove the extra '---'",
    ]


def test_a_registry_key_in_a_stance_file(tmp_path):
    root = overlay(tmp_path)
    (root / "stances" / "westland.yaml").write_text(
        "party: westland\nstances: {}\nsources:\n  x:\n    kind: article\n"
    )
    assert reported(root) == [
        "stances/westland.yaml:3:1: error: unknown key 'sources' in this stance file "
        "(unknown-key)",
        "    fix: 'sources:' belongs in a registry file such as sources.yaml, not in a "
        "stance file",
    ]


def test_a_bom_is_fine(tmp_path):
    root = overlay(tmp_path)
    path = root / "parties.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert reported(root) == []


def test_deep_nesting_is_not_a_crash(tmp_path):
    root = overlay(tmp_path)
    (root / "extra.yaml").write_text("groups:\n  deep: " + "[" * 900 + "]" * 900 + "\n")
    lines = reported(root)
    assert lines[0].startswith("extra.yaml:2:9: error: 'deep' must be text, not a list")
