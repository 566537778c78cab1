"""The edit lock: one editing command at a time per dataset.

Every edit reads files, changes them in memory, checks the result and renames
new files into place.  Two commands doing that at once on the same file would
each write their own version, and one edit would be lost.  So each editing
command (everything built on :class:`~peacetracker.editing.Editor`, and
``fmt``) holds an exclusive lock on the dataset from its first read to its
last rename.  A command that finds the lock taken waits (``LOCK_TIMEOUT``
seconds, ``PEACETRACKER_LOCK_TIMEOUT`` to change it), then stops with a
:class:`LockedError` and writes nothing.

The lock is the file ``.peacetracker.lock`` in the dataset directory, locked
with the operating system's file locks (``flock`` on Unix, ``LockFileEx`` on
Windows) through `filelock`: a lock held by a command that crashed or was
killed is released by the system at once, never left stale.  Within one
process the lock is re-entrant (one editor per dataset may open another).
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import EditError, LockedError

__all__ = ["LOCK_NAME", "LOCK_TIMEOUT", "EditLock", "LockedError", "lock_timeout"]

#: The lock file, in the dataset directory (a dot file: never read as data).
LOCK_NAME = ".peacetracker.lock"
#: Seconds an editing command waits for another one to finish.
LOCK_TIMEOUT = 10.0


def lock_timeout() -> float:
    """The wait, from ``PEACETRACKER_LOCK_TIMEOUT`` (seconds) or ``LOCK_TIMEOUT``."""
    raw = os.environ.get("PEACETRACKER_LOCK_TIMEOUT")
    try:
        return max(0.0, float(raw)) if raw else LOCK_TIMEOUT
    except ValueError:
        return LOCK_TIMEOUT


class EditLock:
    """The edit lock of the dataset in ``root``; :meth:`acquire` nests."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.path = self.root / LOCK_NAME
        self._lock = FileLock(
            os.fspath(self.path.resolve()), thread_local=False, is_singleton=True
        )
        self._holds = 0

    @property
    def held(self) -> bool:
        return self._holds > 0

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock (waiting up to ``timeout`` seconds, default
        :func:`lock_timeout`), or raise :class:`LockedError`; an
        :class:`EditError` when the lock file cannot be made (a read-only folder)."""
        wait = lock_timeout() if timeout is None else timeout
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            raise LockedError(
                f"{self.root} is being edited by another peacetracker command "
                f"(waited {wait:g} s for its lock, {self.path}); nothing was written",
                "run the command again when the other one has finished "
                "(PEACETRACKER_LOCK_TIMEOUT sets how long to wait)",
            ) from None
        except OSError as exc:
            raise EditError(
                f"cannot lock {self.root} for editing: {exc.strerror or exc}",
                "check that you may write in that folder (a read-only dataset cannot be edited)",
            ) from None
        self._holds += 1

    def release(self) -> None:
        """Give back one :meth:`acquire` (the last one frees the lock)."""
        if self._holds:
            self._holds -= 1
            self._lock.release()

    def release_all(self) -> None:
        while self._holds:
            self.release()

    def __enter__(self) -> EditLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
