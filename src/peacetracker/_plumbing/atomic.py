"""Atomic writes: a temporary file in the same folder, then a rename over the
target, so a reader (or a crash mid-write) sees the old file whole or the new
one whole, never a mix.  The one way peacetracker writes a file: edits, ``fmt``,
``init``, ``-o`` output, ``schema``, exported YAML files and the caches'
entries (whole, :func:`atomic_write`, or streamed, :func:`atomic_writer` and
:class:`AtomicFile`)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["AtomicFile", "atomic_write", "atomic_writer", "is_temporary"]

_SUFFIX = ".tmp"
#: Bytes an :class:`AtomicFile` gathers before it writes them out.
_BUFFER = 1 << 20


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
    content = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, mode=mode, durable=durable, follow_symlinks=follow_symlinks,
                       keep_read_only=keep_read_only) as out:
        out.write(content)


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str],
    *,
    mode: int | None = None,
    durable: bool = True,
    follow_symlinks: bool = True,
    keep_read_only: bool = True,
) -> Iterator[BinaryIO | AtomicFile]:
    """:func:`atomic_write` in pieces: yields something to ``write`` bytes to;
    the file replaces ``path`` when the block ends, and is dropped (``path``
    untouched) when it raises.  The same options and guarantees."""
    target = Path(path)
    if follow_symlinks and target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        found = os.stat(target) if follow_symlinks else os.lstat(target)
    except FileNotFoundError:
        found = None
    if follow_symlinks and found is not None and not stat.S_ISREG(found.st_mode) and not (
            stat.S_ISDIR(found.st_mode)):
        with open(target, "wb") as direct:  # a device or a FIFO: nothing to replace
            yield direct
        return
    # Read-only by its mode (even to root, who may write anything) or to us.
    if keep_read_only and found is not None and (
            not found.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "the file is read-only", os.fspath(path))
    out = AtomicFile(target.parent, target.name, durable=durable)
    try:
        yield out
    except BaseException:
        out.discard()
        raise
    out.commit(target, mode)


class AtomicFile:
    """A file written in pieces (:meth:`write`) to a temporary file in
    ``directory`` (``.NAME.XXXX.tmp``), put in place whole by :meth:`commit`,
    when the target may be named only then; :meth:`discard`, or any failure,
    removes the temporary file."""

    def __init__(self, directory: str | os.PathLike[str], name: str, *, durable: bool = True):
        self.durable = durable
        self._fd: int | None
        self._fd, self.tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=_SUFFIX, dir=directory)
        self._pending = bytearray()

    def write(self, data: bytes) -> int:
        """Add ``data`` (written out in large pieces); the number of bytes."""
        self._pending += data
        if len(self._pending) >= _BUFFER:
            self._flush()
        return len(data)

    def _flush(self) -> None:
        assert self._fd is not None, "written to after commit or discard"
        try:
            _write_all(self._fd, bytes(self._pending))
        except BaseException:
            self.discard()
            raise
        self._pending.clear()

    def commit(self, path: str | os.PathLike[str], mode: int | None = None) -> None:
        """Rename the file over ``path`` (``mode`` as for :func:`atomic_write`)."""
        target = Path(path)
        if mode is None:
            try:
                found = os.lstat(target)
            except FileNotFoundError:
                found = None
            if found is not None and stat.S_ISREG(found.st_mode):
                mode = found.st_mode & 0o7777
            else:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
        self._flush()
        fd, self._fd = self._fd, None
        try:
            try:
                if self.durable and fd is not None:
                    os.fsync(fd)
            finally:
                if fd is not None:
                    os.close(fd)
            os.chmod(self.tmp, mode)
            os.replace(self.tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)
            raise
        if self.durable:
            _fsync_dir(target.parent)

    def discard(self) -> None:
        """Drop the file (nothing is left behind)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


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
