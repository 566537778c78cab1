"""A new, empty dataset: the files ``peacetracker init`` writes.

Every file starts with the modeline that points editors at its JSON Schema
(written into the dataset's ``schema/`` folder), the registries are empty
mappings (``parties: {}``) that ``peacetracker add`` fills, and the result
passes ``peacetracker check`` as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from .._plumbing.atomic import atomic_write
from ..loading._jsonschema import MODELINE, write_schemas
from ..loading._root import is_dataset
from ._errors import EditError
from ._layout import Indent
from ._render import render_entry

__all__ = ["init_dataset"]

_REGISTRY = MODELINE.format(path="schema/registry.schema.json")
_SETTINGS = MODELINE.format(path="schema/settings.schema.json")

#: Relative path -> text (``{settings}`` is filled in).
_FILES = {
    "peacetracker.yaml": "{modeline}\n{settings}",
    "parties.yaml": (
        "{modeline}\n# Who takes positions: peacetracker add party ID --name NAME\nparties: {{}}\n"
    ),
    "issues.yaml": (
        "{modeline}\n"
        "# Groups of issues, id -> display name: peacetracker add group ID --name NAME\n"
        "groups: {{}}\n"
        "\n"
        "# What is negotiated, and on what scale: peacetracker add issue ID ...\n"
        "issues: {{}}\n"
    ),
    "sources.yaml": (
        "{modeline}\n"
        "# The documents stances cite (their texts go in texts/): peacetracker add source ID ...\n"
        "sources: {{}}\n"
    ),
    "events.yaml": (
        "{modeline}\n"
        "# Summits, attacks, drafts published: peacetracker add event ID ...\n"
        "events: {{}}\n"
    ),
}

_README = """\
# {title}

A peacetracker dataset: each party's dated stances on each issue, every one
backed by a verbatim quote from a source.

| file | holds |
|---|---|
| `peacetracker.yaml` | settings: the title reports carry (`peacetracker set title "..."`) |
| `parties.yaml` | who takes positions (`peacetracker add party`) |
| `issues.yaml` | groups of issues, and issues with their scales (`add group`, `add issue`) |
| `sources.yaml` | the documents stances cite (`peacetracker add source`) |
| `events.yaml` | what happened: summits, drafts published (`peacetracker add event`) |
| `texts/` | the stored text of each source, against which every quote is checked |
| `stances/` | one file per party, written by `peacetracker add stance` |
| `schema/` | JSON Schemas for editors (the first line of each YAML file points at one) |

Check the data with `peacetracker check`, and write the report with
`peacetracker report -o report.html`. The format is described in
peacetracker's docs/format.md.
"""


def init_dataset(root: str | os.PathLike[str], title: str | None = None) -> list[str]:
    """Write a new, empty dataset into directory ``root`` (created if needed).
    Returns the paths written, relative to ``root``.

    Raises :class:`EditError` when ``root`` already holds a dataset or any
    of the files it would write (nothing is overwritten), or is a file.
    """
    target = Path(root)
    if target.exists() and not target.is_dir():
        raise EditError(f"{target} is a file", "give a new or empty directory")
    if target.is_dir() and is_dataset(target):
        raise EditError(
            f"{target} already holds a dataset",
            "add to it with 'peacetracker add ...', or give another directory",
        )
    taken = [rel for rel in (*_FILES, "stances", "schema") if (target / rel).exists()]
    if taken:
        raise EditError(
            f"{target} already holds {taken[0]}",
            "give a new or empty directory; nothing was written",
        )
    if not title:  # the folder's name, until `set title` gives a better one
        title = target.resolve().name or "A peacetracker dataset"
    settings = "# The title reports carry: peacetracker set title \"...\"\n" + "".join(
        render_entry("title", title, 0, Indent())
    )
    target.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for rel in ("schema",):
        for path in write_schemas(target / rel):
            written.append(path.relative_to(target).as_posix())
    for rel, template in _FILES.items():
        modeline = _SETTINGS if rel == "peacetracker.yaml" else _REGISTRY
        atomic_write(target / rel, template.format(modeline=modeline, settings=settings))
        written.append(rel)
    for folder in ("stances", "texts"):
        (target / folder).mkdir(exist_ok=True)
    if not (target / "README.md").exists():
        atomic_write(target / "README.md", _README.format(title=title))
        written.append("README.md")
    return written
