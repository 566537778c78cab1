"""``fmt``: one canonical layout for every dataset file, keeping every comment
and every value.

The layout: keys in the order of :mod:`._order`, mappings indented
by 2, list dashes by 2 and their content by 4 (``sequence 4, offset 2``),
each party's stances on an issue in date order, one newline at the end.
Entries move as whole blocks of lines with the comments that lead them, so
a comment stays with the entry it describes; a line's own text is never
rewritten, only re-indented.  The result is loaded and compared with the
original before it is used: ``fmt`` never changes a value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ._errors import EditError
from ._layout import Entry, Indent, _spaced_comments, parse_layout
from ._order import KEY_ORDERS, key_order_at

__all__ = ["CANONICAL", "format_text"]

#: The canonical indentation.
CANONICAL = Indent(mapping=2, sequence=4, offset=2)


def _reindent(line: str, delta: int) -> str:
    if not line.strip() or delta == 0:
        return line
    if delta > 0:
        return " " * delta + line
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, -delta) :]


def _date_of(entry: Entry) -> tuple[int, Any]:
    value = entry.value.get("date") if isinstance(entry.value, CommentedMap) else None
    if isinstance(value, dt.date):
        return (0, value)
    return (1, dt.date.max)


class _Formatter:
    def __init__(self, text: str, indent: Indent):
        self.data, self.root = parse_layout(text)
        self.lines = text.splitlines(keepends=True)
        self.indent = indent
        self.top = self.data if isinstance(self.data, CommentedMap) else {}

    def run(self) -> str:
        out: list[str] = []
        kids = list(self.root.children)
        if not kids:
            return "".join(self.lines)
        # Comments at the very top (a modeline, a header) stay at the top.
        header_end = kids[0].head
        out.extend(self.lines[: kids[0].start])
        out.extend(ln for ln in self.lines[kids[0].start : header_end])
        ordered = self._order(kids, ())
        for child in ordered:
            self._emit(child, 0, out, (), skip_lead=child is kids[0])
        out.extend(self.lines[self.root.end :])
        text = "".join(out)
        return text.rstrip("\n") + "\n" if text.strip() else text

    def _order(self, kids: list[Entry], path: tuple) -> list[Entry]:
        if not kids:
            return kids
        if kids[0].is_item:
            if (
                len(path) == 2
                and path[0] == "stances"
                and key_order_at((), self.top) == "stance-file"
            ):
                return sorted(kids, key=_date_of)
            return kids
        kind = key_order_at(path, self.top)
        if kind is None:
            return kids
        rank = {k: i for i, k in enumerate(KEY_ORDERS[kind])}
        return sorted(kids, key=lambda e: rank.get(e.key, len(rank)))

    def _emit(
        self,
        entry: Entry,
        col: int,
        out: list[str],
        parent: tuple,
        *,
        skip_lead: bool = False,
        dash_prefix: str | None = None,
        lead_col: int | None = None,
    ) -> None:
        """Write ``entry`` with its key (or dash) at ``col``; its leading comments
        at ``lead_col`` (default ``col``)."""
        path = (*parent, entry.key)
        lines = self.lines
        if not skip_lead:
            at = col if lead_col is None else lead_col
            for ln in lines[entry.start : entry.head]:
                stripped = ln.lstrip(" ")
                out.append(" " * at + stripped if stripped.startswith("#") else ln)
        if entry.is_item:
            content = col + (self.indent.sequence - self.indent.offset)
            head = lines[entry.head]
            if (
                isinstance(entry.value, CommentedMap)
                and entry.children
                and (entry.children[0].head == entry.head)
            ):
                prefix = " " * col + "-" + " " * (content - col - 1)
                kids = self._order(list(entry.children), path)
                for n, kid in enumerate(kids):
                    self._emit(
                        kid,
                        content,
                        out,
                        path,
                        skip_lead=kid is entry.children[0],
                        dash_prefix=prefix if n == 0 else None,
                        lead_col=col if n == 0 else None,
                    )
                return
            if entry.children or lines[entry.head][: entry.col].strip():
                # Unusual shapes (a list in a list, content below the dash): shift as a block.
                delta = col - entry.col
                out.extend(_reindent(ln, delta) for ln in lines[entry.head : entry.end])
                return
            delta = content - entry.content_col
            out.append(" " * col + "-" + " " * (content - col - 1) + head[entry.content_col :])
            out.extend(_reindent(ln, delta) for ln in lines[entry.head + 1 : entry.end])
            return
        head = lines[entry.head]
        if self._bare_accept(path, entry):
            head = _listed(head, entry.col)
        start_col = entry.col
        prefix = dash_prefix if dash_prefix is not None else " " * col
        out.append(prefix + head[start_col:])
        if not entry.children:
            delta = col - entry.col
            out.extend(_reindent(ln, delta) for ln in lines[entry.head + 1 : entry.end])
            return
        if isinstance(entry.value, CommentedSeq):
            child_col = col + self.indent.offset
        else:
            child_col = col + self.indent.mapping
        for kid in self._order(list(entry.children), path):
            self._emit(kid, child_col, out, path)


    def _bare_accept(self, path: tuple, entry: Entry) -> bool:
        """True for a stance's ``accept: no`` written on one line: a bare option
        (or yes/no) that ``fmt`` writes in the list form, ``accept: [no]``."""
        return (
            len(path) == 4
            and path[-1] == "accept"
            and key_order_at(path[:-1], self.top) == "stance"
            and _is_bare(entry.value)
            and entry.end - entry.head == 1
        )


def _is_bare(value: Any) -> bool:
    """An option id or yes/no written without brackets (numbers are left alone:
    a bare number is no acceptable zone on any scale, and ``check`` says so)."""
    return isinstance(value, str | bool) and value != ""


def _listed(line: str, col: int) -> str:
    """``accept: no  # why`` as ``accept: [no]  # why``."""
    from ._document import _comment_of

    comment = _comment_of(line)
    body = line.rstrip("\r\n")
    if comment:
        body = body[: body.rfind(comment)]
    key, _, value = body.partition(":")
    end = line[len(line.rstrip("\r\n")) :]
    return f"{key}: [{value.strip()}]" + (f"  {comment}" if comment else "") + end


def _values_in(text: str) -> Any:
    """The values a YAML text holds (what ``fmt`` must not change)."""
    yaml = YAML(typ="safe", pure=True)
    return yaml.load(_spaced_comments(text))


def _comparable(data: Any, top: Any = None, path: tuple = ()) -> Any:
    """Plain data with each stance list sorted by date (fmt's one reordering)."""
    top = data if top is None else top
    if (
        len(path) == 4
        and path[0] == "stances"
        and path[-1] == "accept"
        and isinstance(top, dict)
        and "party" in top
        and _is_bare(data)
    ):
        return [data]  # `accept: no` is `accept: [no]`, the form fmt writes
    if isinstance(data, dict):
        return {k: _comparable(v, top, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        items = [_comparable(v, top, (*path, i)) for i, v in enumerate(data)]
        if len(path) == 2 and path[0] == "stances" and isinstance(top, dict) and "party" in top:
            items = sorted(
                items,
                key=lambda s: (
                    (0, s["date"])
                    if isinstance(s, dict) and isinstance(s.get("date"), dt.date)
                    else (1, dt.date.max)
                ),
            )
        return items
    return data


def format_text(text: str, indent: Indent = CANONICAL) -> str:
    """``text`` in the canonical layout.  Raises :class:`EditError` if the
    layout could not be made without changing a value (then nothing should
    be written)."""
    if not text.strip():
        return text
    # Old Mac line endings (CR alone): laid out as LF, written back as CR (they
    # came out mixed, the last line ending in CRLF).
    cr_only = "\r" in text and "\n" not in text
    if cr_only:
        return format_text(text.replace("\r", "\n"), indent).replace("\n", "\r")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        text += "\r\n" if lines[0].endswith("\r\n") else "\n"
    result = _Formatter(text, indent).run()
    before = _values_in(text)
    try:
        after = _values_in(result)
    except YAMLError:  # e.g. an alias moved above its anchor
        raise EditError(
            "fmt cannot reorder this file without breaking it (anchors and aliases?)",
            "format this file by hand",
        ) from None
    if _comparable(before) != _comparable(after):
        raise EditError("fmt would change a value here", "format this file by hand")
    return result
