"""``peacetracker report``: the position-gap report."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ._datasets import check_date_order, load_dataset, since_version
from ._options import (
    dataset_argument,
    find_dataset,
    quality_filters,
    quality_options,
    selection_options,
)
from ._output import format_for, write_atomic
from ._values import DATE, check_ids, split_ids

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

__all__ = ["report"]

_SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".txt": "terminal",
}


@click.command("report")
@dataset_argument
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    metavar="DATE",
    help="Report the stances in force on this date (default: the latest).",
)
@click.option(
    "--since",
    metavar="DATE|REV",
    help="Add 'what changed' since this date, or since this git revision of DATASET.",
)
@selection_options
@quality_options
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["terminal", "markdown", "html", "json"]),
    default=None,
    help="Output format (default: from -o's suffix: .md, .html, .json, .txt; else terminal).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    metavar="N",
    help="On a terminal, show at most N rows per section, the largest first (0: all). "
    "Piped output and files always hold everything.",
)
@click.option(
    "--focus",
    multiple=True,
    metavar="IDS",
    help="Lead with these parties (comma-separated ids; default: focus: in peacetracker.yaml, "
    "else the two non-plan parties with the most stances).",
)
@click.option(
    "--plans",
    is_flag=True,
    help="Keep draft plans in the gap tables and zones (default: compared as plans only).",
)
@click.option(
    "--all-pairs",
    "all_pairs",
    is_flag=True,
    help="Show the gaps, heatmap and timelines of every pair of parties "
    "(default: pairs with a focus party).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Every row of every table (default: on a large dataset, only the most important "
    "issues, gaps and timeline charts; the report says what it left out).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file instead of standard output.",
)
def report(
    dataset: Path | None,
    as_of: dt.date | None,
    since: str | None,
    parties: tuple[str, ...],
    issues: tuple[str, ...],
    min_confidence: str | None,
    exclude_kinds: tuple[str, ...],
    basis: tuple[str, ...],
    fmt: str | None,
    top: int,
    focus: tuple[str, ...],
    plans: bool,
    all_pairs: bool,
    full: bool,
    output: str | None,
) -> None:
    """Print the position-gap report: where each party stands on each issue,
    the gaps between them (largest first), the zones of possible agreement,
    what changed, and the quote behind every figure.

    DATASET is the dataset directory (default: the current directory, if it
    holds a dataset).  Exit status: 0 done, 2 usage or input error.

    \b
    Examples:
      peacetracker report positions/
      peacetracker report positions/ --since 2025-12-26 --format markdown -o report.md
      peacetracker report positions/ --since HEAD~3 -f html -o report.html
      peacetracker report tests/data/mini --parties northland,southland --as-of 2026-01-07
    """
    from ..report import build_report, render

    fmt = format_for(fmt, output, _SUFFIX_FORMATS, "terminal")
    filters = quality_filters(min_confidence, exclude_kinds, basis)
    root, shown = find_dataset(dataset)
    directory = shown or str(root)
    ds = load_dataset(root)
    party_ids, issue_ids = split_ids(parties), split_ids(issues)
    check_ids(party_ids, ds.parties, "party", "--parties")
    check_ids(issue_ids, ds.issues, "issue", "--issues")
    focus_ids = split_ids(focus)
    check_ids(focus_ids, ds.parties, "party", "--focus")
    old = since_version(directory, since)
    check_date_order(old, as_of)
    rep = build_report(
        ds,
        as_of=as_of,
        since=old,
        parties=party_ids,
        issues=issue_ids,
        timelines=fmt in ("html", "json"),
        label=str(directory),
        focus=focus_ids,
        plans=plans,
        all_pairs=all_pairs,
        full=full,
        **filters,
    )
    if fmt == "terminal" and output is None and sys.stdout.isatty():
        from ..report.terminal import make_console, render_terminal

        render_terminal(rep, make_console(sys.stdout), top=top or None)
        return
    text = render(rep, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text)
    size = len(text.encode("utf-8"))
    shown = f"{size} bytes" if size < 1000 else f"{size / 1000:,.0f} KB"
    click.echo(f"wrote {output} ({shown})", err=True)  # one line, on stderr: stdout stays clean
