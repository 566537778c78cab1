"""Suggestions for typos: the closest valid name, for "did you mean ..." messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean", "list_choices"]


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like ``word``, or None when nothing is close."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def list_choices(choices: Iterable[str], limit: int = 12) -> str:
    """``a, b, c`` (or the first ``limit`` and a count of the rest)."""
    items = list(choices)
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += f", ... ({len(items) - limit} more)"
    return shown


def did_you_mean(word: str, choices: Iterable[str], what: str = "one of") -> str:
    """A fix to try: the closest choice if any, else the list of valid ones."""
    items = list(choices)
    best = closest(word, items)
    if best is not None:
        return f"did you mean '{best}'?"
    if not items:
        return "none are defined yet"
    return f"use {what}: {list_choices(items)}"
