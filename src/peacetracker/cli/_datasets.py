"""Loading datasets for the report, diff and export commands: a directory, a
git revision of it, or a date; with a progress indicator on a terminal and
every problem reported (never a traceback) when the data cannot be loaded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .._plumbing.safe_text import terminal_safe
from ..errors import PeacetrackerError
from ._values import date_problem, parse_date

if TYPE_CHECKING:
    from .._dataset import Dataset
    from ..errors import RevisionError
    from ..loading._load import Progress

__all__ = [
    "InputError",
    "check_date_order",
    "load_dataset",
    "resolve_version",
    "revision_problem",
    "since_version",
]


class InputError(PeacetrackerError, click.ClickException):
    """A dataset or version that cannot be read: exit code 2.  The message is
    made terminal-safe (it may hold a path or an error's text from the data)."""

    slug = "input"
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(terminal_safe(message))


def load_dataset(path: str | Path, *, rev: str | None = None) -> Dataset:
    """Load the dataset in ``path`` (at git revision ``rev`` when given).

    On a terminal, stderr shows a progress bar while the files are read (it
    disappears when done); when stderr is piped nothing is printed.  A
    dataset with errors raises :class:`~peacetracker.DatasetError`, which the
    CLI reports as every problem with its file:line:col (exit code 2).
    """
    from rich.console import Console

    from ..errors import NoDirectoryError, RevisionError
    from ..loading import load

    err = Console(stderr=True)
    what = f"{path} at {rev}" if rev else str(path)

    def run(progress: Progress | None) -> Dataset:
        try:
            return load(path, rev=rev, progress=progress)
        except (NoDirectoryError, RevisionError) as exc:
            if isinstance(exc, RevisionError) and exc.reason != "not-a-directory":
                raise InputError(revision_problem(str(path), rev or "", exc)) from None
            if not Path(path).exists():
                raise InputError(f"no dataset at '{path}': the directory does not exist") from None
            raise InputError(f"'{path}' is not a directory; give the dataset's directory") from None
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot load {what}: {exc}") from None

    if not err.is_terminal:
        return run(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn(f"Loading {what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("load", total=None)

        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                bar.update(task, completed=done, total=total)

        return run(progress)


def revision_problem(directory: str, rev: str, error: RevisionError) -> str:
    """Why ``rev`` cannot be read for ``directory``, in our words, with a fix
    (``error`` is what :mod:`peacetracker.versions` raised; its ``reason`` decides)."""
    head = (
        f"'{rev}' is not a date (YYYY-MM-DD) nor a git revision of the repository "
        f"holding {directory}"
    )
    if error.reason in ("refused", "dubious-ownership"):
        return str(error)
    if error.reason in ("not-a-repository", "no-git"):
        why = "not in a git repository" if error.reason == "not-a-repository" else (
            "git is not installed")
        return (
            f"{head}: {directory} is {why}. Give a date instead (e.g. 2026-01-06), "
            "or compare two directories (peacetracker diff OLD-DIR NEW-DIR)"
        )
    if error.reason == "unknown-revision":
        return (
            f"{head}. Give a date, or a commit, tag or branch of that repository "
            "(e.g. HEAD~1, main; see 'git log --oneline')"
        )
    return (
        f"{directory} is not in git revision '{rev}' (it was added after it, or is not "
        f"committed): commit it, or give a later revision (see 'git log --oneline -- "
        f"{directory}') or a date"
    )


def resolve_version(spec: str) -> tuple[str, Path | dt.date | str]:
    """What a version argument names: ``("dir", path)`` for an existing
    directory, ``("date", date)`` for an ISO date, else ``("rev", spec)`` for a
    git revision."""
    if not spec.strip():  # Path("") is the current folder: never take it for one
        raise InputError("an empty version was given: give a directory, a date (YYYY-MM-DD) "
                         "or a git revision (e.g. HEAD~1)")
    if Path(spec).is_dir():
        return "dir", Path(spec)
    date = parse_date(spec)
    if date is not None:
        return "date", date
    if spec[:4].isdigit() and spec[4:5] == "-":
        raise InputError(date_problem(spec))
    return "rev", spec


def since_version(path: str | Path, spec: str | None) -> dt.date | Dataset | None:
    """``--since``: a date, or the dataset at a git revision."""
    if spec is None:
        return None
    _, value = resolve_version(spec)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, Path):
        return load_dataset(value)
    return load_dataset(path, rev=value)



def check_date_order(since: object, as_of: dt.date | None) -> None:
    """A usage error when ``--since`` is a date after ``--as-of``: changes run
    forward in time (the analysis API compares an earlier date with a later one)."""
    if isinstance(since, dt.date) and as_of is not None and since > as_of:
        raise click.UsageError(
            f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}: 'what changed' "
            f"runs from the earlier date to the later one; swap them "
            f"(--since {as_of.isoformat()} --as-of {since.isoformat()})"
        )
