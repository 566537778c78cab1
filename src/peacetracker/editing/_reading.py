"""Reading a file for an edit: its text, or an :class:`EditError` that says
why not, and its content hash (to tell whether it changed before writing).
Writing is :func:`peacetracker._plumbing.atomic.atomic_write`."""

from __future__ import annotations

import os

from ..loading._file_cache import content_hash
from ._errors import EditError

__all__ = ["read_hash", "read_text"]


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
