"""Click options and arguments shared by the commands, as decorators.

@click.command()
@dataset_argument
@format_option("text", "json", "github")
def check(dataset, format): ...
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

__all__ = ["dataset_argument", "find_dataset", "format_option", "looks_like_dataset"]

#: Files or folders whose presence marks a directory as a dataset.
_MARKERS = ("peacetracker.yaml", "parties.yaml", "issues.yaml", "sources.yaml", "stances")


def looks_like_dataset(path: Path) -> bool:
    """True when ``path`` holds a dataset's usual files (parties.yaml, stances/ ...)."""
    return any((path / marker).exists() for marker in _MARKERS)


def find_dataset(given: Path | None, *, how: str = "DATASET") -> tuple[Path, str]:
    """The dataset directory and how to show its files' paths (as the user typed it).

    The one rule every command follows: the directory given, else the
    current one when it holds a dataset; otherwise a usage error that says
    which directory to give (``how`` names the argument or option: ``DATASET``
    or ``--dir``).
    """
    if given is not None:
        if not given.is_dir():
            raise click.BadParameter(f"'{given}' is not a directory", param_hint=how)
        text = str(given)
        return given, "" if text in (".", "./") else text
    here = Path.cwd()
    if looks_like_dataset(here):
        return here, ""
    hint = " (try: positions/)" if looks_like_dataset(here / "positions") else ""
    example = "--dir positions/" if how.startswith("-") else "positions/"
    ctx = click.get_current_context(silent=True)
    command = f"peacetracker {ctx.info_name} " if ctx is not None and ctx.info_name else ""
    raise click.UsageError(
        f"no dataset in the current directory: give its directory, e.g. "
        f"'{command}{example}'{hint}"
    )


def dataset_argument(func: Callable[..., Any]) -> Callable[..., Any]:
    """An optional DATASET directory argument (a :class:`~pathlib.Path` or None);
    resolve it with :func:`find_dataset`."""
    return click.argument(
        "dataset",
        required=False,
        type=click.Path(file_okay=False, path_type=Path),
    )(func)


def format_option(*choices: str, default: str | None = None):
    """``--format`` / ``-f`` with the given choices (the first is the default)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        return click.option(
            "--format",
            "-f",
            "format",
            type=click.Choice(choices),
            default=default or choices[0],
            show_default=True,
            help=f"Output format: {', '.join(choices)}.",
        )(func)

    return decorate
