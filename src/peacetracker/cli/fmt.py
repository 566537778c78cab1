"""``peacetracker fmt [DIR]``: put every YAML file of a dataset into the one
canonical layout, keeping every comment and every value."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import click
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .._plumbing.safe_text import terminal_safe
from ..editing import EditError, EditLock, LockedError, atomic_write, content_hash, format_text
from ..editing._file_map import yaml_files
from ..editing._reading import read_hash
from ..loading import _yaml
from ..loading._per_file import TooLarge, link_outside, read_file, read_regular
from ..problems import Problem, render_text
from ._editing import default_root, fail

__all__ = ["fmt"]


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Only list the files that would change (exit 1 if any).",
)
@click.option("--diff", "as_diff", is_flag=True, help="With --check: show each change as a diff.")
def fmt(paths: tuple[Path, ...], check_only: bool, as_diff: bool) -> None:
    """Lay out the dataset's YAML files canonically: keys in one order,
    two-space indentation, each party's stances in date order.
    Comments and values are kept.  Give the dataset directory, or files
    (default: the current directory, or positions/).

    \b
    Examples:
      peacetracker fmt positions/
      peacetracker fmt --check positions/    # for CI and pre-commit
      peacetracker fmt --check --diff positions/stances/russia.yaml
    """
    files: list[Path] = []
    locks: dict[Path, EditLock] = {}
    for path in paths or (default_root(),):
        if path.is_file():
            files.append(path)
        else:  # never through a link out of the folder given
            real = os.path.realpath(path)
            files.extend(f for f in yaml_files(path) if link_outside(real, os.fspath(f)) is None)
        if not check_only:
            root = path if path.is_dir() else dataset_of(path)
            locks.setdefault(root.resolve(), EditLock(root))
    try:
        for root in sorted(locks):  # one order for every command: no deadlock
            locks[root].acquire()
    except EditError as exc:
        for lock in locks.values():
            lock.release_all()
        fail(exc.message, exc.fix, code=1 if isinstance(exc, LockedError) else 2)
    try:
        _format_files(files, check_only, as_diff)
    finally:
        for lock in locks.values():
            lock.release_all()


def dataset_of(file: Path) -> Path:
    """The dataset ``file`` belongs to (its folder or the nearest above, as
    :func:`peacetracker.loading.require_dataset` answers), else its folder:
    the edit lock ``fmt`` holds while it rewrites the file."""
    from ..errors import NotADatasetError
    from ..loading import require_dataset

    try:
        return require_dataset(file.parent)
    except NotADatasetError as err:
        return Path(err.nearest) if err.nearest is not None else file.parent


def _format_files(files: list[Path], check_only: bool, as_diff: bool) -> None:
    changed, skipped, raced, unwritten = [], 0, 0, 0
    for path in files:
        try:  # a regular file, at most the limit + 1 bytes
            raw = read_regular(path, _yaml.MAX_FILE_BYTES)
        except TooLarge as exc:
            click.echo(render_text([Problem.create("too-large", str(path), (), 1, 1,
                                                   size=exc.size, limit=exc.limit)]), err=True)
            skipped += 1
            continue
        except OSError as exc:
            click.echo(render_text([Problem.create("unreadable", str(path), (), 1, 1,
                                                   detail=exc.strerror or str(exc))]), err=True)
            skipped += 1
            continue
        problems = _unreadable(path, raw)
        if problems is None:
            text = raw.decode("utf-8")
            try:
                new = format_text(text)
            except (YAMLError, EditError) as exc:
                problems = _unreadable(path, raw, exc)
            except (RecursionError, MemoryError) as exc:
                problems = _unreadable(path, raw, EditError(
                    f"fmt cannot lay out this file ({type(exc).__name__})",
                    "format this file by hand"))
            except Exception as exc:  # a bug in fmt: this file is left alone, the rest go on
                problems = _unreadable(path, raw, EditError(
                    f"fmt cannot lay out this file (a bug: {type(exc).__name__}: {exc})",
                    "format this file by hand, and please report the bug with the file "
                    "(PEACETRACKER_DEBUG=1 shows where)"))
                if os.environ.get("PEACETRACKER_DEBUG"):
                    raise
        if problems is not None:
            click.echo(render_text(problems), err=True)
            skipped += 1
            continue
        if new == text:
            continue
        changed.append(path)
        if check_only:
            click.echo(terminal_safe(f"{path}: would be reformatted"))
            if as_diff:
                click.echo(
                    terminal_safe("".join(
                        difflib.unified_diff(
                            text.splitlines(keepends=True),
                            new.splitlines(keepends=True),
                            fromfile=str(path),
                            tofile=f"{path} (formatted)",
                        )
                    )),
                    nl=False,
                )
        elif read_hash(path) != content_hash(raw):
            click.echo(terminal_safe(f"{path}: changed while formatting; left alone"), err=True)
            raced += 1
        else:
            try:
                atomic_write(path, new)
            except OSError as exc:  # a read-only file or folder: left as it was
                click.echo(terminal_safe(f"{path}: not written: {exc.strerror or exc}"), err=True)
                unwritten += 1
                continue
            click.echo(terminal_safe(f"{path}: reformatted"))
    counts = []
    if not check_only:
        counts.append(
            f"{_files(len(changed) - raced - unwritten)} reformatted, "
            f"{len(files) - len(changed) - skipped} unchanged"
        )
    if skipped:
        counts.append(f"{_files(skipped)} skipped because of errors: run peacetracker check")
    if raced:
        counts.append(f"{_files(raced)} changed on disk while formatting (left alone)")
    if unwritten:
        counts.append(f"{_files(unwritten)} could not be written (left alone)")
    if counts:
        click.echo(", ".join(counts), err=True)
    if skipped or raced or unwritten:
        raise SystemExit(2)
    if check_only and changed:
        raise SystemExit(1)


def _files(n: int) -> str:
    return f"{n} file{'s' * (n != 1)}"


def _unreadable(path: Path, raw: bytes, failure: Exception | None = None) -> list[Problem] | None:
    """The errors ``peacetracker check`` reports for this file on its own (same rule,
    message, fix and position), or None when it has none and ``failure`` is None.
    With ``failure`` (fmt could not lay it out), always a list."""
    result = read_file(str(path), raw)
    # What the file holds is not fmt's business (it lays out any YAML): only
    # problems of reading it count.
    errors = [
        Problem.from_dict(p)
        for p in result["problems"]
        if p["level"] == "error" and p["rule"] != "unknown-file"
    ]
    if errors and (result["data"] is None or failure is not None):
        return errors
    if failure is None:
        return None
    if isinstance(failure, MarkedYAMLError) and failure.problem_mark is not None:
        mark = failure.problem_mark
        line, col, message = mark.line + 1, mark.column + 1, f"YAML syntax error: {failure.problem}"
    else:
        line, col, message = 1, 1, str(getattr(failure, "message", failure))
    fix = getattr(failure, "fix", None) or "run peacetracker check on the dataset"
    return [Problem("fmt", "error", message, fix, str(path), line, col)]
