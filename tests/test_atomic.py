"""Atomic writes (the one helper every layer writes files with): a failure or a
kill mid-write leaves the old file whole, modes are kept, no temporary file is
left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import peacetracker.editing
from conftest import through_fifo
from peacetracker._plumbing import atomic as _atomic
from peacetracker._plumbing.atomic import atomic_write, is_temporary

OLD = "party: northland\n\nstances: {}\n" * 50
NEW = "party: northland\n# a new version\nstances: {}\n" * 5000


def leftovers(directory: Path) -> list[str]:
    found = sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))
    assert all(is_temporary(name) for name in found)
    return found


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
from peacetracker._plumbing import atomic as _atomic
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


def test_editing_writes_with_the_one_helper() -> None:
    assert peacetracker.editing.atomic_write is atomic_write


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@given(
    data=st.one_of(st.binary(max_size=2000), st.text(max_size=500)),
    existing=st.sampled_from([None, 0o600, 0o640, 0o644, 0o664, 0o755]),
)
def test_replaces_the_content_and_keeps_the_mode(tmp_path_factory, data, existing) -> None:
    folder = tmp_path_factory.mktemp("w")
    path = folder / "f.yaml"
    if existing is not None:
        path.write_bytes(b"old")
        path.chmod(existing)
    atomic_write(path, data)
    expected = data.encode("utf-8") if isinstance(data, str) else data
    assert path.read_bytes() == expected
    umask = os.umask(0)
    os.umask(umask)
    want = existing if existing is not None else 0o666 & ~umask
    assert stat.S_IMODE(path.stat().st_mode) == want
    assert leftovers(folder) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_given_mode_wins(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    path.write_bytes(b"old")
    path.chmod(0o644)
    atomic_write(path, b"new", mode=0o600, durable=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_bytes() == b"new"


def test_without_following_a_link_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text(OLD)
    link = tmp_path / "entry"
    link.symlink_to(target)
    atomic_write(link, NEW, follow_symlinks=False)
    assert not link.is_symlink() and link.read_text() == NEW
    assert target.read_text() == OLD


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_read_only_file_may_be_replaced_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(OLD)
    path.chmod(0o444)
    atomic_write(path, NEW, keep_read_only=False)
    assert path.read_text() == NEW and stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    """As ``-o /dev/null`` must not replace the device with a file."""
    fifo, got = through_fifo(tmp_path, lambda fifo: atomic_write(fifo, b"through the pipe"))
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "no" / "f.yaml", NEW)
    assert list(tmp_path.iterdir()) == []


# -- the streaming form ---------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_streaming_writer_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(OLD)
    path.chmod(0o640)
    with _atomic.atomic_writer(path) as out:
        for line in NEW.splitlines(keepends=True):
            out.write(line.encode())
        assert path.read_text() == OLD  # nothing in place before the block ends
        assert len(leftovers(tmp_path)) == 1
    assert path.read_text() == NEW and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_failure_in_the_streaming_block_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(OLD)
    with pytest.raises(RuntimeError), _atomic.atomic_writer(path) as out:
        out.write(NEW.encode() * 100)  # past the buffer: some of it on disk
        raise RuntimeError("stop")
    assert path.read_text() == OLD
    assert leftovers(tmp_path) == []


def test_a_file_named_at_the_end_is_committed_or_dropped(tmp_path: Path) -> None:
    out = _atomic.AtomicFile(tmp_path, "entry", durable=False)
    out.write(b"whole")
    out.commit(tmp_path / "named-later", 0o600)
    assert (tmp_path / "named-later").read_bytes() == b"whole"
    dropped = _atomic.AtomicFile(tmp_path, "entry")
    dropped.write(b"x")
    dropped.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["named-later"]


@pytest.mark.parametrize("writer", ["schemas", "yaml files"])
def test_schemas_and_exported_yaml_files_are_written_atomically(
    tmp_path: Path, mini_path: Path, monkeypatch, writer: str
) -> None:
    """A failure mid-write leaves each file whole (the old one), as every write."""
    import peacetracker
    from peacetracker._serialise import write_files
    from peacetracker.loading._jsonschema import write_schemas

    dataset = peacetracker.load(mini_path)
    write = (lambda: write_schemas(tmp_path)) if writer == "schemas" else (
        lambda: write_files(dataset, tmp_path))
    write()
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    def fail(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_atomic.os, "write", fail)
    with pytest.raises(OSError):
        write()
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
