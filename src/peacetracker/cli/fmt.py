"""``peacetracker fmt [DIR]``: put every YAML file of a dataset into the one
canonical layout, keeping every comment and every value."""

from __future__ import annotations

import difflib
from pathlib import Path

import click
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..editing import EditError, atomic_write, content_hash, format_text
from ..editing._files import yaml_files
from ._editing import default_root

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
    for path in paths or (default_root(),):
        files.extend([path] if path.is_file() else yaml_files(path))
    changed, broken = [], 0
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        try:
            new = format_text(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else f"{path}:1:1"
            click.echo(f"{where}: error: {exc.problem} (syntax)", err=True)
            broken += 1
            continue
        except (YAMLError, EditError) as exc:
            click.echo(f"{path}:1:1: error: {exc} (fmt)", err=True)
            broken += 1
            continue
        if new == text:
            continue
        changed.append(path)
        if check_only:
            click.echo(f"{path}: would be reformatted")
            if as_diff:
                click.echo(
                    "".join(
                        difflib.unified_diff(
                            text.splitlines(keepends=True),
                            new.splitlines(keepends=True),
                            fromfile=str(path),
                            tofile=f"{path} (formatted)",
                        )
                    ),
                    nl=False,
                )
        elif content_hash(path.read_bytes()) != content_hash(raw):
            click.echo(f"{path}: changed while formatting; left alone", err=True)
            broken += 1
        else:
            atomic_write(path, new)
            click.echo(f"{path}: reformatted")
    if not check_only:
        click.echo(
            f"{len(changed)} file{'s' * (len(changed) != 1)} reformatted, "
            f"{len(files) - len(changed) - broken} unchanged",
            err=True,
        )
    if broken:
        raise SystemExit(2)
    if check_only and changed:
        raise SystemExit(1)
