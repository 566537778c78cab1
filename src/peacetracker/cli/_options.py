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


def find_dataset(given: Path | None) -> tuple[Path, str]:
    """The dataset directory and how to show its files' paths (as the user typed it).

    With no directory given, the current one is used when it holds a dataset;
    otherwise this is a usage error that says which directory to give.
    """
    if given is not None:
        if not given.is_dir():
            raise click.BadParameter(f"'{given}' is not a directory", param_hint="DATASET")
        text = str(given)
        return given, "" if text in (".", "./") else text
    here = Path.cwd()
    if looks_like_dataset(here):
        return here, ""
    hint = " (try: positions/)" if looks_like_dataset(here / "positions") else ""
    raise click.UsageError(
        f"no dataset in the current directory: give its directory, e.g. "
        f"'peacetracker check positions/'{hint}"
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
