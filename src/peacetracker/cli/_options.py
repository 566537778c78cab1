"""Click options and arguments shared by the commands, as decorators.

@click.command()
@dataset_argument
@format_option("text", "json", "github")
def check(dataset, format): ...
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .._plumbing.safe_text import terminal_safe

__all__ = [
    "dataset_argument",
    "find_dataset",
    "format_option",
    "looks_like_dataset",
    "selection_options",
    "shown_as_given",
]

#: A command callback under a decorator that adds options and returns it.
F = TypeVar("F", bound=Callable[..., Any])


def looks_like_dataset(path: Path) -> bool:
    """True when ``path`` holds a dataset's registry files or settings at its top level."""
    from ..errors import NoDirectoryError, NotADatasetError
    from ..loading import require_dataset

    try:
        require_dataset(path)
    except (NoDirectoryError, NotADatasetError):
        return False
    return True


def shown_as_given(path: Path, like: Path) -> str:
    """``path`` as the user would type it: relative when ``like`` was, else absolute."""
    if like.is_absolute():
        return str(path)
    return os.path.relpath(path)


def _nearest_hint(
    above: str | os.PathLike[str] | None, given: Path, how: str = "DATASET"
) -> str | None:
    if above is None:
        return None
    shown = shown_as_given(Path(above), given)
    name = click.get_current_context(silent=True)
    command = f"peacetracker {name.info_name}" if name is not None else "peacetracker"
    option = f"{how} " if how.startswith("-") else ""
    return f"the nearest dataset above it is {shown}: try '{command} {option}{shown}'"


def find_dataset(
    given: Path | None, *, how: str = "DATASET", fallback: Path | None = None
) -> tuple[Path, str]:
    """The dataset directory and how to show its files' paths (as the user typed it).

    The one rule every command follows: the directory given, else the
    current one when it holds a dataset, else ``fallback`` when given and a
    dataset (the editing commands' ``positions/``, returned as given);
    otherwise a usage error that says which directory to give (``how`` names
    the argument or option: ``DATASET``, ``--dir`` or ``-d``).  A directory
    that is no dataset (e.g. a dataset's ``stances/``) is a usage error too,
    naming the nearest dataset above it (the question is
    :func:`peacetracker.loading.require_dataset`'s; this only words its
    answer for the command line).  So is a current directory that was removed.
    """
    from ..errors import NoDirectoryError, NotADatasetError
    from ..loading import require_dataset
    from ..problems import NO_REGISTRY

    if given is not None:
        try:
            require_dataset(given)
        except NoDirectoryError:
            raise click.BadParameter(
                terminal_safe(f"'{given}' is not a directory"), param_hint=how
            ) from None
        except NotADatasetError as err:
            hint = _nearest_hint(err.nearest, given, how)
            tail = f"; {hint}" if hint else ", and no folder above it is a dataset"
            raise click.UsageError(
                terminal_safe(f"'{given}' is not a dataset: {NO_REGISTRY}{tail}")
            ) from None
        text = str(given)
        return given, "" if text in (".", "./") else text
    here = _current_directory(how)
    try:
        return require_dataset(here), ""
    except NotADatasetError as err:
        above = err.nearest
    except NoDirectoryError:  # removed since
        raise click.UsageError(_current_directory_removed(how)) from None
    if fallback is not None and looks_like_dataset(here / fallback):
        return fallback, str(fallback)
    raise click.UsageError(terminal_safe(_no_dataset_here(above, how, fallback)))


def _current_directory(how: str) -> Path:
    """The current directory (absolute); a usage error when it was removed."""
    try:
        return Path.cwd()
    except FileNotFoundError:  # removed while a shell stood in it
        raise click.UsageError(_current_directory_removed(how)) from None


def _current_directory_removed(how: str) -> str:
    return (f"the current directory no longer exists (it was removed): cd to the "
            f"dataset, or give its directory ({how})")


def _no_dataset_here(
    above: str | os.PathLike[str] | None, how: str, fallback: Path | None
) -> str:
    """Why the current directory will not do, and which directory to give."""
    from ..problems import NO_REGISTRY

    if fallback is not None:  # the editing commands: -d, or start a dataset here
        if above is not None:
            shown_above = os.path.relpath(above)
            return (f"no dataset in the current directory; the nearest dataset above it is "
                    f"{shown_above}: give {how} {shown_above}, or cd there")
        return (f"no dataset in the current directory: give its directory with {how} "
                f"(e.g. {how} {fallback}/), or start one here with 'peacetracker init .' "
                "(or in a new folder: 'peacetracker init DIR --title \"...\"')")
    hint = _nearest_hint(above, Path("."), how)
    if hint:
        return f"no dataset in the current directory: {NO_REGISTRY}; {hint}"
    hint = " (try: positions/)" if looks_like_dataset(Path.cwd() / "positions") else ""
    example = "--dir positions/" if how.startswith("-") else "positions/"
    ctx = click.get_current_context(silent=True)
    command = f"peacetracker {ctx.info_name} " if ctx is not None and ctx.info_name else ""
    return (f"no dataset in the current directory: give its directory, e.g. "
            f"'{command}{example}'{hint}")


def dataset_argument(func: F) -> F:
    """An optional DATASET directory argument (a :class:`~pathlib.Path` or None);
    resolve it with :func:`find_dataset`."""
    return click.argument(
        "dataset",
        required=False,
        type=click.Path(file_okay=False, path_type=Path),
    )(func)


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """``--format`` / ``-f`` with the given choices (the first is the default)."""

    def decorate(func: F) -> F:
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


def selection_options(func: F) -> F:
    """``--parties`` and ``--issues``: comma-separated ids, repeatable (the
    command checks them against the registries)."""
    func = click.option(
        "--issues",
        "-i",
        multiple=True,
        metavar="IDS",
        help="Only these issues (comma-separated ids; repeatable).",
    )(func)
    return click.option(
        "--parties",
        "-p",
        multiple=True,
        metavar="IDS",
        help="Only these parties (comma-separated ids; repeatable).",
    )(func)


def quality_options(func: F) -> F:
    """``--min-confidence``, ``--exclude-kinds`` and ``--basis``: the evidence
    filters of the analysis API (docs/api.md, "Evidence quality"); the command
    passes :func:`quality_filters` of them to the API."""
    from .._model import BASES, CONFIDENCES

    func = click.option(
        "--basis",
        "basis",
        multiple=True,
        metavar="BASES",
        help=f"Only stances on these bases ({', '.join(BASES)}; comma-separated; repeatable).",
    )(func)
    func = click.option(
        "--exclude-kinds",
        "exclude_kinds",
        multiple=True,
        metavar="KINDS",
        help="Leave out stances that rest only on sources of these kinds or affiliations "
        "(e.g. opinion, state-media; comma-separated; repeatable).",
    )(func)
    return click.option(
        "--min-confidence",
        "min_confidence",
        type=click.Choice(CONFIDENCES),
        default=None,
        help="Only stances at least this sure.",
    )(func)


def quality_filters(
    min_confidence: str | None, exclude_kinds: tuple[str, ...], basis: tuple[str, ...]
) -> dict[str, Any]:
    """The options of :func:`quality_options` as keyword arguments of the API;
    an unknown kind or basis is a usage error naming the valid ones."""
    from ..analysis._quality import Quality
    from ..errors import FilterError
    from ._values import split_ids

    filters: dict[str, Any] = {
        "min_confidence": min_confidence,
        "exclude_kinds": split_ids(exclude_kinds),
        "basis": split_ids(basis),
    }
    try:
        Quality.of(**filters)
    except FilterError as exc:  # exc.filter names the keyword argument
        option = "--" + exc.filter.replace("_", "-")
        raise click.BadParameter(str(exc), param_hint=option) from None
    return filters
