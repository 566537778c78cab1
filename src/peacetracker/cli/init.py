"""``peacetracker init DIR``: start a new, empty dataset that ``check`` accepts."""

from __future__ import annotations

from pathlib import Path

import click

from ._editing import fail

__all__ = ["init"]


@click.command()
@click.argument("directory", type=click.Path(path_type=Path), default=Path("."), required=False)
@click.option("--title", help="The dataset's title, which reports carry (settings: title).")
def init(directory: Path, title: str | None) -> None:
    """Start a new dataset in DIRECTORY (default: the current one).

    Writes the settings (peacetracker.yaml), empty registries (parties,
    issues and groups, sources, events), the folders stances/ and texts/,
    JSON Schemas for editors in schema/ (every file's first line points at
    its schema) and a short README.md. Nothing is overwritten: a directory
    that already holds a dataset, or one of these files, is refused.

    \b
    Examples:
      peacetracker init talks --title "Northland-Southland talks"
      cd talks && peacetracker add party northland --name Northland
    """
    from ..editing import EditError
    from ..editing._init import init_dataset

    try:
        written = init_dataset(directory, title)
    except EditError as exc:
        fail(exc.message, exc.fix)
    shown = "" if str(directory) in (".", "./") else f"{directory}/"
    click.echo(f"started a dataset in {shown or './'} ({len(written)} files)")
    nxt = f"cd {directory} && " if shown else ""
    click.echo(f"next: {nxt}peacetracker add party ID --name NAME", err=True)
