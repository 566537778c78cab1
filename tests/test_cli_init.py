"""``peacetracker init``: a new, empty dataset that ``check`` accepts, and the
editing commands' word on where to start."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

import peacetracker
from peacetracker.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_init_writes_a_dataset_check_accepts(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "talks"), "--title", "Northland–Southland: talks")
    assert result.exit_code == 0, result.output
    root = tmp_path / "talks"
    assert result.stdout == f"started a dataset in {root}/ (9 files)\n"
    for rel in ("peacetracker.yaml", "parties.yaml", "issues.yaml", "sources.yaml",
                "events.yaml", "README.md", "schema/stances.schema.json"):  # fmt: skip
        assert (root / rel).is_file(), rel
    assert (root / "stances").is_dir() and (root / "texts").is_dir()
    assert peacetracker.check(root).problems == ()
    settings = YAML(typ="safe").load((root / "peacetracker.yaml").read_text())
    assert settings == {"title": "Northland–Southland: talks"}
    assert peacetracker.load(root).settings.title == "Northland–Southland: talks"
    for rel in ("parties.yaml", "issues.yaml", "sources.yaml", "events.yaml"):
        first = (root / rel).read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema/registry.schema.json"
    assert run("check", str(root)).exit_code == 0


def test_init_without_title_takes_the_folder_name(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "talks")).exit_code == 0
    tmp_path = tmp_path / "talks"
    assert 'peacetracker set title "..."' in (tmp_path / "peacetracker.yaml").read_text()
    assert peacetracker.load(tmp_path).settings.title == "talks"  # the folder's name
    assert peacetracker.check(tmp_path).problems == ()


def test_init_refuses_a_dataset_and_overwrites_nothing(tmp_path: Path, mini_path: Path) -> None:
    result = run("init", str(mini_path))
    assert result.exit_code == 2
    assert "already holds a dataset" in result.output
    (tmp_path / "parties.yaml.bak").write_text("x")
    (tmp_path / "stances").mkdir()
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path} already holds stances" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parties.yaml.bak", "stances"]
    (tmp_path / "file").write_text("")
    result = run("init", str(tmp_path / "file"))
    assert result.exit_code == 2 and "is a file" in result.output


def test_a_new_dataset_is_edited_from_inside_without_d(tmp_path: Path, monkeypatch) -> None:
    run("init", str(tmp_path / "talks"))
    monkeypatch.chdir(tmp_path / "talks")
    result = run("add", "party", "northland", "--name", "Northland")
    assert result.exit_code == 0, result.output
    assert result.output == "added party northland at parties.yaml:4\n"
    assert peacetracker.load(".").parties["northland"].name == "Northland"


def test_outside_a_dataset_the_editing_commands_say_how_to_start(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("add", "party", "northland", "--name", "Northland")
    assert result.exit_code == 2
    assert "no dataset in the current directory" in result.output
    assert "peacetracker init ." in result.output
    run("init", "talks")
    monkeypatch.chdir(tmp_path / "talks" / "stances")
    result = run("add", "party", "northland", "--name", "Northland")
    assert result.exit_code == 2
    assert "the nearest dataset above it is ..: give -d .." in result.output


def test_the_documented_example_runs(tmp_path: Path) -> None:
    from _console import parse, run_steps
    from test_cli_docs_editing import section

    steps = [s for s in parse(section("init")) if s.kind == "run"]
    assert len(steps) == 3
    assert run_steps(steps, tmp_path) == []
    assert (tmp_path / "talks" / "README.md").read_text().startswith(
        "# Northland-Southland talks\n"
    )


def test_an_unknown_id_in_a_new_dataset_says_where_it_goes(tmp_path: Path) -> None:
    root = tmp_path / "talks"
    run("init", str(root))
    issues = root / "issues.yaml"
    issues.write_text(issues.read_text().replace(
        "issues: {}\n",
        "issues:\n  x:\n    name: X\n    question: Q?\n    group: military\n"
        "    scale: {type: yesno}\n",
    ))  # fmt: skip
    (problem,) = peacetracker.check(root).errors
    assert (problem.rule, problem.fix) == (
        "unknown-group",
        "none are defined yet: register it under 'groups:' (peacetracker add group military ...)",
    )
