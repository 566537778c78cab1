"""One YAML file open for editing: its text, its round-trip data, and edits
that splice new lines in (or old ones out) so that every other byte stays."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .._plumbing.atomic import atomic_write
from .._plumbing.hashing import content_hash
from ._errors import ConflictError, EditError
from ._layout import Entry, Indent, comment_start, detect_indent, is_trivia, parse_layout
from ._reading import read_hash, read_text
from ._render import render_entry, render_item, styled

__all__ = ["Document", "bare_key"]


class Document:
    """A YAML file open for editing.

    Edits change :attr:`text` by inserting or removing whole lines; the
    round-trip data (:attr:`data`, ruamel.yaml, comments kept) is re-read
    after each edit.  :meth:`save` writes atomically, and refuses when the
    file changed on disk since it was read.

        >>> doc = Document.open("positions/stances/russia.yaml")   # doctest: +SKIP
        >>> doc.insert_item(("stances", "army-size"), {"date": ...})  # doctest: +SKIP
        >>> doc.save()                                               # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str], text: str, disk_hash: str | None):
        self.path = Path(path)
        self.original = text
        self._text = text
        #: Hash of the bytes on disk when the file was read (None: a new file).
        self.disk_hash = disk_hash

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Document:
        """Read the file at ``path`` (an :class:`EditError` when it cannot be:
        missing, not a regular file, too large, not UTF-8)."""
        text = read_text(path)
        return cls(path, text, content_hash(text.encode("utf-8")))

    @classmethod
    def new(cls, path: str | os.PathLike[str], text: str) -> Document:
        """A file that does not exist yet, starting from ``text`` (a template);
        :meth:`save` creates it once an edit has added to it."""
        doc = cls(path, "", None)
        doc.text = text  # checked like any edit
        doc.original = text
        return doc

    # -- state -------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        try:
            parse_layout(value)
        except YAMLError as exc:  # an edit must never leave broken YAML
            raise EditError(f"{self.path}: the edit would not be valid YAML: {exc}") from exc
        self._text = value

    @property
    def changed(self) -> bool:
        """True when there is something to write."""
        return self._text != self.original

    @property
    def data(self) -> Any:
        """The round-trip data of the current text (read-only use)."""
        return _parsed(self._text)[0]

    @property
    def layout(self) -> Entry:
        return _parsed(self._text)[1]

    @property
    def indent(self) -> Indent:
        return detect_indent(self.layout)

    def find(self, path: Sequence[Any]) -> Entry | None:
        """The entry at a key path, e.g. ``("stances", "army-size", 0)``."""
        entry = self.layout
        for key in path:
            child = next((c for c in entry.children if c.key == key), None)
            if child is None:
                return None
            entry = child
        return entry

    # -- edits -------------------------------------------------------------------
    @property
    def newline(self) -> str:
        """The file's line ending (``\\r\\n`` when most lines end so, else ``\\n``)."""
        crlf = self._text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self._text.count("\n") else "\n"

    def splice(self, lo: int, hi: int, new: list[str]) -> None:
        """Replace lines ``lo:hi`` (0-based) with ``new``, written with the
        file's line ending (the text must stay valid YAML)."""
        lines = self._text.splitlines(keepends=True)
        eol = self.newline
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += eol
        if eol != "\n":
            new = [
                ln[:-1] + eol if ln.endswith("\n") and not ln.endswith(eol) else ln for ln in new
            ]
        self.text = "".join([*lines[:lo], *new, *lines[hi:]])

    def insert_item(
        self, seq_path: Sequence[Any], index: int, value: Any, like: Sequence[Any] = ()
    ) -> int:
        """Insert ``value`` as item ``index`` of the block sequence at ``seq_path``,
        styled like the items around it.  Returns the 0-based line it starts on.

        The new item goes above the comments that lead the item now at
        ``index`` (they describe that item, not the new one).  Style (flow or
        block, quoting) follows the items of the list, and ``like`` if given.
        """
        entry = self.find(seq_path)
        if entry is None or not isinstance(entry.value, CommentedSeq) or not entry.children:
            raise EditError(f"{self.path}: no block list at {'/'.join(map(str, seq_path))}")
        items = entry.children
        index = max(0, min(index, len(items)))
        near = items[index] if index < len(items) else items[-1]
        lines = render_item(
            styled(value, [*entry.value, *like]), near.col, near.content_col, self.indent
        )
        at = items[index].start if index < len(items) else self._content_end(items[-1])
        self.splice(at, at, lines)
        return at

    def append_entry(self, map_path: Sequence[Any], key: Any, value: Any) -> int:
        """Add ``key: value`` at the end of the block mapping at ``map_path``
        (``()`` for the top level), styled like its siblings.  Returns its line."""
        entry = self.find(map_path)
        if entry is None or not isinstance(entry.value, CommentedMap):
            raise EditError(f"{self.path}: no mapping at {'/'.join(map(str, map_path))}")
        if key in entry.value:
            raise EditError(f"{self.path}: '{key}' is already there")
        indent = self.indent
        siblings = list(entry.value.values())
        if entry.children:
            last = entry.children[-1]
            col, at = last.col, self._content_end(last)
        else:  # an empty mapping is written in flow style: replace it
            raise EditError(f"{self.path}: {'/'.join(map(str, map_path))} is empty or flow style")
        lines = render_entry(
            key, styled({key: value}, [{key: s} for s in siblings])[key], col, indent
        )
        self.splice(at, at, lines)
        return at

    def replace_entry(self, map_path: Sequence[Any], key: Any, value: Any) -> int:
        """Rewrite the entry ``key`` of the mapping at ``map_path`` with a new
        value (for a value that cannot be edited in place, such as ``[]``).
        Comments before it and on its first line are kept.  Returns its line."""
        parent = self.find(map_path)
        entry = self.find((*map_path, key))
        if parent is None or entry is None:
            raise EditError(f"{self.path}: no '{key}' at {'/'.join(map(str, map_path)) or 'top'}")
        siblings = [v for k, v in parent.value.items() if k != key]
        lines = render_entry(
            key, styled({key: value}, [{key: s} for s in siblings])[key], entry.col, self.indent
        )
        comment = _comment_of(self._text.splitlines()[entry.head])
        if comment:
            lines[0] = lines[0].rstrip("\n") + "  " + comment + "\n"
        self.splice(entry.head, self._content_end(entry), lines)
        return entry.head

    def remove_item(self, seq_path: Sequence[Any], index: int) -> None:
        """Remove item ``index`` of the block sequence at ``seq_path``.

        Its comments are kept, as full-line comments where it was, indented
        like the line that now follows them (a comment at the end of one of
        its lines becomes a full-line comment).
        """
        entry = self.find(seq_path)
        if entry is None or not isinstance(entry.value, CommentedSeq):
            raise EditError(f"{self.path}: no block list at {'/'.join(map(str, seq_path))}")
        if len(entry.children) < 2:
            raise EditError(
                f"{self.path}: cannot remove the only item of {'/'.join(map(str, seq_path))}",
                "remove the whole entry by hand, or add another item first",
            )
        item = entry.children[index]
        end = self._content_end(item)
        lines = self._text.splitlines(keepends=True)
        # The comments now lead whatever comes next: indent them like it.
        following = next((ln for ln in lines[end:] if not is_trivia(ln)), None)
        col = len(following) - len(following.lstrip(" ")) if following else item.col
        kept = []
        for at in range(item.start, end):
            comment = _comment_of(lines[at])
            if comment is not None:
                kept.append(" " * col + comment + "\n")
            elif at < item.head and not lines[at].strip():
                kept.append(lines[at])  # a blank line that set the item apart
        self.splice(item.start, end, kept)

    def _content_end(self, entry: Entry) -> int:
        """The line after the last non-comment, non-blank line of ``entry``."""
        lines = self._text.splitlines(keepends=True)
        end = entry.end
        while end > entry.head + 1 and is_trivia(lines[end - 1]):
            end -= 1
        return end

    # -- saving ------------------------------------------------------------------
    def check_unchanged_on_disk(self) -> None:
        """Raise :class:`ConflictError` when the file on disk is not the one read."""
        if read_hash(self.path) != self.disk_hash:
            what = "was created" if self.disk_hash is None else "changed on disk"
            raise ConflictError(
                f"{self.path} {what} since it was read; not overwriting it",
                "run the command again to edit the current version",
            )

    def check_writable(self) -> None:
        """Raise :class:`EditError` when the file (through a symlink: its target)
        is read-only, or its folder cannot take the new file."""
        target = Path(os.path.realpath(self.path))
        try:
            mode = target.stat().st_mode
        except FileNotFoundError:
            mode = None
        folder = target.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if mode is not None and (not mode & 0o222 or not os.access(target, os.W_OK)):
            raise EditError(f"{self.path} is read-only; nothing was written",
                            "make it writable (chmod u+w) if it should be edited")
        if not os.access(folder, os.W_OK):
            raise EditError(f"cannot write in {folder}; nothing was written",
                            "check that you may write in the dataset's folders")

    def save(self) -> bool:
        """Write the edited text (atomically) if it changed.  Returns True if written."""
        if not self.changed:
            return False
        self.check_unchanged_on_disk()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, self._text)
        self.original = self._text
        self.disk_hash = content_hash(self._text.encode("utf-8"))
        return True


def bare_key(line: str, key: str) -> str:
    """The line ``key: {}  # note`` (a key with an empty or no value) as
    ``key:  # note``, ready for block content below it; its indentation, its
    end-of-line comment and its line ending are kept."""
    indent = line[: len(line) - len(line.lstrip(" "))]
    comment = _comment_of(line)
    end = "\r\n" if line.endswith("\r\n") else "\n"
    return f"{indent}{key}:" + (f"  {comment}" if comment else "") + end


def _comment_of(line: str) -> str | None:
    """The comment on a line (``# ...``), or None: a ``#`` after white space,
    outside a quoted scalar (YAML's own rule; a plain scalar cannot hold `` #``)."""
    at = comment_start(line)
    return None if at is None else line[at:].rstrip("\r\n").rstrip()


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[Any, Entry]:
    return parse_layout(text)
