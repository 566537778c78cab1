"""``peacetracker check`` through click's CliRunner: exit codes and formats."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from peacetracker.cli import main


@pytest.fixture
def broken(tmp_path, mini_path):
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    path = root / "parties.yaml"
    path.write_text(path.read_text().replace("kind: coalition", "kind: coalitoin"))
    return root


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def test_clean_dataset_exits_0_with_a_summary(mini_path):
    result = run("check", mini_path)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "0 errors, 3 warnings in 2 files (of 8 checked)"
    assert f"{mini_path}/stances/northland.yaml:8:15: warning: no acceptable zone" in result.output


def test_strict_makes_warnings_fail(mini_path):
    assert run("check", "--strict", mini_path).exit_code == 1


def test_quiet_hides_warnings_and_the_clean_summary(mini_path):
    result = run("check", "--quiet", mini_path)
    assert result.exit_code == 0 and result.output == ""


def test_errors_exit_1_in_text(broken):
    result = run("check", broken)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{broken}/parties.yaml:14:11: error: 'kind' is 'coalitoin', which is not one of "
        "state, coalition, bloc, organisation, plan, person, other (bad-choice)"
    )
    assert lines[1] == "    fix: did you mean 'coalition'?"
    assert lines[-1] == "1 error, 3 warnings in 3 files (of 8 checked)"


def test_json_format(broken):
    result = run("check", "--format", "json", broken)
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert (payload["errors"], payload["warnings"], payload["files"]) == (1, 3, 8)
    first = payload["problems"][0]
    assert first["file"] == f"{broken}/parties.yaml"
    assert (first["line"], first["col"], first["rule"], first["level"]) == (
        14,
        11,
        "bad-choice",
        "error",
    )
    assert first["path"] == ["parties", "eastern-league", "kind"]


def test_github_format(broken):
    result = run("check", "-f", "github", broken)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"::error file={broken}/parties.yaml,line=14,col=11,title=bad-choice::'kind' is "
        "'coalitoin', which is not one of state, coalition, bloc, organisation, plan, person, "
        "other (fix: did you mean 'coalition'?)"
    )


def test_no_dataset_here_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert "no dataset in the current directory" in result.output


def test_current_directory_is_used_when_it_holds_a_dataset(mini_path, monkeypatch):
    monkeypatch.chdir(mini_path)
    result = run("check")
    assert result.exit_code == 0
    assert "stances/northland.yaml:8:15: warning" in result.output.splitlines()[2]


def test_not_a_directory_is_a_usage_error(tmp_path):
    result = run("check", tmp_path / "nowhere")
    assert result.exit_code == 2


def test_bad_format_is_a_usage_error(mini_path):
    result = run("check", "--format", "xml", mini_path)
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'json', 'github'" in result.output


def test_an_unexpected_failure_names_the_file_and_asks_for_a_report(broken, monkeypatch):
    def boom(relpath, data):
        raise KeyError("surprise")

    monkeypatch.setattr("peacetracker.loading._load.read_file", boom)
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")  # a cache hit would skip the reader
    monkeypatch.delenv("PEACETRACKER_DEBUG", raising=False)
    result = run("check", broken)
    assert result.exit_code == 2
    assert "internal error while reading events.yaml: KeyError: 'surprise'" in result.output
    assert "This is a bug in peacetracker" in result.output
    assert "Traceback" not in result.output


def test_help_carries_an_example():
    result = run("check", "--help")
    assert result.exit_code == 0 and "peacetracker check positions/" in result.output


def console_block(section: str) -> tuple[list[str], str]:
    """The first console example of a docs/cli.md section: its command and output."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text()
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", body, re.S).group(1)
    command, _, output = block.partition("\n")
    return command.removeprefix("$ peacetracker ").split(), output


def test_the_docs_example_is_what_check_prints(monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    args, output = console_block("peacetracker check")
    result = run(*args)
    assert result.exit_code == 0
    assert result.output == output


def test_an_empty_directory_names_itself(tmp_path):
    (tmp_path / "stances").mkdir()
    result = run("check", tmp_path)
    assert result.exit_code == 2  # not a dataset: a usage error, like a missing directory
    assert result.output.splitlines()[-1].startswith(
        f"Error: '{tmp_path}' is not a dataset: it holds no registry file"
    )


def test_a_failure_across_files_says_so(broken, monkeypatch):
    def boom(*args, **kwargs):
        raise ValueError("oops")

    monkeypatch.setattr("peacetracker.loading._load.resolve", boom)
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")  # a cached result would not fail
    monkeypatch.delenv("PEACETRACKER_DEBUG", raising=False)
    result = run("check", broken)
    assert result.exit_code == 2
    assert "internal error while checking across files: ValueError: oops" in result.output


def test_the_progress_counter_for_big_datasets():
    import io

    from peacetracker.cli.check import _progress

    out = io.StringIO()
    show = _progress(out)
    for done in range(1, 61):
        show(done, 60)
    assert out.getvalue() == "\rchecking 25/60 files\rchecking 50/60 files\rchecking 60/60 files\n"
    small = io.StringIO()
    _progress(small)(3, 10)
    assert small.getvalue() == ""


def test_the_stances_folder_is_not_a_dataset(mini_path):
    result = run("check", mini_path / "stances")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: '{mini_path}/stances' is not a dataset: it holds no registry file "
        f"(parties.yaml, issues.yaml, ...); the nearest dataset above it is {mini_path}: "
        f"try 'peacetracker check {mini_path}'"
    )
    assert "unknown party" not in result.output


def test_a_folder_that_is_no_dataset_at_all(tmp_path):
    for n in range(30):
        (tmp_path / f"f{n}.yaml").write_text("a: 1\n")
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: '{tmp_path}' is not a dataset: it holds no registry file "
        "(parties.yaml, issues.yaml, ...), and no folder above it is a dataset"
    )


def test_bare_check_inside_a_dataset_folder_names_the_dataset(mini_path, monkeypatch):
    monkeypatch.chdir(mini_path / "stances")
    result = run("check")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: no dataset in the current directory: it holds no registry file "
        "(parties.yaml, issues.yaml, ...); the nearest dataset above it is ..: "
        "try 'peacetracker check ..'"
    )


def test_the_docs_example_of_a_folder_that_is_not_a_dataset(monkeypatch):
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    text = (root / "docs" / "cli.md").read_text()
    body = text.split("## peacetracker check\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```text\n\s*\$ peacetracker (check [^\n]*)\n(.*?)```", body, re.S)
    result = run(*block.group(1).split())
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == block.group(2).strip()


# -- a flood of one warning is summarised in text, listed whole elsewhere --------------

POSITIONS = __import__("pathlib").Path(__file__).resolve().parent.parent / "positions"


def _rule_counts(output: str) -> dict[str, int]:
    import collections

    return dict(collections.Counter(
        line.rsplit("(", 1)[1].rstrip(")") for line in output.splitlines()
        if ": warning: " in line or ": error: " in line
    ))


def test_text_output_shows_five_warnings_of_a_rule_then_a_count():
    everything = json.loads(run("check", "-f", "json", POSITIONS).output)
    total = sum(p["rule"] == "no-accept" for p in everything["problems"])
    assert total > 5
    result = run("check", POSITIONS)
    assert result.exit_code == 0
    assert _rule_counts(result.output)["no-accept"] == 5
    lines = result.output.splitlines()
    assert f"... and {total - 5} more no-accept warnings (--all lists them)" in lines
    # The summary still counts every problem.
    assert lines[-1].startswith(f"0 errors, {everything['warnings']} warnings")


def test_all_lists_every_warning():
    everything = json.loads(run("check", "-f", "json", POSITIONS).output)
    result = run("check", "--all", POSITIONS)
    counts = _rule_counts(result.output)
    assert sum(counts.values()) == len(everything["problems"])
    assert "more no-accept" not in result.output


def test_github_format_lists_every_warning():
    everything = json.loads(run("check", "-f", "json", POSITIONS).output)
    result = run("check", "-f", "github", POSITIONS)
    assert sum(line.startswith("::warning ") for line in result.output.splitlines()) == len(
        everything["problems"])


def test_errors_are_never_summarised(tmp_path, mini_path):
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    extra = "".join(
        f"  west-{n}:\n    name: W{n}\n    kind: stat\n" for n in range(8)
    )
    (root / "more.yaml").write_text("parties:\n" + extra)
    result = run("check", root)
    assert result.exit_code == 1
    assert _rule_counts(result.output)["bad-choice"] == 8


def test_a_tab_in_the_text_of_a_note_is_not_an_indentation_error(tmp_path, mini_path):
    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    path = root / "stances/northland.yaml"
    text = path.read_text()
    noted = (
        "      event: geneva-talks\n      note: |\n        Pasted from a table:\n"
        "        \tcol 1\tcol 2\n"
    )
    assert "      event: geneva-talks\n" in text
    path.write_text(text.replace("      event: geneva-talks\n", noted, 1))
    result = run("check", root)
    assert result.exit_code == 0, result.output
    assert "(tab)" not in result.output
    # The same tab indenting a key is still an error, on its line.
    path.write_text(text.replace("      move: demand\n", "\t    move: demand\n", 1))
    result = run("check", root)
    assert result.exit_code == 1
    assert f"{path}:9:1: error: " in result.output and "(tab)" in result.output
