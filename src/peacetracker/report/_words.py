"""Small pieces of wording every renderer shares: quotes set in typographic
quote marks (a quote within a quote in single ones, so a quote that ends in
a quote mark never shows a doubled one), gaps as phrases, and dates as
precise as they are known."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from ..scales import SCALE_TYPES, Scale

__all__ = [
    "CONTEXT_MOVE",
    "CONTEXT_WORDS",
    "basis_text",
    "context_counterparts",
    "context_word",
    "date_text",
    "direction_text",
    "gap_phrase",
    "inner_quotes",
    "kind_text",
    "quote_text",
]

_OPENERS = " \t\n([{-–—/"
_CURLY = str.maketrans({"“": "‘", "”": "’"})


def inner_quotes(text: str) -> str:
    """``text`` with its double quote marks (straight or curly) turned into
    single typographic ones: ``as "X,"`` -> ``as ‘X,’``.  A straight mark
    opens at the start or after a space or bracket, and closes elsewhere."""
    text = text.translate(_CURLY)
    if '"' not in text:
        return text
    # each straight mark: what precedes it decides (the start, a space or bracket: opens)
    parts = text.split('"')
    out = [parts[0]]
    for before, part in itertools.pairwise(parts):
        opens = (before[-1] in _OPENERS) if before else len(out) == 1
        out.append("‘" if opens else "’")
        out.append(part)
    return "".join(out)


def quote_text(text: str) -> str:
    """A verbatim quote as a reader sees it: in “ ”, with inner quotes in ‘ ’."""
    return f"“{inner_quotes(str(text))}”"


def gap_phrase(scale: str, gap_text: str) -> str:
    """A gap as the end of a sentence on a scale of type ``scale``: "a gap of
    100,000 personnel"; answers and options ("different options") stand alone
    (:meth:`Scale.gap_phrase <peacetracker.scales.Scale.gap_phrase>`)."""
    return SCALE_TYPES.get(scale, Scale).gap_phrase(gap_text)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_text(date: dt.date, precision: str = "day") -> str:
    """A stance's date as precise as it is known: ``2026-01-06``, ``Dec 2025``
    (month precision), ``before 2026-01-06`` (held at some point before it)."""
    if precision == "month":
        return f"{_MONTHS[date.month - 1]} {date.year}"
    if precision == "before":
        return f"before {date.isoformat()}"
    return date.isoformat()


#: The only words for two answers to a question about the talks (an issue of
#: kind ``context``): no band word, no figure (the same answer agrees no term).
CONTEXT_WORDS = ("same answer", "answers differ")
#: The fact-checker's word for a move on a question about the talks (not
#: "toward" or "away": no distance between negotiating positions).
CONTEXT_MOVE = "answer changed"


def context_word(gap: float) -> str:
    """The word for a gap on a question about the talks: "same answer" or
    "answers differ"."""
    return CONTEXT_WORDS[0] if gap == 0 else CONTEXT_WORDS[1]


def context_counterparts(
    move: str | None, same: Sequence[str], differ: Sequence[str]
) -> str | None:
    """A changed answer to a question about the talks against the others, in
    place of "toward"/"away from": "moved up the scale to X; now the same
    answer as A; answers now differ from B, C" (``move``: the analysis's words
    for the move itself; None when there is no other answer to compare)."""
    parts = []
    if same:
        parts.append(f"now the same answer as {', '.join(same)}")
    if differ:
        parts.append(f"answers now differ from {', '.join(differ)}")
    if not parts:
        return None
    return "; ".join([move or "answer changed", *parts])


def direction_text(
    direction: str,
    other: str,
    gap_before: float | None,
    gap_after: float | None,
    band_after: str | None,
    arrow: str = "→",
) -> str:
    """A move's direction against one other party, the same words in every format:
    "converging with Russia: gap 0.50 → 0.25, close", or, when the other party
    had no stance before the move, "Russia had no stance before; gap now 1.00,
    far apart".  On a question about the talks (``band_after`` one of
    :data:`CONTEXT_WORDS`) only whether the answers differ: "with Russia: same
    answer → answers differ"."""
    if band_after in CONTEXT_WORDS:
        return _context_direction(other, gap_before, gap_after, arrow)
    band = f", {band_after}" if band_after else ""
    if direction == "new" or gap_before is None:
        if gap_after is None:
            return f"{other} had no stance before"
        return f"{other} had no stance before; gap now {gap_after:.2f}{band}"
    if gap_after is None:
        return f"{direction} with {other}"
    return f"{direction} with {other}: gap {gap_before:.2f} {arrow} {gap_after:.2f}{band}"


def _context_direction(
    other: str, gap_before: float | None, gap_after: float | None, arrow: str
) -> str:
    """:func:`direction_text` on a question about the talks: no figure, no band."""
    if gap_after is None:
        return f"{other} had no stance before" if gap_before is None else f"with {other}"
    after = context_word(gap_after)
    if gap_before is None:
        return f"{other} had no stance before; now {'the ' if gap_after == 0 else ''}{after}"
    before = context_word(gap_before)
    if before == after:
        return f"with {other}: still {'the same answer' if gap_after == 0 else 'different answers'}"
    return f"with {other}: {before} {arrow} {after}"


_BASIS = {
    "stated": "said by the party itself",
    "reported": "reported by others",
    "inferred": "inferred by the editor",
}
_KINDS = {
    "article": "news article",
    "statement": "official statement",
    "draft": "draft text",
    "opinion": "opinion piece",
    "post": "social-media post",
    "report": "report",
}


def basis_text(basis: str) -> str:
    """How a stance rests on its sources, in words: "reported by others"."""
    return _BASIS.get(basis, basis)


def kind_text(kind: str) -> str:
    """A source's kind in words: "opinion" -> "opinion piece"."""
    return _KINDS.get(kind, kind)
