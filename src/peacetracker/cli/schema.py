"""``peacetracker schema``: write JSON Schemas of the file formats for editors."""

from __future__ import annotations

import json
from pathlib import Path

import click

__all__ = ["schema"]


@click.command()
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Directory to write the schema files into.",
)
@click.option(
    "--print",
    "show",
    type=click.Choice(["registry", "stances", "settings"]),
    help="Print one schema to standard output instead of writing files.",
)
def schema(output: Path, show: str | None) -> None:
    """Write JSON Schemas of the dataset files (registry, stances, settings).

    Point a file at its schema with a first line such as
    '# yaml-language-server: $schema=../schema/stances.schema.json' and
    editors like VS Code (YAML extension) complete keys and flag mistakes as
    you type.  The loader skips a dataset's schema/ folder.

    \b
    Examples:
      peacetracker schema -o positions/schema
      peacetracker schema --print stances
    """
    from ..loading._jsonschema import SCHEMA_FILES, schemas, write_schemas

    if show:
        click.echo(json.dumps(schemas()[SCHEMA_FILES[show]], indent=2, ensure_ascii=False))
        return
    for path in write_schemas(output):
        click.echo(f"wrote {path}")
