"""Atomic writes: a failure or a kill mid-write leaves the old file whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from peacetracker.editing import _atomic, atomic_write

OLD = "party: northland\n\nstances: {}\n" * 50
NEW = "party: northland\n# a new version\nstances: {}\n" * 5000


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(OLD)
    path.chmod(0o640)
    atomic_write(path, NEW)
    assert path.read_text() == NEW
    assert path.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_failure_mid_write_leaves_old_file(tmp_path: Path, monkeypatch, failing: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(OLD)
    real_write = os.write

    def half_then_fail(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    target = {"write": half_then_fail, "fsync": fail, "replace": fail}[failing]
    monkeypatch.setattr(_atomic.os, failing, target)
    with pytest.raises(OSError):
        atomic_write(path, NEW)
    monkeypatch.undo()
    assert path.read_text() == OLD
    assert leftovers(tmp_path) == []


def test_killed_mid_write_leaves_old_file(tmp_path: Path) -> None:
    """A process killed (SIGKILL) halfway through writing: the target is untouched."""
    path = tmp_path / "a.yaml"
    path.write_text(OLD)
    (tmp_path / "new.txt").write_text(NEW)
    child = f"""
import os, signal
from peacetracker.editing import _atomic
real_write = os.write
def write_half_then_die(fd, data):
    real_write(fd, bytes(data[: len(data) // 2]))
    os.kill(os.getpid(), signal.SIGKILL)
_atomic.os.write = write_half_then_die
_atomic.atomic_write({str(path)!r}, open({str(tmp_path / "new.txt")!r}).read())
"""
    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src}
    result = subprocess.run([sys.executable, "-c", child], env=env, check=False)
    assert result.returncode == -9  # killed, not finished
    assert path.read_text() == OLD
    # The half-written temporary file is there, beside the intact target.
    (tmp,) = leftovers(tmp_path)
    assert 0 < (tmp_path / tmp).stat().st_size < len(NEW)


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text(OLD)
    link = tmp_path / "link.yaml"
    link.symlink_to("real.yaml")
    atomic_write(link, NEW)
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert target.read_text() == NEW
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(OLD)
    path.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only"):
        atomic_write(path, NEW)
    assert path.read_text() == OLD
    assert leftovers(tmp_path) == []
