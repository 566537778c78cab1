"""The edit lock: one editing command at a time per dataset, no lost edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from peacetracker.editing import Editor, LockedError
from peacetracker.editing._lock import LOCK_NAME, EditLock

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture
def mini(tmp_path: Path, mini_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    return root


def _env(**more: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(SRC), **more)
    env.pop("PEACETRACKER_DEBUG", None)
    return env


def _add(mini: Path, date: str, **env: str) -> subprocess.Popen:
    args = [
        sys.executable, "-m", "peacetracker", "add", "stance", "-d", str(mini),
        "--party", "northland", "--issue", "guarantees", "--date", date,
        "--prefer", "assurances", "--accept", "{min: none, max: assurances}",
        "--source", "northland-statement", "--quote", "rejects - in the strongest terms",
        "--no-interactive",
    ]  # fmt: skip
    return subprocess.Popen(
        args, env=_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _dates(mini: Path) -> set[str]:
    data = YAML(typ="safe", pure=True).load((mini / "stances/northland.yaml").read_text())
    return {str(s["date"]) for s in (data["stances"].get("guarantees") or [])}


def test_an_editor_holds_the_lock_until_it_saves(mini: Path) -> None:
    editor = Editor.open(mini)
    # Another process cannot take it meanwhile (flock locks are per open file).
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys; from peacetracker.editing import EditLock, LockedError\n"
         "try:\n    EditLock(sys.argv[1]).acquire(timeout=0.2)\n"
         "except LockedError as e:\n    print(e.message); sys.exit(3)\n",
         str(mini)],
        env=_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert probe.returncode == 3, probe.stderr
    assert "is being edited by another peacetracker command" in probe.stdout
    editor.save()  # nothing to write: the lock is given back
    free = EditLock(mini)
    free.acquire(timeout=0)
    free.release()


def test_the_lock_nests_within_one_process(mini: Path) -> None:
    with Editor.open(mini), Editor.open(mini) as inner:
        assert inner.registry("parties")
    assert (mini / LOCK_NAME).exists()


def test_a_command_that_cannot_get_the_lock_refuses_and_writes_nothing(mini: Path) -> None:
    before = (mini / "stances/northland.yaml").read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from peacetracker.editing import EditLock\n"
         "lock = EditLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(30)",
         str(mini)],
        env=_env(), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        proc = _add(mini, "2026-01-13", PEACETRACKER_LOCK_TIMEOUT="0.5")
        out, err = proc.communicate(timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1, (out, err)
    assert "is being edited by another peacetracker command" in err
    assert "nothing was written" in err
    assert "Traceback" not in err
    assert (mini / "stances/northland.yaml").read_bytes() == before


def test_fmt_waits_for_the_lock_too(mini: Path) -> None:
    (mini / "parties.yaml").write_text((mini / "parties.yaml").read_text() + "\n\n\n")
    with Editor.open(mini):
        proc = subprocess.run(
            [sys.executable, "-m", "peacetracker", "fmt", str(mini)],
            env=_env(PEACETRACKER_LOCK_TIMEOUT="0.3"), capture_output=True, text=True,
            check=False,
        )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "is being edited by another peacetracker command" in proc.stderr
    assert (mini / "parties.yaml").read_text().endswith("\n\n\n")


def test_save_takes_the_lock_even_when_opened_without(mini: Path) -> None:
    editor = Editor.open(mini, lock=False)
    editor.add_party("newland", {"name": "Newland"})
    with EditLock(mini):  # held here, in this process: the save nests in it
        assert editor.save() == ["parties.yaml"]
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from peacetracker.editing import EditLock\n"
         "lock = EditLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(30)",
         str(mini)],
        env=_env(), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        editor = Editor.open(mini, lock=False)
        editor.add_party("farland", {"name": "Farland"})
        os.environ["PEACETRACKER_LOCK_TIMEOUT"] = "0.2"
        try:
            with pytest.raises(LockedError):
                editor.save()
        finally:
            del os.environ["PEACETRACKER_LOCK_TIMEOUT"]
    finally:
        holder.kill()
        holder.wait()
    assert "farland" not in (mini / "parties.yaml").read_text()


@pytest.mark.slow
def test_concurrent_adds_never_lose_an_edit(mini: Path) -> None:
    """Three `add stance` commands at once on one file, many rounds: every
    command that exits 0 has its stance on disk, and (waiting for the lock)
    every one of them does."""
    rounds = 12
    for n in range(rounds):
        dates = [f"2026-{1 + n:02d}-{10 + k}" for k in range(3)]
        procs = [_add(mini, d, PEACETRACKER_LOCK_TIMEOUT="120") for d in dates]
        results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
        on_disk = _dates(mini)
        for date, (code, out, err) in zip(dates, results, strict=True):
            assert code == 0, (n, date, out, err)
            assert date in on_disk, (n, date, out, err)
