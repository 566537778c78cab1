"""The pre-commit hooks run commands that exist, with arguments they accept."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

from peacetracker.cli import main

ROOT = Path(__file__).resolve().parent.parent


def hooks() -> dict[str, dict]:
    data = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {h["id"]: h for h in data}


def test_hooks_are_well_formed() -> None:
    found = hooks()
    assert set(found) == {"peacetracker-check", "peacetracker-fmt"}
    for hook in found.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["entry"].startswith("peacetracker ")
        assert hook["pass_filenames"] is False


def test_hooks_pass_on_a_clean_dataset_and_fail_on_a_bad_one(tmp_path: Path, mini_path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    runner = CliRunner()
    for hook in hooks().values():
        args = [*shlex.split(hook["entry"])[1:], str(root)]
        assert runner.invoke(main, args).exit_code == 0, hook["id"]
    path = root / "stances/northland.yaml"
    path.write_text(
        path.read_text()
        .replace("  army-size:\n", "  army-size:\n    # x\n", 1)
        .replace("      prefer: 100000\n", "      prefer: 100000\n      date2: x\n")
    )
    (root / "parties.yaml").write_text(
        (root / "parties.yaml")
        .read_text()
        .replace("    name: Northland\n    kind: state\n", "    kind: state\n    name: Northland\n")
    )
    codes = {
        hook["id"]: runner.invoke(main, [*shlex.split(hook["entry"])[1:], str(root)]).exit_code
        for hook in hooks().values()
    }
    assert codes == {"peacetracker-check": 1, "peacetracker-fmt": 1}
