"""``peacetracker fmt [DIR]``: put every YAML file of a dataset into the one
canonical layout, keeping every comment and every value."""

from __future__ import annotations

from pathlib import Path

import click
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..editing import EditError, atomic_write, content_hash, format_text
from ..editing._files import yaml_files

__all__ = ["fmt"]


@click.command("fmt")
@click.argument("directory", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Only list the files that would change (exit 1 if any).",
)
def fmt(directory: Path | None, check_only: bool) -> None:
    """Lay out the dataset's YAML files canonically: keys in the documented
    order, two-space indentation, each party's stances in date order.
    Comments and values are kept.  DIR defaults to positions/ (or . ).

    \b
    Examples:
      peacetracker fmt positions/
      peacetracker fmt --check positions/    # for CI and pre-commit
    """
    if directory is None:
        directory = Path("positions") if Path("positions").is_dir() else Path(".")
    files = [directory] if directory.is_file() else list(yaml_files(directory))
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
