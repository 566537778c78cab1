"""Command output written to a file (``-o``): atomically, through the one helper."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import through_fifo
from peacetracker.cli import main
from peacetracker.cli._datasets import InputError
from peacetracker.cli._output import write_atomic


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_link_stays_a_link_and_its_file_gets_the_report(mini_path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "report.json"
    link.symlink_to("real.json")
    assert run("report", mini_path, "-o", link).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("{")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_device_or_fifo_is_written_to_never_replaced(tmp_path: Path) -> None:
    """``-o /dev/null`` (run as root, /dev is writable) must not put a file in its place."""
    fifo, got = through_fifo(tmp_path, lambda fifo: write_atomic(fifo, "report\n"))
    assert got == [b"report\n"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_read_only_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("old")
    path.chmod(0o444)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot write .*: No such file"):
        write_atomic(tmp_path / "no" / "r.txt", "x")
