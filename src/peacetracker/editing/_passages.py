"""A passage of a stored text exactly as the text has it, for pasting as a quote."""

from __future__ import annotations

from ..loading._quotes import Passage, normalise

__all__ = ["verbatim"]


def verbatim(text: str, passage: Passage, first_line: int = 1) -> str:
    """The passage exactly as ``text`` has it (typographic quotes, dashes, line breaks)."""
    lines = text.splitlines(keepends=True)
    start = sum(len(ln) for ln in lines[: passage.line - first_line]) + passage.col - 1
    end = start + len(passage.text)
    # The stored text may be longer than its normalised form (spaces, dashes): grow to fit.
    while end < len(text) and len(normalise(text[start:end])) < len(passage.text):
        end += 1
    while end > start and normalise(text[start:end]) != passage.text and end < len(text):
        end += 1
    # Whole words: a passage found by similarity may start or end inside one.
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return text[start:end].strip()
