"""``peacetracker add``: flags, prompts, completion, and the quote check."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner
from ruamel.yaml import YAML

from peacetracker.cli import _editing, main


@pytest.fixture
def mini(tmp_path: Path, mini_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    return root


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def plain(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text())


STANCE = [
    "--party", "northland", "--issue", "guarantees", "--date", "2026-01-13",
    "--prefer", "assurances", "--accept", "{min: none, max: assurances}", "--move", "offer",
    "--source", "northland-statement", "--quote", "rejects - in the strongest terms",
    "--speaker", "Foreign minister",
]  # fmt: skip


def test_add_stance_with_flags(mini: Path) -> None:
    result = run("add", "stance", "-d", str(mini), *STANCE)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"added northland's stance on guarantees (2026-01-13) at {mini}/stances/northland.yaml:"
    )
    (new,) = plain(mini / "stances/northland.yaml")["stances"]["guarantees"]
    assert new == {
        "date": dt.date(2026, 1, 13),
        "prefer": "assurances",
        "accept": {"min": "none", "max": "assurances"},
        "move": "offer",
        "evidence": [
            {
                "source": "northland-statement",
                "quote": "rejects - in the strongest terms",
                "speaker": "Foreign minister",
            }
        ],
    }


def test_dry_run_shows_diff_and_writes_nothing(mini: Path) -> None:
    before = (mini / "stances/northland.yaml").read_bytes()
    result = run("add", "stance", "-d", str(mini), *STANCE, "--dry-run")
    assert result.exit_code == 0
    assert f"+++ {mini}/stances/northland.yaml" in result.output
    assert "+      prefer: assurances" in result.output
    assert (mini / "stances/northland.yaml").read_bytes() == before


def test_quote_not_in_source_is_refused_before_writing(mini: Path) -> None:
    before = (mini / "stances/northland.yaml").read_bytes()
    args = [
        a if a != "rejects - in the strongest terms" else "rejects in strong terms" for a in STANCE
    ]
    result = run("add", "stance", "-d", str(mini), *args)
    assert result.exit_code == 2
    assert "quote not found in source 'northland-statement'" in result.output
    assert "closest passage, texts/statement.txt line 4" in result.output  # as in sources.yaml
    assert "peacetracker quote northland-statement" in result.output
    assert (mini / "stances/northland.yaml").read_bytes() == before


def test_bad_value_names_the_choices(mini: Path) -> None:
    args = [a if a != "assurances" else "strong" for a in STANCE]
    result = run("add", "stance", "-d", str(mini), *args)
    assert result.exit_code == 2
    assert "unknown option 'strong'" in result.output
    assert "none, assurances, binding, membership" in result.output


def test_missing_flag_without_terminal_says_what_to_give(mini: Path) -> None:
    result = run("add", "stance", "-d", str(mini), "--party", "northland")
    assert result.exit_code == 2
    assert "missing --issue" in result.output
    assert "army-size" in result.output  # the choices


def test_prompts_for_missing_fields_only(mini: Path, monkeypatch) -> None:
    monkeypatch.setattr(_editing, "is_terminal", lambda: True)
    from peacetracker.cli import add as add_module

    monkeypatch.setattr(add_module, "is_terminal", lambda: True)
    # Given: party and issue.  Asked: source, quote, date (defaults to the
    # source's publication date: accepted with Enter), prefer.
    result = run(
        "add",
        "stance",
        "-d",
        str(mini),
        "--party",
        "southland",
        "--issue",
        "guarantees",
        input="wire-2026-01-07\noffers binding security commitments\n\nbinding\n",
    )
    assert result.exit_code == 0, result.output
    assert "Party" not in result.output and "Issue" not in result.output
    assert "Source (wire-2026-01-05, wire-2026-01-07, northland-statement)" in result.output
    assert "Date (YYYY-MM-DD) [2026-01-07]" in result.output
    assert "Preferred point (none, assurances, binding, membership)" in result.output
    (new,) = plain(mini / "stances/southland.yaml")["stances"]["guarantees"]
    assert new["date"] == dt.date(2026, 1, 7)
    assert new["prefer"] == "binding"


def test_interactive_flag_prompts(mini: Path) -> None:
    result = run("add", "party", "-d", str(mini), "--interactive", input="farland\nFarland\n")
    assert result.exit_code == 0, result.output
    assert plain(mini / "parties.yaml")["parties"]["farland"] == {"name": "Farland"}


def test_add_party_issue_source(mini: Path) -> None:
    assert (
        run(
            "add",
            "party",
            "-d",
            str(mini),
            "farland",
            "--name",
            "Farland",
            "--alias",
            "the Far",
            "--capability",
            "10",
        ).exit_code
        == 0
    )
    assert (
        run(
            "add",
            "issue",
            "-d",
            str(mini),
            "reparations",
            "--name",
            "Reparations",
            "--question",
            "How much?",
            "--scale",
            "numeric",
            "--unit",
            "EUR",
            "--min",
            "0",
            "--group",
            "political",
        ).exit_code
        == 0
    )
    assert (
        run(
            "add",
            "issue",
            "-d",
            str(mini),
            "venue",
            "--name",
            "Venue",
            "--question",
            "Where?",
            "--scale",
            "categorical",
            "--option",
            "geneva",
            "--option",
            "vienna",
        ).exit_code
        == 0
    )
    (mini / "texts/new.txt").write_text("Talks stall.\n")
    result = run(
        "add",
        "source",
        "-d",
        str(mini),
        "wire-2026-01-20",
        "--kind",
        "article",
        "--outlet",
        "Example Wire",
        "--title",
        "Talks stall",
        "--published",
        "2026-01-20",
        "--path",
        "texts/new.txt",
    )
    assert result.exit_code == 0, result.output
    assert plain(mini / "parties.yaml")["parties"]["farland"] == {
        "name": "Farland",
        "aliases": ["the Far"],
        "capability": 10,
    }
    issues = plain(mini / "issues.yaml")["issues"]
    assert issues["reparations"]["scale"] == {"type": "numeric", "unit": "EUR", "min": 0}
    assert issues["venue"]["scale"] == {"type": "categorical", "options": ["geneva", "vienna"]}
    text = (mini / "issues.yaml").read_text()
    # Like the other scales with options: block style, the options in flow style.
    assert "    scale:\n      type: categorical\n      options: [geneva, vienna]\n" in text
    assert plain(mini / "sources.yaml")["sources"]["wire-2026-01-20"]["published"] == dt.date(
        2026, 1, 20
    )


def test_errors_for_registries(mini: Path) -> None:
    result = run("add", "party", "-d", str(mini), "northland", "--name", "Again")
    assert result.exit_code == 2 and "party 'northland' already exists" in result.output
    result = run("add", "party", "-d", str(mini), "Bad Id", "--name", "X")
    assert result.exit_code == 2 and "not a valid party id" in result.output
    result = run(
        "add",
        "source",
        "-d",
        str(mini),
        "s",
        "--kind",
        "article",
        "--outlet",
        "o",
        "--title",
        "t",
        "--published",
        "2026-01-20",
        "--path",
        "../outside.txt",
    )
    assert result.exit_code == 2 and "leaves the dataset directory" in result.output
    result = run(
        "add",
        "issue",
        "-d",
        str(mini),
        "x",
        "--name",
        "X",
        "--question",
        "Q?",
        "--scale",
        "ordinal",
    )
    assert result.exit_code == 2 and "options" in result.output


def completions(args: list[str], incomplete: str) -> list[str]:
    comp = ShellComplete(main, {}, "peacetracker", "_PEACETRACKER_COMPLETE")
    return [c.value for c in comp.get_completions(args, incomplete)]


def test_shell_completion_from_registries(mini: Path) -> None:
    base = ["add", "stance", "-d", str(mini)]
    assert completions([*base, "--party"], "") == [
        "northland",
        "southland",
        "eastern-league",
        "eastland",
        "westland",
        "draft-12-point",
    ]
    assert completions([*base, "--party"], "east") == ["eastern-league", "eastland"]
    assert completions([*base, "--issue"], "a") == ["army-size", "alliance-membership"]
    assert completions([*base, "--source"], "wire") == ["wire-2026-01-05", "wire-2026-01-07"]
    assert completions([*base, "--issue", "guarantees", "--prefer"], "") == [
        "none",
        "assurances",
        "binding",
        "membership",
    ]
    assert completions([*base, "--issue", "alliance-membership", "--prefer"], "") == ["yes", "no"]
    assert completions([*base, "--event"], "") == ["geneva-talks", "draft-published"]
    assert completions(["quote", "-d", str(mini)], "north") == ["northland-statement"]


def test_prompt_asks_again_for_an_unknown_id(mini: Path) -> None:
    result = run(
        "add", "stance", "-d", str(mini), "--interactive", "--issue", "sequencing",
        "--source", "wire-2026-01-05", "--quote", "Both sides said", "--date", "2026-01-06",
        "--prefer", "ceasefire-first",
        input="southlnd\nsouthland\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "'southlnd' is not one of" in result.output
    items = plain(mini / "stances/southland.yaml")["stances"]["sequencing"]
    assert [s["date"] for s in items] == [dt.date(2026, 1, 5), dt.date(2026, 1, 6)]


def test_withdrawal_needs_no_preferred_point(mini: Path) -> None:
    result = run(
        "add", "stance", "-d", str(mini), "--party", "northland", "--issue", "foreign-troops",
        "--date", "2026-01-20", "--status", "withdrawn", "--source", "northland-statement",
        "--quote", "the stationing of any foreign troops",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    last = plain(mini / "stances/northland.yaml")["stances"]["foreign-troops"][-1]
    assert last == {
        "date": dt.date(2026, 1, 20),
        "status": "withdrawn",
        "evidence": [{"source": "northland-statement",
                      "quote": "the stationing of any foreign troops"}],
    }  # fmt: skip


def test_check_refusal_exits_1_and_lists_the_problem(mini: Path) -> None:
    before = (mini / "stances/northland.yaml").read_bytes()
    result = run(
        "add", "stance", "-d", str(mini), "--party", "northland", "--issue", "army-size",
        "--date", "2026-01-20", "--prefer", "200000", "--accept", "{max: 150000}",
        "--source", "northland-statement", "--quote", "a ceiling of 150,000 troops",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "error: not saved: the edit would make `peacetracker check` fail" in result.output
    assert "(prefer-outside-accept)" in result.output
    assert (mini / "stances/northland.yaml").read_bytes() == before


def test_conditions_and_event(mini: Path) -> None:
    result = run(
        "add", "stance", "-d", str(mini), "--party", "southland", "--issue", "army-size",
        "--date", "2026-01-12", "--prefer", "220000", "--accept", "{min: 200000}",
        "--condition", "alliance-membership=yes", "--condition", "guarantees=binding",
        "--event", "geneva-talks", "--source", "wire-2026-01-05",
        "--quote", "we could accept 200,000 only with guarantees",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    last = plain(mini / "stances/southland.yaml")["stances"]["army-size"][-1]
    assert last["conditions"] == [
        {"issue": "alliance-membership", "value": "yes"},
        {"issue": "guarantees", "value": "binding"},
    ]
    assert last["event"] == "geneva-talks"
    bad = run("add", "stance", "-d", str(mini), "--party", "southland", "--issue", "army-size",
              "--date", "2026-01-13", "--prefer", "1", "--condition", "nonsense",
              "--source", "wire-2026-01-05", "--quote", "we could accept")  # fmt: skip
    assert bad.exit_code == 2 and "is not ISSUE=VALUE" in bad.output


def test_add_issue_prompts_for_its_options(mini: Path) -> None:
    result = run(
        "add", "issue", "-d", str(mini), "--interactive",
        input="venue\nVenue\nWhere will talks be held?\ncategorical\ngeneva, vienna\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    issue = plain(mini / "issues.yaml")["issues"]["venue"]
    assert issue == {
        "name": "Venue",
        "question": "Where will talks be held?",
        "scale": {"type": "categorical", "options": ["geneva", "vienna"]},
    }


def test_a_quote_from_a_source_without_stored_text_is_added_with_a_warning(mini: Path) -> None:
    """Many sources have no stored text: the quote is taken on trust, and add says so."""
    result = run(
        "add", "source", "-d", str(mini), "radio-2026-01-13", "--kind", "interview",
        "--outlet", "Radio Example", "--title", "Interview", "--published", "2026-01-13",
    )
    assert result.exit_code == 0, result.output
    args = [a if a != "northland-statement" else "radio-2026-01-13" for a in STANCE]
    args[args.index("--quote") + 1] = "totally invented words"
    result = CliRunner().invoke(main, ["add", "stance", "-d", str(mini), *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added northland's stance on guarantees")
    assert result.stderr.splitlines() == [
        "warning: quote cannot be verified: source 'radio-2026-01-13' has no stored text "
        "(unverified-quote)",
        "    fix: add the source's text to the dataset (e.g. texts/radio-2026-01-13.txt) and "
        "point 'path:' of source 'radio-2026-01-13' to it",
    ]
    (new,) = plain(mini / "stances/northland.yaml")["stances"]["guarantees"]
    assert new["evidence"][0]["quote"] == "totally invented words"


def test_a_quote_checked_against_stored_text_gives_no_warning(mini: Path) -> None:
    result = CliRunner().invoke(main, ["add", "stance", "-d", str(mini), *STANCE])
    assert result.exit_code == 0, result.output
    assert "cannot be verified" not in result.stderr


def test_a_folder_inside_a_dataset_is_refused(mini: Path) -> None:
    """``-d stances`` instead of the dataset: nothing written, the dataset named."""
    before = (mini / "stances/northland.yaml").read_text()
    result = run("add", "party", "farland", "--name", "Farland", "-d", str(mini / "stances"))
    assert result.exit_code == 2
    assert f"'{mini}/stances' is not a dataset" in result.output
    assert f"the nearest dataset above it is {mini}: give -d {mini}" in result.output
    assert "unknown party" not in result.output
    assert not (mini / "stances/parties.yaml").exists()
    assert (mini / "stances/northland.yaml").read_text() == before


EVENT = [
    "vienna-talks", "--date", "2026-01-20", "--title", "Talks move to Vienna",
    "--parties", "northland,southland", "--sources", "wire-2026-01-07",
]  # fmt: skip


def test_add_event_with_flags_keeps_the_comments(mini: Path) -> None:
    path = mini / "events.yaml"
    old = path.read_text() + "  # More to come.\n"
    path.write_text(old)
    result = run("add", "event", "-d", str(mini), *EVENT, "--parties", "eastland", "--note", "N.")
    assert result.exit_code == 0, result.output
    assert result.output == f"added event vienna-talks at {mini}/events.yaml:13\n"
    new = path.read_text()
    assert new.startswith(old.removesuffix("  # More to come.\n")) and "# More to come." in new
    assert plain(path)["events"]["vienna-talks"] == {
        "date": dt.date(2026, 1, 20),
        "title": "Talks move to Vienna",
        "parties": ["northland", "southland", "eastland"],
        "sources": ["wire-2026-01-07"],
        "note": "N.",
    }
    # A stance can name it now.
    result = run("add", "stance", "-d", str(mini), *STANCE, "--event", "vienna-talks")
    assert result.exit_code == 0, result.output


def test_add_event_dry_run_shows_diff_and_writes_nothing(mini: Path) -> None:
    before = (mini / "events.yaml").read_bytes()
    result = run("add", "event", "-d", str(mini), *EVENT, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"+++ {mini}/events.yaml" in result.output
    assert "+    parties: [northland, southland]" in result.output
    assert "(dry run: nothing written)" in result.output
    assert (mini / "events.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("northland,southland", "northland,southlnd"), "unknown party 'southlnd'"),
        (("northland,southland", "northland,southlnd"), "did you mean 'southland'?"),
        (("wire-2026-01-07", "wire-2026-01-08"), "unknown source 'wire-2026-01-08'"),
        (("2026-01-20", "20 January"), "'20 January' is not a date"),
        (("vienna-talks", "geneva-talks"), "event 'geneva-talks' already exists"),
        (("vienna-talks", "Vienna"), "'Vienna' is not a valid event id"),
    ],
)
def test_add_event_refuses_what_check_would_reject(mini: Path, change, expected) -> None:
    before = (mini / "events.yaml").read_bytes()
    args = [change[1] if a == change[0] else a for a in EVENT]
    result = run("add", "event", "-d", str(mini), *args)
    assert result.exit_code == 2
    assert expected in result.output
    assert (mini / "events.yaml").read_bytes() == before


def test_add_event_asks_only_in_a_terminal(mini: Path, monkeypatch) -> None:
    result = run("add", "event", "-d", str(mini), "vienna-talks", "--title", "T")
    assert result.exit_code == 2
    assert "missing --date" in result.output and "give --date" in result.output
    from peacetracker.cli import add as add_module

    monkeypatch.setattr(add_module, "is_terminal", lambda: True)
    result = run(
        "add", "event", "-d", str(mini), "--parties", "westland",
        input="vienna-talks\n2026-01-20\nTalks move to Vienna\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Event id (e.g. geneva-summit)" in result.output
    assert "Date (YYYY-MM-DD)" in result.output and "What happened (one line)" in result.output
    assert plain(mini / "events.yaml")["events"]["vienna-talks"] == {
        "date": dt.date(2026, 1, 20),
        "title": "Talks move to Vienna",
        "parties": ["westland"],
    }


def test_add_event_completes_lists_of_ids(mini: Path) -> None:
    base = ["add", "event", "-d", str(mini), "x"]
    assert completions([*base, "--parties"], "east") == ["eastern-league", "eastland"]
    assert completions([*base, "--parties"], "northland,south") == ["northland,southland"]
    # An id already in the list is not offered again.
    assert "northland,northland" not in completions([*base, "--parties"], "northland,")
    assert completions([*base, "--sources"], "wire") == ["wire-2026-01-05", "wire-2026-01-07"]
    assert completions([*base, "--sources"], "wire-2026-01-05,n") == [
        "wire-2026-01-05,northland-statement"
    ]


def test_add_event_help_carries_an_example() -> None:
    result = run("add", "event", "--help")
    assert result.exit_code == 0
    assert "peacetracker add event vienna-talks --date 2026-01-20" in result.output
    assert "--parties ID,..." in result.output and "--sources ID,..." in result.output
