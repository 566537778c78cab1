"""``peacetracker diff OLD NEW``: what changed between two versions of a dataset."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._datasets import load_dataset, resolve_version
from ._options import find_dataset, quality_filters, quality_options

if TYPE_CHECKING:
    from .._dataset import Dataset

__all__ = ["diff"]


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--dir",
    "-C",
    "directory",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="The dataset that git revisions and dates refer to "
    "(default: the current directory, if it holds a dataset).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Human-readable blocks, or JSON.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit with 1 when there are changes, 0 when there are none (2: error).",
)
@quality_options
def diff(
    old: str,
    new: str,
    directory: Path | None,
    fmt: str,
    exit_code: bool,
    min_confidence: str | None,
    exclude_kinds: tuple[str, ...],
    basis: tuple[str, ...],
) -> None:
    """Show what changed between two versions of a dataset: one block per
    changed stance (party, issue, old and new value, and the direction of the
    move against every other party), then changed definitions.

    OLD and NEW are each a dataset directory, a git revision of --dir, or a
    date (the stances in force on that day).  --min-confidence,
    --exclude-kinds and --basis leave out changes to weakly supported stances.

    \b
    Examples:
      peacetracker diff HEAD~1 HEAD
      peacetracker diff 2025-12-26 2026-01-06
      peacetracker diff old-positions/ positions/ --format json
      peacetracker diff main HEAD --exit-code && echo "no changes"
    """
    from ..report.diff import changes_between, render_changes_json, render_changes_text

    kinds = [resolve_version(old), resolve_version(new)]
    cache: dict[tuple[str, str], Dataset] = {}
    # --dir is resolved only when a revision or a date needs it (two
    # directories need no --dir), by the rule report, export and check follow.
    found: list[str] = []

    def base() -> str:
        if not found:
            root, shown = find_dataset(directory, how="--dir")
            found.append(shown or str(root))
        return found[0]

    def load(kind: str, value: Path | dt.date | str) -> Dataset:
        key = (kind, str(value))
        if kind == "date":
            key = ("dir", base())
        if key not in cache:
            if kind == "rev":
                cache[key] = load_dataset(base(), rev=str(value))
            elif isinstance(value, Path):  # kind "dir"
                cache[key] = load_dataset(value)
            else:
                cache[key] = load_dataset(base())
        return cache[key]

    (k_old, v_old), (k_new, v_new) = kinds
    if isinstance(v_old, dt.date) and isinstance(v_new, dt.date) and v_old > v_new:
        # The analysis API compares an earlier date with a later one; a
        # backwards diff would name every move the wrong way round.
        raise click.UsageError(
            f"OLD {v_old} is after NEW {v_new}: a diff runs from the earlier version to the "
            f"later one; swap them: peacetracker diff {v_new} {v_old}"
        )
    filters = quality_filters(min_confidence, exclude_kinds, basis)
    ds_old, ds_new = load(k_old, v_old), load(k_new, v_new)
    result = changes_between(
        ds_old,
        ds_new,
        old_date=v_old if isinstance(v_old, dt.date) else None,
        new_date=v_new if isinstance(v_new, dt.date) else None,
        **filters,
    )
    if fmt == "json":
        click.echo(render_changes_json(result), nl=False)
    else:
        from ..report.terminal import make_console

        render_changes_text(result, make_console(sys.stdout))
    if exit_code and result.count:
        sys.exit(1)

