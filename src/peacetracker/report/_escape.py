"""Escaping data text for Markdown and for the terminal, and vetting addresses
before they become links (HTML escaping itself is jinja2's autoescape)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .._plumbing.safe_text import terminal_safe

__all__ = ["md_cell", "md_text", "md_url", "safe_url"]  # and SafeConsole

# Characters that make markup anywhere in a line: emphasis, code, links and
# footnotes (an escaped "[" also disarms "![" and "](" ), tables, strike-through,
# and the backslash itself.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# What makes markup only at the start of a line: headings, list items, block
# quotes (">" is already an entity), thematic breaks and setext underlines.
_LINE_START = re.compile(r"^([ \t]*)([#+\-=])", re.MULTILINE)
_ORDERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)


def md_text(text: object) -> str:
    """``text`` as literal Markdown: metacharacters backslash-escaped and HTML's
    ``& < >`` written as entities, so nothing in the data becomes markup or a tag.

    >>> md_text("<script>alert(1)</script> *bold* [link](x)")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\*bold\\\\* \\\\[link\\\\](x)'
    """
    s = str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    s = _LINE_START.sub(r"\1\\\2", s)
    s = _ORDERED.sub(r"\1\\\2", s)
    return s


#: One-line escaping as a translation table (fast: the report escapes every cell).
_CELL = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]|~"}}
)
_CELL_START = re.compile(r"^([#+\-=]|\d+[.)])")


def md_cell(text: object) -> str:
    """``text`` for a Markdown table cell or a footnote: escaped, on one line
    (the same escaping as :func:`md_text`, for text with no line breaks)."""
    s = " ".join(str(text).split()).translate(_CELL)
    hit = _CELL_START.match(s)
    if hit:
        s = s[: hit.end() - 1] + "\\" + s[hit.end() - 1 :]
    return s


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (a ``javascript:`` or
    ``data:`` address in the data must never become a link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def md_url(url: str) -> str:
    """An address for a Markdown link target: spaces and brackets percent-encoded."""
    return (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


# -- the terminal ---------------------------------------------------------------
# terminal_safe lives in peacetracker._plumbing.safe_text (problems.py uses it without
# importing the report); it is the one helper for every plain-text output.


def _safe_console() -> type:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A rich console that makes the control characters of whatever it
        prints visible (:func:`terminal_safe`) before adding its own colour and
        layout codes: the one place the terminal report's data meets the
        terminal."""

        def _render_buffer(self, buffer: Any) -> str:
            return super()._render_buffer(
                Segment(terminal_safe(text), style, control) if text and not control
                else Segment(text, style, control)
                for text, style, control in buffer
            )

    return SafeConsole


def __getattr__(name: str) -> Any:
    # ``SafeConsole`` is made on first use: Markdown and HTML never import rich.
    if name == "SafeConsole":
        cls = globals()["SafeConsole"] = _safe_console()
        return cls
    raise AttributeError(name)
