"""The one call that decides whether edited files may be written: would the
dataset, with the new texts, pass ``peacetracker check``?"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..problems import Problem

__all__ = ["new_problems"]


def _checker() -> Callable[..., Any]:
    """The checker (:func:`peacetracker.loading.check`; tests replace it)."""
    from ..loading import check

    return check


def _level(problem: Any) -> str:
    return str(getattr(problem, "level", "error"))


def _identity(problem: Any) -> tuple[str, str, str]:
    """What a problem is, regardless of where it moved to by the edit."""
    return (
        str(getattr(problem, "file", "")),
        str(getattr(problem, "message", problem)),
        str(getattr(problem, "rule", "")),
    )


def new_problems(root: Path, overrides: Mapping[str, str]) -> list[Problem]:
    """Errors the dataset at ``root`` would have with the files in
    ``overrides`` (relative path -> new text) that it does not have now.
    Errors already there before the edit do not block it."""
    check = _checker()
    after = [p for p in check(root, overrides=dict(overrides)) if _level(p) == "error"]
    if not after:
        return []
    before = {_identity(p) for p in check(root) if _level(p) == "error"}
    return [p for p in after if _identity(p) not in before]
