"""``peacetracker check``: report every problem in a dataset."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

import click

from ..problems import Problem, render_github, render_json, render_text, summary
from ._options import dataset_argument, find_dataset, format_option

__all__ = ["check"]

_LEVEL_COLOURS = {"error": "red", "warning": "yellow"}
#: In text output, at most this many warnings of one rule are listed (``--all``: every one).
WARNINGS_PER_RULE = 5


def _progress(stream: TextIO) -> Callable[[int, int], None]:
    """A one-line counter on a terminal (for big datasets)."""

    def show(done: int, total: int) -> None:
        if total >= 50 and (done % 25 == 0 or done == total):
            end = "\n" if done == total else ""
            stream.write(f"\rchecking {done}/{total} files{end}")
            stream.flush()

    return show


def _capped(
    problems: Iterable[Problem], per_rule: int
) -> tuple[list[Problem], Counter[str]]:
    """The problems to list, and how many warnings of each rule were held back.

    Errors are always listed; of each warning rule, the first ``per_rule``
    (in file order)."""
    shown: list[Problem] = []
    hidden: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for p in problems:
        if not p.is_error:
            seen[p.rule] += 1
            if seen[p.rule] > per_rule:
                hidden[p.rule] += 1
                continue
        shown.append(p)
    return shown, hidden


def _coloured(text: str) -> str:
    lines = []
    for line in text.splitlines():
        for level, colour in _LEVEL_COLOURS.items():
            marker = f": {level}: "
            if marker in line and not line.startswith("    "):
                head, tail = line.split(marker, 1)
                line = f"{head}: {click.style(level, fg=colour, bold=True)}: {tail}"
                break
        lines.append(line)
    return "\n".join(lines)


@click.command()
@dataset_argument
@format_option("text", "json", "github")
@click.option("--strict", is_flag=True, help="Warnings fail the check too (exit 1).")
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Show errors only (and warnings with --strict); no summary when clean.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help=f"In text, list every warning (default: {WARNINGS_PER_RULE} of each rule, then a count).",
)
def check(dataset: Path | None, format: str, strict: bool, quiet: bool, show_all: bool) -> None:
    """Check a dataset: report every problem as file:line:col, with a fix.

    DATASET is the dataset directory (default: the current directory, if it
    holds a dataset).  Exit status: 0 clean, 1 problems found (errors, or
    warnings with --strict), 2 usage or input error.

    \b
    In text, warnings of one rule after the first five are counted, not
    listed (--all lists them); json and github list every problem.

    \b
    Examples:
      peacetracker check positions/
      peacetracker check positions/ --all
      peacetracker check positions/ --format github --strict
    """
    from ..loading._load import check as run_check

    root, base = find_dataset(dataset)
    err = sys.stderr
    progress = _progress(err) if format == "text" and not quiet and err.isatty() else None
    result = run_check(root, progress=progress)
    shown = [p for p in result.problems if not quiet or strict or p.is_error]
    if format == "json":
        click.echo(render_json(shown, base, result.files))
    elif format == "github":
        if shown:
            click.echo(render_github(shown, base))
        click.echo(summary(result.problems, result.files))
    else:
        listed, hidden = (shown, Counter()) if show_all else _capped(shown, WARNINGS_PER_RULE)
        if listed:
            click.echo(_coloured(render_text(listed, base)), color=None)
        for rule, n in sorted(hidden.items()):
            click.echo(f"... and {n} more {rule} warning{'s' * (n != 1)} (--all lists them)")
        if not (quiet and result.ok(strict)):
            click.echo(summary(result.problems, result.files))
    sys.exit(0 if result.ok(strict) else 1)
