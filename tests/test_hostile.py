"""Hostile files through the real CLI, each command in its own process (a
segfault or a hang must show as a failure, not kill the test run): every
command ends, in time, with a located error and no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"

STANCE = [
    "--party", "northland", "--issue", "guarantees", "--date", "2026-01-13",
    "--prefer", "assurances", "--accept", "{min: none, max: assurances}",
    "--source", "northland-statement", "--quote", "rejects - in the strongest terms",
    "--no-interactive",
]  # fmt: skip


def _env(**more: str) -> dict[str, str]:
    env = dict(os.environ, **more)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PEACETRACKER_DEBUG", None)
    return env


def cli(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "peacetracker", *args],
        capture_output=True, text=True, env=_env(**env), timeout=timeout, check=False,
    )  # fmt: skip


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def _commands(root: Path) -> dict[str, list[str]]:
    return {
        "check": ["check", str(root)],
        "report": ["report", str(root)],
        "add": ["add", "stance", "-d", str(root), *STANCE],
        "fmt": ["fmt", str(root)],
    }


@pytest.mark.parametrize("command", ["check", "report", "add", "fmt"])
def test_deep_nesting_is_a_located_error_not_a_segfault(mini: Path, command: str) -> None:
    (mini / "notes.yaml").write_text("groups:\n  deep: " + "[" * 30_000 + "]" * 30_000 + "\n")
    result = cli(*_commands(mini)[command])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if command == "add":  # an error already there does not stop an edit elsewhere
        assert result.returncode == 0, (result.returncode, result.stderr[-500:])
        assert "2026-01-13" in (mini / "stances/northland.yaml").read_text()
    else:
        assert result.returncode in (1, 2), (result.returncode, result.stderr[-500:])
        assert "notes.yaml:2:" in result.stdout + result.stderr
