"""Finding a quote in a stored source text, and reading that text (the one
reader of stored texts, for check and for the edits: :func:`read_stored`,
:func:`select_lines`; a source's ``lines`` is read by
:func:`~peacetracker.loading._spec.parse_lines`).

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

import io
import os
import re
from collections.abc import Sequence
from typing import Any

from attrs import frozen

from ._per_file import read_regular
from ._yaml import Finding, decode

__all__ = [
    "MAX_TEXT_BYTES",
    "Passage",
    "closest_passage",
    "find_passage",
    "find_quote",
    "normalise",
    "quote_pieces",
    "read_stored",
    "select_lines",
]

#: Largest stored text read (a source's ``path``), in bytes.  An article, a
#: transcript or a long report is far smaller; past it ``check`` reports
#: ``source-too-large`` and ``add``/``quote`` refuse with the same words.
MAX_TEXT_BYTES = 16 * 1024 * 1024


def read_stored(path: str | os.PathLike[str]) -> tuple[bytes, str | None, Finding | None]:
    """The bytes of the stored text at ``path`` and that text: UTF-8, a leading
    byte order mark dropped (or None, and the finding that says why it is not
    text: not UTF-8, binary).

    Reads at most :data:`MAX_TEXT_BYTES` of a regular file: raises
    :class:`~peacetracker.errors.TooLarge`, :class:`~peacetracker.errors.NotRegularFile`
    or another :class:`OSError`.
    """
    data = read_regular(path, MAX_TEXT_BYTES)  # never a FIFO or device
    text, finding = decode(data)
    return data, text, finding


def select_lines(text_lines: Sequence[str], lines: tuple[int, int] | None) -> str | None:
    """The part of a stored text (split with ``str.splitlines(keepends=True)``)
    that ``lines`` covers, all of it for None; None when the text ends before
    the last line."""
    if lines is None:
        return "".join(text_lines)
    first, last = lines
    if last > len(text_lines):
        return None
    return "".join(text_lines[first - 1 : last])


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


def _typographic_replacement(match: re.Match) -> str:
    """The plain replacement of one typographic character found by ``_SPECIAL``."""
    return _TRANSLATE[ord(match.group())] or ""


#: Long texts are normalised a piece at a time: splitting a whole stored text
#: into words at once held some ten times its size in word objects.
_CHUNK = 1 << 20
#: Characters normalising drops (they neither make nor break a word).
_DROPPED = "".join(chr(c) for c, v in _TRANSLATE.items() if not v)


def _normalise_short(text: str) -> str:
    if not text.isascii():
        text = _SPECIAL.sub(_typographic_replacement, text)
    return " ".join(text.split())


def normalise(text: str) -> str:
    """``text`` with white space, typographic quotes, dashes and ellipses made plain."""
    if len(text) <= _CHUNK:
        return _normalise_short(text)
    out = io.StringIO()
    spaced = False  # white space since the last character kept
    started = False  # a word was written
    for at in range(0, len(text), _CHUNK):
        chunk = text[at : at + _CHUNK]
        words = _normalise_short(chunk)
        if words:
            # A word cut by the chunk's edge goes on; white space before it separates.
            if started and (spaced or chunk.lstrip(_DROPPED)[:1].isspace()):
                out.write(" ")
            out.write(words)
            started = True
            spaced = False
        tail = chunk.rstrip(_DROPPED)  # (soft hyphens vanish: they separate nothing)
        if tail:
            spaced = tail[-1].isspace() or (spaced and not words)
    return out.getvalue()


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


_TOKEN = re.compile(r"\S+")


def _original_offsets(text: str, positions: list[int]) -> list[int]:
    """For each offset into ``normalise(text)``, the offset in ``text`` of the
    character it came from (a space between words: the last white space before
    the next word).  Walks the words once, keeping nothing per character, so
    the memory is that of the text (a table of every offset took some 36
    bytes a character)."""
    wanted = sorted(set(positions))
    found: dict[int, int] = {}
    at = 0  # offset into the normalised text
    started = False
    k = 0
    for m in _TOKEN.finditer(text):
        if k == len(wanted):
            break
        word = m.group()
        plain = word if word.isascii() else _SPECIAL.sub(_typographic_replacement, word)
        if not plain:
            continue
        if started:
            # The space before this word: the character before its first kept one.
            lead = 0 if plain is word else next(
                j for j, ch in enumerate(word) if _TRANSLATE.get(ord(ch), ch))
            while k < len(wanted) and wanted[k] == at:
                found[wanted[k]] = m.start() + lead - 1
                k += 1
            at += 1
        started = True
        end = at + len(plain)
        while k < len(wanted) and wanted[k] < end:
            want = wanted[k] - at
            if plain is word:
                found[wanted[k]] = m.start() + want
            else:  # characters that became none or several
                made = 0
                for j, ch in enumerate(word):
                    made += len(_TRANSLATE.get(ord(ch), ch) or "")
                    if made > want:
                        found[wanted[k]] = m.start() + j
                        break
            k += 1
        at = end
    last = len(text) - 1
    return [found.get(p, last) for p in positions]


def _line_col(text: str, offset: int, first_line: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1)
    return first_line + line, col + 1


def _passage(
    text: str, size: int, start: int, end: int, first_line: int, similarity: float
) -> Passage:
    """The passage of ``text`` at ``start:end`` of its normalised form (``size`` long)."""
    start = max(0, min(start, size - 1))
    end = max(start + 1, min(end, size))
    orig_start, orig_last = _original_offsets(text, [start, end - 1])
    orig_end = orig_last + 1
    line, col = _line_col(text, orig_start, first_line)
    return Passage(line, col, normalise(text[orig_start:orig_end]), round(similarity, 3))


def find_passage(quote: str, text: str, first_line: int = 1) -> Passage | None:
    """Where the quote is in ``text`` (the original, not normalised), or None.

    ``first_line`` is the line number of ``text``'s first line (for a range of a file).
    """
    norm = normalise(text)
    span = _span(quote_pieces(quote), norm)
    if span is None:
        return None
    return _passage(text, len(norm), span[0], span[1], first_line, 1.0)


def closest_passage(quote: str, text: str, first_line: int = 1) -> Passage | None:
    """The passage of ``text`` most like the quote (for "closest passage" hints).

    Looks for the first piece of the quote that is not found, then for the
    window of its length in the text most like it.  None when the text or
    quote is empty or they share nothing.

    The work is bounded, whatever the length of the text: candidate places
    come first (where the piece's rarest words occur, each voting for where
    the piece would start), and only around the best few is the piece
    aligned, by `rapidfuzz`'s local alignment (``partial_ratio_alignment``).
    """
    norm = normalise(text)
    pieces = quote_pieces(quote)
    if not norm or not pieces:
        return None
    fuzz = _fuzz()
    target = pieces[0]
    at = 0
    for piece in pieces:
        found = norm.find(piece, at)
        if found < 0:
            target = piece
            break
        at = found + len(piece)
    size = len(target)
    best: tuple[float, int] | None = None
    for start in _candidate_starts(norm, target):
        # A passage starts at a word: try the start found and the word starts near it.
        for begin in _word_starts_near(norm, start):
            score = fuzz.ratio(norm[begin : begin + size], target) / 100
            if best is None or score > best[0]:
                best = (score, begin)
    if best is None or best[0] <= 0:
        return None
    score, start = best
    return _passage(text, len(norm), start, min(len(norm), start + size), first_line, score)


#: rapidfuzz's ``fuzz`` module, imported on the first hint (a check whose
#: quotes are all found never needs it).  Tests may set it.
fuzz: Any = None


def _fuzz() -> Any:
    global fuzz
    if fuzz is None:
        from rapidfuzz import fuzz as module

        fuzz = module
    return fuzz


#: Most places tried for one hint, most occurrences of a word looked at, and
#: most words of the quote counted in the text: the work of a hint is bounded
#: by these and the quote's length, whatever the text's length.
_MAX_CANDIDATES = 8
_MAX_HITS = 64
_MAX_WORDS = 32
#: Quotes up to this long are aligned locally around each candidate (by
#: rapidfuzz); longer ones start where their words vote.
_ALIGN_UP_TO = 512


def _candidate_starts(norm: str, target: str) -> list[int]:
    """Where in ``norm`` a passage like ``target`` may start, best first.

    Each of the target's rarest words (then letter groups, for a target with
    no word of three letters) votes, at each of its first occurrences, for
    the start it implies; the most voted places are kept.  Around each, a
    short target is aligned locally (``partial_ratio_alignment``, which also
    finds a passage whose words were reworded or moved a little)."""
    fuzz = _fuzz()
    size = len(target)
    if len(norm) <= 4 * size + 256:  # a short text: align over all of it
        hit = fuzz.partial_ratio_alignment(target, norm) if size <= len(norm) else None
        return [hit.dest_start] if hit is not None and hit.score > 0 else [0]
    words = sorted({w for w in target.split(" ") if len(w) >= 3}, key=len, reverse=True)
    if not words:
        words = sorted({target[i : i + 4] for i in range(0, max(1, size - 3), 2)})
    counted = [(norm.count(w), w) for w in words[:_MAX_WORDS]]
    rare = sorted((n, w) for n, w in counted if n)[:6]
    votes: dict[int, int] = {}
    for _, word in rare:
        offset = target.find(word)
        at = norm.find(word)
        for _ in range(_MAX_HITS):
            if at < 0:
                break
            start = max(0, at - offset)
            votes[start] = votes.get(start, 0) + 1
            at = norm.find(word, at + 1)
    # Nearby starts are one place (a word inserted or dropped shifts the rest).
    bucket = max(16, size // 8)
    places: dict[int, tuple[int, int]] = {}
    for start, n in votes.items():
        key = start // bucket
        total, first = places.get(key, (0, start))
        places[key] = (total + n, first if votes.get(first, 0) >= n else start)
    ranked = sorted(places.values(), key=lambda p: (-p[0], p[1]))[:_MAX_CANDIDATES]
    starts = [start for _, start in ranked]
    if size > _ALIGN_UP_TO:
        return starts
    aligned = []
    for start in starts:
        lo = max(0, start - size // 2 - 32)
        hit = fuzz.partial_ratio_alignment(target, norm[lo : start + size + size // 2 + 32])
        aligned.append(lo + hit.dest_start if hit is not None and hit.score > 0 else start)
    return aligned


def _word_starts_near(norm: str, start: int, slack: int = 24) -> list[int]:
    """The word starts within ``slack`` characters of ``start`` (a passage
    starts at a word), nearest first; ``start`` itself when there is none."""
    lo, hi = max(0, start - slack), min(len(norm), start + slack + 1)
    near = []
    for i in range(lo, hi):
        if i == 0 or norm[i - 1] == " ":
            near.append(i)
            j = i
            while j < hi and norm[j] in _OPENING:  # or just after its opening quote mark
                j += 1
                near.append(j)
    return sorted(set(near), key=lambda i: abs(i - start)) or [start]


#: Marks that may open a word without being part of what a quote cites.
_OPENING = "\"'([{<"
