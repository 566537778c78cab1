"""Where each entry of a YAML file sits in its text: the line span of every
mapping entry and sequence item, with the comments that lead it.

Edits and ``fmt`` work on these spans, so every line they do not touch is
kept byte for byte.  Comment lines and blank lines directly above an entry
belong to that entry (they travel with it and are kept when it moves); a
comment at the end of a line stays on its line.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from attrs import frozen
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

__all__ = [
    "Entry",
    "Indent",
    "comment_start",
    "detect_indent",
    "is_trivia",
    "load_roundtrip",
    "parse_layout",
]


def load_roundtrip(text: str) -> Any:
    """Load ``text`` as a round-trip document (comments, key order, quoting kept)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    return yaml.load(io.StringIO(_spaced_comments(text)))


_TAB_COMMENT = re.compile(r"\t[ \t]*#")


def _spaced_comments(text: str) -> str:
    """``text`` with the tabs just before a comment (``key: value\t# note``)
    read as spaces: YAML allows them there, and libyaml (``check``) reads
    them, but ruamel.yaml's own scanner (round-trip) stops at them.  Same
    length, so every position stays; tabs inside the text of a scalar are
    left alone."""
    if not _TAB_COMMENT.search(text):
        return text
    from ..loading._yaml import _scalar_text_lines

    lines = text.split("\n")
    candidates = {n: "" for n, line in enumerate(lines) if _TAB_COMMENT.search(line)}
    inside = _scalar_text_lines(lines, candidates)
    for n in candidates:
        if n in inside:
            continue
        line = lines[n]
        at = comment_start(line)
        if at is None:
            continue
        lead = len(line[:at].rstrip(" \t"))
        lines[n] = line[:lead] + line[lead:at].replace("\t", " ") + line[at:]
    return "\n".join(lines)


def comment_start(line: str) -> int | None:
    """Where the comment on a line starts (its ``#``), or None: a ``#`` after white
    space, outside a quoted scalar (YAML's own rule)."""
    stripped = line.lstrip()
    if stripped.startswith("#"):
        return len(line) - len(stripped)
    for honour_quotes in (True, False):
        quote: str | None = None
        escaped = False
        for i, ch in enumerate(line):
            if escaped:  # the second ' of '' or the character after \ in "..."
                escaped = False
            elif quote:
                doubled = quote == "'" and ch == "'" and line[i + 1 : i + 2] == "'"
                if doubled or (quote == '"' and ch == "\\"):
                    escaped = True
                elif ch == quote:
                    quote = None
            elif honour_quotes and ch in "'\"" and (i == 0 or line[i - 1] in " :[{,-"):
                quote = ch
            elif ch == "#" and i > 0 and line[i - 1] in " \t":
                return i
        if quote is None:
            return None
        # An unclosed quote: it was an apostrophe in a plain scalar; look again.
    return None


def is_trivia(line: str) -> bool:
    """True for a blank line or a line holding only a comment."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def is_block(value: Any) -> bool:
    """True for a block-style (not flow-style) mapping or sequence."""
    return isinstance(value, CommentedMap | CommentedSeq) and not value.fa.flow_style()


@frozen
class Entry:
    """One mapping entry or sequence item and its lines (0-based, ``end`` exclusive).

    ``start`` is the first of the comment and blank lines that lead the entry,
    ``head`` the line of its key (or dash), ``col`` the column of its key (or
    dash), and ``content_col`` the column where its value starts on the dash
    line (sequence items only; the key column for mapping entries).
    """

    key: Any
    start: int
    head: int
    end: int
    col: int
    content_col: int
    value: Any
    children: tuple[Entry, ...]

    @property
    def is_item(self) -> bool:
        return isinstance(self.key, int)


@frozen
class Indent:
    """A file's indentation: mapping indent, sequence indent and dash offset
    (``sequence`` counts to the item's content, ``offset`` to its dash)."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def _heads(coll: Any) -> list[tuple[Any, int, int]]:
    """(key, line, column) of each entry of a block collection."""
    if isinstance(coll, CommentedMap):
        return [(k, *coll.lc.key(k)) for k in coll]
    return [(i, *coll.lc.item(i)) for i in range(len(coll))]


def _children(coll: Any, lines: list[str], lo: int, hi: int,
              text_lines: frozenset[int] = frozenset()) -> tuple[Entry, ...]:
    heads = _heads(coll)
    starts: list[int] = []
    for n, (_key, line, _col) in enumerate(heads):
        bound = lo if n == 0 else heads[n - 1][1] + 1
        start = line
        # Leading comments and blank lines, but never a line of a scalar's text
        # (a "# ..." line inside a `note: |` block is text, not a comment).
        while (start - 1 >= bound and is_trivia(lines[start - 1])
               and start - 1 not in text_lines):
            start -= 1
        starts.append(start)
    entries = []
    for n, (key, line, col) in enumerate(heads):
        end = starts[n + 1] if n + 1 < len(heads) else hi
        value = coll[key]
        if isinstance(coll, CommentedSeq):
            dash = lines[line].rfind("-", 0, col)
            key_col, content_col = (dash, col) if dash >= 0 else (col, col)
        else:
            key_col = content_col = col
        kids = _children(value, lines, line + 1, end, text_lines) if is_block(value) else ()
        entries.append(Entry(key, starts[n], line, end, key_col, content_col, value, kids))
    return tuple(entries)


def parse_layout(text: str) -> tuple[Any, Entry]:
    """Parse ``text``: its round-trip data and a root :class:`Entry` spanning the
    document (its ``end`` stops before the trailing comments of the file)."""
    data = load_roundtrip(text)
    lines = text.splitlines(keepends=True)
    text_lines = _scalar_lines(text)
    end = len(lines)
    while end > 0 and is_trivia(lines[end - 1]) and end - 1 not in text_lines:
        end -= 1
    kids = _children(data, lines, 0, end, text_lines) if is_block(data) else ()
    return data, Entry(None, 0, 0, end, 0, 0, data, kids)


def _scalar_lines(text: str) -> frozenset[int]:
    """The lines (0-based) that continue a scalar written over several lines
    (a block scalar's text, a long quoted string): what looks like a comment or
    a blank line there is part of the value."""
    if "\n" not in text.rstrip("\n"):
        return frozenset()
    from ruamel.yaml import tokens
    from ruamel.yaml.error import YAMLError

    found: set[int] = set()
    try:
        for token in YAML(typ="safe", pure=False).scan(_spaced_comments(text)):
            if isinstance(token, tokens.ScalarToken):
                first = token.start_mark.line
                last = token.end_mark.line - (token.end_mark.column == 0)
                found.update(range(first + 1, last + 1))
    except YAMLError:
        pass
    return frozenset(found)


def walk(entry: Entry) -> Iterator[Entry]:
    """Every entry below ``entry``, depth first."""
    for child in entry.children:
        yield child
        yield from walk(child)


def detect_indent(root: Entry) -> Indent:
    """The indentation a file uses most (defaults: mapping 2, sequence 4, offset 2)."""
    maps: Counter[int] = Counter()
    seqs: Counter[tuple[int, int]] = Counter()
    for entry in walk(root):
        if not entry.children:
            continue
        base = entry.content_col
        first = entry.children[0]
        if isinstance(entry.value, CommentedMap):
            if first.head != entry.head:
                maps[first.col - base] += 1
        elif first.head != entry.head:
            seqs[(first.content_col - base, first.col - base)] += 1
    mapping = maps.most_common(1)[0][0] if maps else 2
    sequence, offset = seqs.most_common(1)[0][0] if seqs else (4, 2)
    if mapping < 1:
        mapping = 2
    if offset < 0 or sequence < offset + 2:
        sequence, offset = 4, 2
    return Indent(mapping, sequence, offset)
