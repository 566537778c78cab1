"""Atomic writes: a temporary file in the same folder, then a rename over the
target, so a reader (or a crash mid-write) sees the old file whole or the new
one whole, never a mix.  The one way peacetracker writes a file: edits, ``fmt``,
``init``, ``-o`` output and the caches' entries."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "is_temporary"]

_SUFFIX = ".tmp"


def is_temporary(name: str) -> bool:
    """Whether a file name is one :func:`atomic_write` gives its temporary files."""
    return name.startswith(".") and name.endswith(_SUFFIX)


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    mode: int | None = None,
    durable: bool = True,
    follow_symlinks: bool = True,
    keep_read_only: bool = True,
) -> None:
    """Replace the file at ``path`` with ``data`` (a str is written as UTF-8).

    The data goes to a temporary file next to the target (``.NAME.XXXX.tmp``),
    and only then is renamed over it with :func:`os.replace`.  If anything fails
    before the rename, the target is untouched and the temporary file removed.

    ``mode``: the new file's permissions; by default an existing file keeps its
    own and a new one gets the usual (the umask applied).  ``durable``: fsync
    the file before the rename and the folder after it.  ``follow_symlinks``: a
    symlink stays a symlink and the file it points to is replaced, and a target
    that is no regular file (``/dev/null``, a FIFO) is written to directly, as
    the shell would; else whatever is at ``path`` is replaced.
    ``keep_read_only``: a read-only file is not replaced (``PermissionError``).
    """
    target = Path(path)
    if follow_symlinks and target.is_symlink():
        target = Path(os.path.realpath(target))
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        found = os.stat(target) if follow_symlinks else os.lstat(target)
    except FileNotFoundError:
        found = None
    if follow_symlinks and found is not None and not stat.S_ISREG(found.st_mode) and not (
            stat.S_ISDIR(found.st_mode)):
        with open(target, "wb") as out:  # a device or a FIFO: nothing to replace
            out.write(content)
        return
    # Read-only by its mode (even to root, who may write anything) or to us.
    if keep_read_only and found is not None and (
            not found.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "the file is read-only", os.fspath(path))
    if mode is None:
        if found is not None and stat.S_ISREG(found.st_mode):
            mode = found.st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_SUFFIX, dir=target.parent)
    try:
        try:
            _write_all(fd, content)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_dir(target.parent)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (where the platform allows it)."""
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
