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

from ._build import build_report, gap_words
from ._model import (
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
    "render",
]

#: Output formats of ``peacetracker report``.
FORMATS = ("terminal", "markdown", "html", "json")


def render(report: Report, fmt: str, *, width: int = 120) -> str:
    """The report as text in ``fmt`` (one of :data:`FORMATS`).  For ``terminal``
    this is the plain (uncoloured) layout; the CLI prints to the console directly."""
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
        import io

        from .terminal import make_console, render_terminal

        buf = io.StringIO()
        render_terminal(report, make_console(buf, width=width, force_terminal=False))
        return "".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines())
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
