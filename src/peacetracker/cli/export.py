"""``peacetracker export``: stances, gaps, overlaps and changes as CSV, JSON or Parquet."""

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

    import pandas as pd

__all__ = ["export"]

TABLES = ("stances", "evidence", "gaps", "overlaps", "changes")
_SUFFIXES = {".csv": "csv", ".json": "json", ".parquet": "parquet", ".pq": "parquet"}


@click.command("export")
@click.argument("table", type=click.Choice(TABLES))
@dataset_argument
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    metavar="DATE",
    help="Stances in force on this date (gaps, overlaps; default: the latest).",
)
@click.option(
    "--since",
    metavar="DATE|REV",
    help="For changes: compare with this date, or this git revision of DATASET.",
)
@selection_options
@quality_options
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["csv", "json", "parquet"]),
    default=None,
    help="File format (default: from -o's suffix: .csv, .json, .parquet; else csv).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file (required for parquet) instead of standard output.",
)
def export(
    table: str,
    dataset: Path | None,
    as_of: dt.date | None,
    since: str | None,
    parties: tuple[str, ...],
    issues: tuple[str, ...],
    min_confidence: str | None,
    exclude_kinds: tuple[str, ...],
    basis: tuple[str, ...],
    fmt: str | None,
    output: str | None,
) -> None:
    """Export one of the analysis tables with the same columns as the Python
    API's DataFrames (see docs/api.md): stances (every stance), evidence (every
    quote), gaps, overlaps, or changes (with --since).  DATASET is the dataset
    directory (default: the current directory, if it holds a dataset).
    --min-confidence, --exclude-kinds and --basis leave out weakly supported
    stances (gaps, overlaps, changes).

    \b
    Examples:
      peacetracker export gaps positions/ -o gaps.csv
      peacetracker export stances positions/ --format json
      peacetracker export changes positions/ --since 2025-12-26 -o changes.parquet
      peacetracker export overlaps positions/ --parties russia,ukraine -o zones.json
    """
    from ..export import frame_bytes

    fmt = format_for(fmt, output, _SUFFIXES, "csv")
    if fmt == "parquet" and output is None:
        raise click.UsageError("Parquet is binary: give a file with -o, e.g. -o gaps.parquet")
    if table == "changes" and since is None:
        raise click.UsageError(
            "changes need a starting point: add --since DATE or --since REV (a git revision)"
        )
    root, shown = find_dataset(dataset)
    directory = shown or str(root)
    ds = load_dataset(root)
    party_ids, issue_ids = split_ids(parties), split_ids(issues)
    check_ids(party_ids, ds.parties, "party", "--parties")
    check_ids(issue_ids, ds.issues, "issue", "--issues")

    filters = quality_filters(min_confidence, exclude_kinds, basis)
    if table == "stances":
        frame = ds.stances_frame
    elif table == "evidence":
        frame = ds.evidence_frame
    elif table == "gaps":
        frame = ds.gaps(parties=party_ids, issues=issue_ids, as_of=as_of, **filters)
    elif table == "overlaps":
        frame = ds.overlaps(parties=party_ids, issues=issue_ids, as_of=as_of, **filters)
    else:
        old = since_version(directory, since)
        assert old is not None  # (--since was required above)
        check_date_order(old, as_of)
        frame = ds.compare(old, as_of, **filters).changes
    if table in ("stances", "evidence", "changes"):
        keep: pd.Series | None = None
        if party_ids is not None:
            keep = frame["party"].isin(party_ids)
        if issue_ids is not None:
            in_issues = frame["issue"].isin(issue_ids)
            keep = in_issues if keep is None else in_issues & keep
        if keep is not None:
            frame = frame[keep].reset_index(drop=True)
    if table in ("stances", "evidence") and as_of is not None:
        frame = frame[frame["date"] <= str(as_of)].reset_index(drop=True)
    data = frame_bytes(frame, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(output, data)
    if sys.stderr.isatty():
        click.echo(f"Wrote {len(frame):,} {table} rows to {output}", err=True)
