"""Errors raised by the editing API.  Each carries a message that names the
item and a fix to try, ready to show to an editor."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["ConflictError", "EditError", "RefusedError"]


class EditError(Exception):
    """An edit that cannot be made: an unknown id, a value that does not fit, a
    quote that is not in its source.  ``fix`` says what to try instead."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message if fix is None else f"{message} ({fix})")
        self.message = message
        self.fix = fix


class ConflictError(EditError):
    """The file changed on disk after it was read: saving would lose someone's edit."""


class RefusedError(EditError):
    """The edited files would fail ``peacetracker check``: nothing was written.

    ``problems`` holds the reasons, one ``file:line:col: level: message (rule)`` each.
    """

    def __init__(self, message: str, problems: Sequence[str]):
        super().__init__(message, "fix the problems listed, or edit the YAML by hand")
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join([self.message, *self.problems])
