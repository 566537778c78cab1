"""Atomic writes: a temporary file in the same directory, flushed and fsynced,
then renamed over the target, so a crash mid-write leaves the old file whole."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path

from ._errors import EditError

__all__ = ["atomic_write", "content_hash", "read_hash", "read_text"]


def content_hash(data: bytes) -> str:
    """The SHA-256 of some bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def read_hash(path: str | os.PathLike[str]) -> str | None:
    """The content hash of the file at ``path``, or None when there is no file
    (something that is not a regular file, or too large to edit, gets a hash
    no text has: it is never taken for the file that was read)."""
    from ..loading._per_file import read_regular

    try:
        return content_hash(read_regular(path, _EDIT_LIMIT))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


#: The most bytes read for an edit or a look-up: a YAML file's or stored text's limit.
_EDIT_LIMIT = 32 * 1024 * 1024


def read_text(path: str | os.PathLike[str], limit: int | None = None) -> str:
    """The UTF-8 text of the regular file at ``path`` (at most ``limit`` bytes,
    default the YAML file limit), or an :class:`EditError` that says why not:
    missing, not a regular file (a FIFO is never opened to read), too large,
    unreadable, or not UTF-8."""
    from ..loading import _yaml
    from ..loading._per_file import TooLarge, read_regular

    limit = _yaml.MAX_FILE_BYTES if limit is None else limit
    try:
        data = read_regular(path, limit)
    except TooLarge as exc:
        raise EditError(f"{path} is {exc.size:,} bytes, more than the limit of {exc.limit:,}",
                        "keep it smaller (split it into several files)") from None
    except FileNotFoundError:
        raise EditError(f"{path} does not exist", "check the path") from None
    except OSError as exc:
        raise EditError(f"cannot read {path}: {exc.strerror or exc}",
                        "check that it is a regular file you may read") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EditError(f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})",
                        "save it as UTF-8 in your editor") from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8), atomically.

    The text goes to a temporary file next to the target, is flushed and
    fsynced, and only then renamed over the target with :func:`os.replace`.
    If anything fails before the rename, the target is untouched and the
    temporary file is removed.  A new file gets the usual permissions; an
    existing one keeps its own.  A symlink stays a symlink: the file it
    points to is replaced.  A read-only file is not replaced: ``PermissionError``.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    with contextlib.suppress(FileNotFoundError):
        # Read-only by its mode (even to root, who may write anything) or to us.
        if not target.stat().st_mode & 0o222 or not os.access(target, os.W_OK):
            raise PermissionError(errno.EACCES, "the file is read-only", os.fspath(path))
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


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
