"""The position-gap report: a model built once from the analysis API, then
laid out as terminal text, Markdown, one self-contained HTML page, or JSON.

    >>> import peacetracker
    >>> from peacetracker.report import build_report, render
    >>> ds = peacetracker.load("tests/data/mini")
    >>> text = render(build_report(ds), "markdown")
    >>> text.splitlines()[0]
    '# Northland–Southland talks (fixture)'
"""

from __future__ import annotations

from .._plumbing.collector import without_collector
from ..errors import FormatError
from ._build import build_report, gap_words
from ._content import (
    Cell,
    Change,
    Citation,
    Direction,
    GapLine,
    IssueInfo,
    PartyInfo,
    Report,
    Timeline,
    TimelinePoint,
    Zone,
)
from ._words import quote_text

__all__ = [
    "FORMATS",
    "Cell",
    "Change",
    "Citation",
    "Direction",
    "GapLine",
    "IssueInfo",
    "PartyInfo",
    "Report",
    "Timeline",
    "TimelinePoint",
    "Zone",
    "build_report",
    "gap_words",
    "quote_text",
    "render",
]

#: Output formats of ``peacetracker report``.
FORMATS = ("terminal", "markdown", "html", "json")


@without_collector
def render(report: Report, fmt: str) -> str:
    """The report as text in ``fmt`` (one of :data:`FORMATS`).  For ``terminal``
    this is the plain-text layout used when output is piped; on a terminal the
    CLI prints rich tables instead (:func:`peacetracker.report.terminal.render_terminal`)."""
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from .html import render_html

        return render_html(report)
    if fmt == "json":
        from .as_json import render_json

        return render_json(report)
    if fmt == "terminal":
        from .._plumbing.safe_text import terminal_safe
        from .text import render_plain

        return terminal_safe(render_plain(report))
    raise FormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}",
                      "fmt", fmt, FORMATS)
