"""The editing commands beyond ``add stance|party|issue|source|event``:
``add group``, ``add evidence``, ``add issue --option ID="Label"``,
``edit stance`` and ``set``, each with the guarantees of ``add``: ids checked
(the closest one named), nothing written on an error, ``--dry-run``, refused
when ``check`` would fail, comments kept, no overwriting a file changed on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

import peacetracker
from peacetracker.cli import main
from peacetracker.editing import Editor


@pytest.fixture
def mini(tmp_path: Path, mini_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    return root


def run(root: Path, *args: str, input: str | None = None):
    group, *rest = args
    if group in ("add", "edit"):
        args = (group, rest[0], "-d", str(root), *rest[1:])
    else:
        args = (group, "-d", str(root), *rest)
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def plain(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text())


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


# -- each command: a good call, the file it edits, and a bad id in it ----------------

EVIDENCE = ["--party", "northland", "--issue", "army-size", "--date", "2026-01-12",
            "--source", "wire-2026-01-07", "--quote", "150,000 troops"]  # fmt: skip
EDIT = ["--party", "northland", "--issue", "army-size", "--date", "2026-01-05",
        "--accept", "{max: 120000}", "--confidence", "medium"]  # fmt: skip

LABELS = ["add", "issue", "tariffs", "--name", "Tariffs", "--question", "How high?",
          "--scale", "ordinal", "--option", 'low="Low tariffs"',
          "--option", "high=High"]  # fmt: skip

COMMANDS = {
    "add group": (["add", "group", "economy", "--name", "Economy"], "issues.yaml"),
    "add evidence": (["add", "evidence", *EVIDENCE], "stances/northland.yaml"),
    "edit stance": (["edit", "stance", *EDIT], "stances/northland.yaml"),
    "set": (["set", "title", "Talks"], "peacetracker.yaml"),
    "add issue labels": (LABELS, "issues.yaml"),
}

#: A typo in an id, and what the error says.
TYPOS = {
    "add evidence": [("northland", "northlnd", "unknown party 'northlnd'"),
                     ("army-size", "army-sise", "did you mean 'army-size'?"),
                     ("wire-2026-01-07", "wire-2026-01-08", "unknown source 'wire-2026-01-08'"),
                     ("2026-01-12", "2026-01-13", "dates there: 2026-01-05, 2026-01-12")],
    "edit stance": [("northland", "northlnd", "did you mean 'northland'?"),
                    ("2026-01-05", "5 January", "'5 January' is not a date"),
                    ("medium", "meduim", "'meduim' is not one of"),
                    ("{max: 120000}", "[a]", "accept on issue 'army-size'")],
    "set": [("title", "titel", "did you mean 'title'?")],
    "add group": [("economy", "Economy Group", "not a valid group id"),
                  ("economy", "military", "group 'military' already exists")],
    "add issue labels": [('low="Low tariffs"', "low", "--option low has no label"),
                         ("high=High", 'low="Again"', "--option low is given twice")],
}  # fmt: skip


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_writes_keeps_comments_and_passes_check(mini: Path, name: str) -> None:
    args, rel = COMMANDS[name]
    before = (mini / rel).read_text()
    comments = [ln.strip() for ln in before.splitlines() if ln.strip().startswith("#")]
    result = run(mini, *args)
    assert result.exit_code == 0, result.output
    assert f"{mini}/{rel}:" in result.output
    after = (mini / rel).read_text()
    assert after != before
    for comment in comments:
        assert comment in after
    assert peacetracker.check(mini).errors == ()


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_dry_run_writes_nothing(mini: Path, name: str) -> None:
    args, rel = COMMANDS[name]
    before = snapshot(mini)
    result = run(mini, *args, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"+++ {mini}/{rel}" in result.output
    assert "(dry run: nothing written)" in result.output
    assert snapshot(mini) == before


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [(name, *typo) for name, typos in TYPOS.items() for typo in typos],
)
def test_each_command_refuses_bad_input_and_writes_nothing(
    mini: Path, name: str, old: str, new: str, expected: str
) -> None:
    args, _ = COMMANDS[name]
    assert old in args
    bad = [new if a == old else a for a in args]
    before = snapshot(mini)
    result = run(mini, *bad)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert snapshot(mini) == before


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (["edit", "stance", "--party", "northland", "--issue", "army-size",
          "--date", "2026-01-12", "--accept", "{max: 120000}"], "prefer-outside-accept"),
        (["set", "bands", "{agreed: 0, close: 2}"], "bad-bands"),
    ],
)  # fmt: skip
def test_an_edit_check_would_reject_exits_1_and_writes_nothing(
    mini: Path, args: list[str], rule: str
) -> None:
    before = snapshot(mini)
    result = run(mini, *args)
    assert result.exit_code == 1, result.output
    assert "not saved: the edit would make `peacetracker check` fail" in result.output
    assert f"({rule})" in result.output
    assert snapshot(mini) == before


@pytest.mark.parametrize("name", ["add evidence", "edit stance", "set", "add group"])
def test_a_file_changed_on_disk_is_not_overwritten(mini: Path, name: str, monkeypatch) -> None:
    args, rel = COMMANDS[name]
    original_save = Editor.save

    def save_after_someone_else(self, *a, **k):
        (mini / rel).write_text((mini / rel).read_text() + "# someone else's edit\n")
        return original_save(self, *a, **k)

    monkeypatch.setattr(Editor, "save", save_after_someone_else)
    result = run(mini, *args)
    assert result.exit_code == 1, result.output
    assert "changed on disk since it was read" in result.output
    assert (mini / rel).read_text().endswith("# someone else's edit\n")


# -- what each command writes ---------------------------------------------------------


def test_add_group_goes_with_the_issues_and_an_issue_can_join_it(tmp_path: Path) -> None:
    root = tmp_path / "talks"
    CliRunner().invoke(main, ["init", str(root)])
    result = run(root, "add", "issue", "trade", "--name", "Trade", "--question", "Q?",
                 "--scale", "yesno", "--group", "economy")  # fmt: skip
    assert result.exit_code == 2
    assert "unknown group 'economy'" in result.output
    assert "none are defined yet: add one with 'peacetracker add group ID ...' first" in (
        result.output
    )
    assert run(root, "add", "group", "economy", "--name", "Economy").exit_code == 0
    assert run(root, "add", "group", "military", "--name", "Military").exit_code == 0
    assert plain(root / "issues.yaml")["groups"] == {"economy": "Economy", "military": "Military"}
    assert "# Groups of issues" in (root / "issues.yaml").read_text()  # comment kept
    result = run(root, "add", "issue", "trade", "--name", "Trade", "--question", "Q?",
                 "--scale", "yesno", "--group", "economy")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert peacetracker.load(root).issues["trade"].group == "economy"


def test_labelled_options_reach_the_report(mini: Path) -> None:
    args, _ = COMMANDS["add issue labels"]
    assert run(mini, *args).exit_code == 0
    issue = plain(mini / "issues.yaml")["issues"]["tariffs"]
    assert issue["scale"]["options"] == {"low": "Low tariffs", "high": "High"}
    scale = peacetracker.load(mini).issues["tariffs"].scale
    assert scale.label("low") == "Low tariffs"


def test_add_evidence_appends_a_citation(mini: Path) -> None:
    assert run(mini, "add", "evidence", *EVIDENCE, "--speaker", "Foreign minister").exit_code == 0
    stance = plain(mini / "stances/northland.yaml")["stances"]["army-size"][1]
    assert stance["evidence"][-1] == {
        "source": "wire-2026-01-07",
        "quote": "150,000 troops",
        "speaker": "Foreign minister",
    }
    assert len(stance["evidence"]) == 2
    again = run(mini, "add", "evidence", *EVIDENCE)
    assert again.exit_code == 2 and "already cites this quote" in again.output


def test_add_evidence_checks_the_quote(mini: Path) -> None:
    args = [a if a != "150,000 troops" else "200,000 troops" for a in EVIDENCE]
    result = run(mini, "add", "evidence", *args)
    assert result.exit_code == 2
    assert "quote not found in source 'wire-2026-01-07'" in result.output
    assert "peacetracker quote wire-2026-01-07" in result.output


def test_add_evidence_without_terminal_says_what_to_give(mini: Path) -> None:
    result = run(mini, "add", "evidence", "--party", "northland")
    assert result.exit_code == 2 and "missing --issue" in result.output


def test_edit_stance_changes_only_what_is_given(mini: Path) -> None:
    assert run(mini, "edit", "stance", *EDIT).exit_code == 0
    first = plain(mini / "stances/northland.yaml")["stances"]["army-size"][0]
    assert first["accept"] == {"max": 120000}
    assert first["confidence"] == "medium"
    assert first["prefer"] == 100000 and first["move"] == "demand"
    text = (mini / "stances/northland.yaml").read_text()
    # In canonical order: accept after prefer, confidence before event.
    assert text.index("accept: {max: 120000}") < text.index("move: demand")
    assert text.index("confidence: medium") < text.index("event: geneva-talks")
    assert CliRunner().invoke(main, ["fmt", "--check", str(mini)]).exit_code == 0


def test_deprecate_with_a_reason_then_reinstate(mini: Path) -> None:
    base = ["edit", "stance", "--party", "southland", "--issue", "army-size",
            "--date", "2026-01-05"]  # fmt: skip
    result = run(mini, *base, "--status", "deprecated")
    assert result.exit_code == 2 and "a deprecated stance needs a reason" in result.output
    result = run(mini, *base, "--status", "deprecated", "--reason", "misquoted")
    assert result.exit_code == 0, result.output
    first = plain(mini / "stances/southland.yaml")["stances"]["army-size"][0]
    assert (first["status"], first["reason"]) == ("deprecated", "misquoted")
    result = run(mini, *base, "--status", "active")
    assert result.exit_code == 0, result.output
    first = plain(mini / "stances/southland.yaml")["stances"]["army-size"][0]
    assert "status" not in first and "reason" not in first
    assert (mini / "stances/southland.yaml").read_bytes() == (
        Path(__file__).parent / "data/mini/stances/southland.yaml"
    ).read_bytes()


def test_a_stance_does_not_become_withdrawn(mini: Path) -> None:
    result = run(mini, "edit", "stance", "--party", "southland", "--issue", "army-size",
                 "--date", "2026-01-05", "--status", "withdrawn")  # fmt: skip
    assert result.exit_code == 2
    assert "a withdrawal is a new, dated stance" in result.output
    assert "add stance --status withdrawn" in result.output


def test_edit_stance_no_accept_and_nothing_to_change(mini: Path) -> None:
    base = ["edit", "stance", "--party", "southland", "--issue", "army-size",
            "--date", "2026-01-05"]  # fmt: skip
    assert run(mini, *base).exit_code == 2
    assert "nothing to change" in run(mini, *base).output
    same = run(mini, *base, "--prefer", "250000")
    assert same.exit_code == 2 and "already says that" in same.output
    assert run(mini, *base, "--no-accept").exit_code == 0
    first = plain(mini / "stances/southland.yaml")["stances"]["army-size"][0]
    assert "accept" not in first and first["prefer"] == 250000


def test_set_title_and_a_new_settings_file(tmp_path: Path, mini: Path) -> None:
    result = run(mini, "set", "title", "Talks: the fixture")
    assert result.exit_code == 0, result.output
    assert peacetracker.load(mini).settings.title == "Talks: the fixture"
    (mini / "peacetracker.yaml").unlink()
    result = run(mini, "set", "description", "From wire reports")
    assert result.exit_code == 0, result.output
    assert (mini / "peacetracker.yaml").read_text().endswith("description: From wire reports\n")
    assert peacetracker.load(mini).settings.description == "From wire reports"
    assert peacetracker.load(mini).settings.bands[0] == ("agreed", 0.0)
    result = run(mini, "set", "bands", "{agreed: 0, close: 0.3, apart: 0.7, far apart: 1}")
    assert result.exit_code == 0, result.output
    assert peacetracker.load(mini).settings.band(0.65) == "apart"


def test_a_bare_accept_is_written_as_a_list(mini: Path) -> None:
    result = run(mini, "edit", "stance", "--party", "southland", "--issue", "sequencing",
                 "--date", "2026-01-05", "--accept", "ceasefire-first")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "      accept: [ceasefire-first]\n" in (mini / "stances/southland.yaml").read_text()


def test_shell_completion_of_the_stance_options(mini: Path) -> None:
    from click.shell_completion import ShellComplete

    def completions(args: list[str], incomplete: str) -> list[str]:
        comp = ShellComplete(main, {}, "peacetracker", "_PEACETRACKER_COMPLETE")
        return [c.value for c in comp.get_completions(args, incomplete)]

    for command in (["add", "evidence"], ["edit", "stance"]):
        base = [*command, "-d", str(mini)]
        assert completions([*base, "--party"], "east") == ["eastern-league", "eastland"]
        assert completions([*base, "--issue"], "a") == ["army-size", "alliance-membership"]
    assert completions(["edit", "stance", "-d", str(mini), "--issue", "guarantees",
                        "--accept"], "b") == ["binding"]  # fmt: skip
    dates = ["edit", "stance", "-d", str(mini), "--party", "northland", "--issue", "army-size"]
    assert completions([*dates, "--date"], "") == ["2026-01-05", "2026-01-12"]
    assert completions(["add", "evidence", "-d", str(mini), "--source"], "north") == [
        "northland-statement"
    ]


def test_edit_stance_names_what_changed(mini: Path) -> None:
    # prefer is given but already 100000: only accept changes, and the message says so.
    key = ["--party", "northland", "--issue", "army-size", "--date", "2026-01-05"]
    result = run(mini, "edit", "stance", *key, "--prefer", "100000", "--accept", "{max: 100000}")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("changed accept of northland's stance on army-size")
    assert Editor.open(mini).stance("northland", "army-size", "2026-01-05")["accept"] == {
        "max": 100000
    }


def test_stances_sharing_a_date_are_told_apart_by_a_source(mini: Path) -> None:
    """A disputed claim beside another on the same day: ``--citing SOURCE``
    names the one meant; without it the command lists them and changes nothing."""
    result = run(mini, "add", "stance", "--party", "southland", "--issue", "army-size",
                 "--date", "2026-01-05", "--prefer", "150000", "--status", "disputed",
                 "--reason", "the draft's figure, not Southland's", "--source",
                 "wire-2026-01-07", "--quote", "proposing a ceiling of 150,000 troops")  # fmt: skip
    assert result.exit_code == 0, result.output
    key = ["--party", "southland", "--issue", "army-size", "--date", "2026-01-05"]
    before = snapshot(mini)
    result = run(mini, "edit", "stance", *key, "--confidence", "low")
    assert result.exit_code == 2
    assert "southland has 2 stances on army-size dated 2026-01-05" in result.output
    assert "with --citing SOURCE (active, citing wire-2026-01-05; disputed, citing " in (
        result.output
    )
    result = run(mini, "edit", "stance", *key, "--citing", "wire-2026-01-06", "--confidence", "low")
    assert result.exit_code == 2 and "cites 'wire-2026-01-06'" in result.output
    assert snapshot(mini) == before
    result = run(mini, "edit", "stance", *key, "--citing", "wire-2026-01-07",
                 "--status", "deprecated", "--reason", "misread: the draft's figure")  # fmt: skip
    assert result.exit_code == 0, result.output
    cite = ["--source", "wire-2026-01-07", "--quote", "a ceiling of 150,000 troops"]
    result = run(mini, "add", "evidence", *key, "--citing", "wire-2026-01-05", *cite)
    assert result.exit_code == 0, result.output
    first, second = plain(mini / "stances/southland.yaml")["stances"]["army-size"]
    assert [e["source"] for e in first["evidence"]] == ["wire-2026-01-05", "wire-2026-01-07"]
    assert (second["status"], second["reason"]) == ("deprecated", "misread: the draft's figure")


def test_add_evidence_warns_of_an_unverified_quote_as_add_stance_does(mini: Path) -> None:
    """Both commands print the warning as check words it (problems.render_text)."""
    from peacetracker.problems import Problem, render_text

    added = run(mini, "add", "source", "radio-2026-01-13", "--kind", "interview",
                "--outlet", "Radio Example", "--title", "Interview",
                "--published", "2026-01-13")  # fmt: skip
    assert added.exit_code == 0, added.output
    args = [a if a != "wire-2026-01-07" else "radio-2026-01-13" for a in EVIDENCE]
    args[args.index("--quote") + 1] = "words taken on trust"
    result = run(mini, "add", "evidence", *args)
    assert result.exit_code == 0, result.output
    warning = Problem.create("unverified-quote", "stances/northland.yaml", (),
                             source="radio-2026-01-13")
    assert result.stderr == render_text([warning], position=False) + "\n"
    assert result.stderr.splitlines() == [
        "warning: quote cannot be verified: source 'radio-2026-01-13' has no stored text "
        "(unverified-quote)",
        "    fix: add the source's text to the dataset (e.g. texts/radio-2026-01-13.txt) and "
        "point 'path:' of source 'radio-2026-01-13' to it",
    ]
