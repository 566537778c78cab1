"""Reading a file for an edit: its text, or an :class:`EditError` that says
why not, and its content hash (to tell whether it changed before writing).
Writing is :func:`peacetracker._plumbing.atomic.atomic_write`."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from .._plumbing.hashing import content_hash
from ..loading import _yaml
from ..loading._per_file import TooLarge, read_regular
from ..loading._quotes import read_stored
from ._errors import EditError

__all__ = ["read_hash", "read_stored_text", "read_text"]

_T = TypeVar("_T")


def read_hash(path: str | os.PathLike[str]) -> str | None:
    """The content hash of the file at ``path``, or None when there is no file
    (something that is not a regular file, or larger than the YAML file limit,
    gets a hash no text has: it is never taken for the file that was read)."""
    try:
        return content_hash(read_regular(path, _yaml.MAX_FILE_BYTES))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


def read_text(path: str | os.PathLike[str]) -> str:
    """The UTF-8 text of the YAML file at ``path`` (a regular file of at most
    the YAML file limit; a byte order mark is kept, the edit keeps it), or an
    :class:`EditError` that says why not: missing, not a regular file (a FIFO
    is never opened to read), too large, unreadable, or not UTF-8."""
    data = _read(path, lambda: read_regular(path, _yaml.MAX_FILE_BYTES))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, data, exc) from None


def read_stored_text(path: str | os.PathLike[str]) -> str:
    """The stored text of a source at ``path``, read as ``check`` reads it
    (:func:`~peacetracker.loading._quotes.read_stored`: the stored-text limit,
    a byte order mark dropped), or an :class:`EditError` that says why not."""
    data, text, finding = _read(path, lambda: read_stored(path))
    if text is not None:
        return text
    if finding is not None and finding.rule == "binary":
        raise EditError(f"{path} is binary, not text", "save it as a UTF-8 text file")
    try:
        data.decode("utf-8")  # (a BOM decodes: the position is in the file)
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, data, exc) from None
    raise EditError(f"{path} is not UTF-8 text", "save it as UTF-8 in your editor")


def _not_utf8(path: str | os.PathLike[str], data: bytes, exc: UnicodeDecodeError) -> EditError:
    line = data.count(b"\n", 0, exc.start) + 1
    return EditError(f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})",
                     "save it as UTF-8 in your editor")


def _read(path: str | os.PathLike[str], read: Callable[[], _T]) -> _T:
    try:
        return read()
    except TooLarge as exc:
        raise EditError(f"{path} is {exc.size:,} bytes, more than the limit of {exc.limit:,}",
                        "keep it smaller (split it into several files)") from None
    except FileNotFoundError:
        raise EditError(f"{path} does not exist", "check the path") from None
    except OSError as exc:
        raise EditError(f"cannot read {path}: {exc.strerror or exc}",
                        "check that it is a regular file you may read") from None
