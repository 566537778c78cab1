"""Which file of a dataset is which: stance files by party, registry files by
the registries they hold.  Decided by the loader's rule
(:func:`~peacetracker.loading._spec.classify_keys`) on the top-level keys,
read from the text without parsing the (possibly large) stance files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from attrs import frozen

from ..loading import _yaml
from ..loading._per_file import read_regular
from ..loading._spec import REGISTRY_KEYS, classify_keys, dataset_files, top_level_keys

__all__ = ["DatasetFiles", "yaml_files"]

_PARTY = re.compile(r"^party[ \t]*:[ \t]*['\"]?([A-Za-z0-9_-]+)", re.M)


def yaml_files(root: Path) -> Iterator[Path]:
    """The dataset's YAML files that are regular files (the files
    :func:`~peacetracker.loading._spec.dataset_files` walks), as paths."""
    for path in sorted(root / rel for rel in dataset_files(root)):
        if path.is_file():
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
            top = top_level_keys(text)
            kind = classify_keys(rel, top)  # the loader's rule
            if kind == "settings":
                settings = rel
            elif kind == "stances":
                party = _PARTY.search(text)
                if party:
                    stances.setdefault(party.group(1), []).append(rel)
            elif kind == "registry":
                for key in REGISTRY_KEYS:
                    if key in top:
                        registries.setdefault(key, []).append(rel)
        return cls(
            {k: tuple(v) for k, v in stances.items()},
            {k: tuple(v) for k, v in registries.items()},
            settings,
        )
