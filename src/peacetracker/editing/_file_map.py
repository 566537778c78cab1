"""Which file of a dataset is which: stance files by party, registry files by
the registries they hold.  Decided by top-level keys, as docs/format.md says,
read from the text without parsing the (possibly large) stance files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from attrs import frozen

from ..loading import _yaml
from ..loading._per_file import read_regular

__all__ = ["REGISTRIES", "DatasetFiles", "yaml_files"]

#: Registry keys, in the order ``fmt`` writes them.
REGISTRIES = ("groups", "parties", "issues", "sources", "events")
_SKIP_DIRS = {"texts", "schema"}
_PARTY = re.compile(r"^party:[ \t]*['\"]?([A-Za-z0-9_-]+)", re.M)
_TOP = re.compile(r"^([A-Za-z_-]+):", re.M)


def yaml_files(root: Path) -> Iterator[Path]:
    """Every ``.yaml``/``.yml`` file below ``root``, except in dot folders, texts/, schema/."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(p.startswith(".") or p in _SKIP_DIRS for p in rel.parts[:-1]):
            continue
        if path.suffix in (".yaml", ".yml") and path.is_file() and not path.name.startswith("."):
            yield path


@frozen
class DatasetFiles:
    """The files of a dataset, relative to its root (POSIX paths)."""

    #: party id -> its stance files (a party's stances may be split over several)
    stance_files: dict[str, tuple[str, ...]]
    #: registry key -> the files holding it
    registry_files: dict[str, tuple[str, ...]]
    settings_file: str | None

    @classmethod
    def scan(cls, root: Path) -> DatasetFiles:
        stances: dict[str, list[str]] = {}
        registries: dict[str, list[str]] = {}
        settings = None
        for path in yaml_files(root):
            rel = path.relative_to(root).as_posix()
            try:  # regular files only, bounded (check reports the rest)
                data = read_regular(path, _yaml.MAX_FILE_BYTES)
            except OSError:
                continue
            text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
            top = set(_TOP.findall(text))
            party = _PARTY.search(text)
            if party and "stances" in top:
                stances.setdefault(party.group(1), []).append(rel)
            for key in REGISTRIES:
                if key in top:
                    registries.setdefault(key, []).append(rel)
            if path.name == "peacetracker.yaml":
                settings = rel
        return cls(
            {k: tuple(v) for k, v in stances.items()},
            {k: tuple(v) for k, v in registries.items()},
            settings,
        )
