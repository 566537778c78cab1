"""Finding a quote in a stored source text.

A quote must appear in its source verbatim, after both are normalised:
runs of white space become one space, typographic quotes and apostrophes
become ``"`` and ``'``, dashes become ``-``, and ``…`` becomes ``...``.  A
quote may skip words with ``...`` (or ``[...]``): each piece must be found,
in order.

    >>> normalise("Northland rejects \u2014 in the\\n strongest terms")
    'Northland rejects - in the strongest terms'
    >>> find_quote("rejects ... strongest", normalise("Northland rejects - in the strongest terms"))
    10
    >>> find_passage("in the strongest", "Northland rejects\\n- in the strongest terms")
    Passage(line=2, col=3, text='in the strongest', similarity=1.0)
"""

from __future__ import annotations

import difflib
import re

from attrs import frozen

__all__ = [
    "MAX_TEXT_BYTES",
    "Passage",
    "closest_passage",
    "find_passage",
    "find_quote",
    "normalise",
    "quote_pieces",
]

#: Largest stored text read (a source's ``path``), in bytes.  An article, a
#: transcript or a long report is far smaller; past it ``check`` reports
#: ``source-too-large`` and ``add``/``quote`` refuse with the same words.
MAX_TEXT_BYTES = 16 * 1024 * 1024

_TRANSLATE = str.maketrans(
    {
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2033": '"',  # ″
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u2010": "-",  # ‐ hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # ‒ figure dash
        "\u2013": "-",  # – en dash
        "\u2014": "-",  # — em dash
        "\u2015": "-",  # ― horizontal bar
        "\u2212": "-",  # − minus
        "\u2026": "...",  # … ellipsis
        "\u00ad": None,  # soft hyphen
    }
)
_ELISION = re.compile(r"\s*\[?\.\.\.\]?\s*")


#: The characters _TRANSLATE changes: a regular expression finds them far faster
#: than str.translate walks a long text (the quotes' stored texts, at load).
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")


def _plain(match: re.Match) -> str:
    return _TRANSLATE[ord(match.group())] or ""


def normalise(text: str) -> str:
    """``text`` with white space, typographic quotes, dashes and ellipses made plain."""
    if not text.isascii():
        text = _SPECIAL.sub(_plain, text)
    return " ".join(text.split())


def quote_pieces(quote: str) -> list[str]:
    """The normalised pieces of a quote between its ``...`` elisions (empty ones dropped)."""
    plain = normalise(quote)
    if "..." not in plain:
        return [plain] if plain else []
    return [p for p in _ELISION.split(plain) if p]


def _span(pieces: list[str], normalised_text: str) -> tuple[int, int] | None:
    """Start and end offsets of the pieces found in order, or None."""
    start = None
    at = 0
    for piece in pieces:
        found = normalised_text.find(piece, at)
        if found < 0:
            return None
        if start is None:
            start = found
        at = found + len(piece)
    return None if start is None else (start, at)


def find_quote(quote: str, normalised_text: str) -> int | None:
    """Offset in ``normalised_text`` (already passed through :func:`normalise`) where
    the quote starts, or None when some piece of it is not found in order."""
    span = _span(quote_pieces(quote), normalised_text)
    return None if span is None else span[0]


@frozen
class Passage:
    """A place in a stored text: 1-based line and column of its start, the
    passage itself, and how similar it is to the quote (0..1, 1 for a match)."""

    line: int
    col: int
    text: str
    similarity: float


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalise`, plus for every character of the result its offset in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        mapped = ch.translate(_TRANSLATE)
        if not mapped:
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        for m in mapped:
            out.append(m)
            offsets.append(i)
    return "".join(out), offsets


def _line_col(text: str, offset: int, first_line: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1)
    return first_line + line, col + 1


def _passage(
    text: str, offsets: list[int], start: int, end: int, first_line: int, similarity: float
) -> Passage:
    start = max(0, min(start, len(offsets) - 1))
    end = max(start + 1, min(end, len(offsets)))
    orig_start, orig_end = offsets[start], offsets[end - 1] + 1
    line, col = _line_col(text, orig_start, first_line)
    return Passage(line, col, normalise(text[orig_start:orig_end]), round(similarity, 3))


def find_passage(quote: str, text: str, first_line: int = 1) -> Passage | None:
    """Where the quote is in ``text`` (the original, not normalised), or None.

    ``first_line`` is the line number of ``text``'s first line (for a range of a file).
    """
    norm, offsets = _normalise_with_offsets(text)
    span = _span(quote_pieces(quote), norm)
    if span is None:
        return None
    return _passage(text, offsets, span[0], span[1], first_line, 1.0)


def closest_passage(quote: str, text: str, first_line: int = 1) -> Passage | None:
    """The passage of ``text`` most like the quote (for "closest passage" hints).

    Looks for the first piece of the quote that is not found, anchors a window
    of its length on the longest run it shares with the text, and returns that
    window.  None when the text or quote is empty or they share nothing.
    """
    norm, offsets = _normalise_with_offsets(text)
    pieces = quote_pieces(quote)
    if not norm or not pieces:
        return None
    target = pieces[0]
    at = 0
    for piece in pieces:
        found = norm.find(piece, at)
        if found < 0:
            target = piece
            break
        at = found + len(piece)
    matcher = difflib.SequenceMatcher(None, norm, target, autojunk=False)
    best: tuple[float, int] | None = None
    blocks = sorted(matcher.get_matching_blocks(), key=lambda b: -b.size)[:4]
    slack = min(24, len(target) // 3 + 1)
    tried: set[int] = set()
    for block in blocks:
        if block.size == 0:
            continue
        anchor = block.a - block.b
        # Try the anchor and the word starts near it (insertions shift the window).
        for start in range(max(0, anchor - slack), min(len(norm), anchor + slack + 1)):
            if start in tried or (start != max(0, anchor) and start and norm[start - 1] != " "):
                continue
            tried.add(start)
            window = norm[start : start + len(target)]
            score = difflib.SequenceMatcher(None, window, target, autojunk=False).ratio()
            if best is None or score > best[0]:
                best = (score, start)
    if best is None:
        return None
    score, start = best
    return _passage(text, offsets, start, start + len(target), first_line, score)
