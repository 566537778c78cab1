"""Is a directory a dataset?  A quick look before anything is read.

A dataset directory holds its registry files (``parties.yaml``,
``issues.yaml``, ...: any YAML file whose top-level keys include
``parties:``, ``issues:``, ``groups:``, ``sources:`` or ``events:``, and not
``party:`` or ``stances:``) or its settings (``peacetracker.yaml``) at its
top level: which file is which is the spec's rule
(:func:`~peacetracker.loading._spec.classify`), the loader's.  A folder without them
(``positions/stances``, ``/tmp``) is not checked file by file: every stance
in it would be an "unknown party" error.

    >>> is_dataset("tests/data/mini"), is_dataset("tests/data/mini/stances")
    (True, False)
    >>> nearest_dataset("tests/data/mini/stances").name
    'mini'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ._spec import YAML_SUFFIXES, classify_text

__all__ = ["is_dataset", "nearest_dataset"]

#: Read at most this much of a top-level file while looking for registry keys.
_SCAN_BYTES = 4 << 20
#: What a top-level file must be, by the spec's rule, to make a dataset.
_MARKS = frozenset({"settings", "registry"})


def _marks_dataset(name: str, text: str | bytes) -> bool:
    return classify_text(name, text) in _MARKS


def is_dataset(path: str | os.PathLike, extra: Iterable[tuple[str, str]] = ()) -> bool:
    """True when directory ``path`` holds registry files or settings at its top level.

    ``extra`` is ``(relative path, text)`` of files to count as if they were
    there (the ``overrides`` of :func:`peacetracker.check`).
    """
    root = Path(path)
    for rel, text in extra:
        top_level = "/" not in rel and rel.endswith(YAML_SUFFIXES)
        if top_level and _marks_dataset(rel, text):
            return True
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return False
    candidates = []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
            continue
        try:
            if not entry.is_file():
                continue
        except OSError:
            continue
        if _marks_dataset(name, b""):  # the settings, known by name alone
            return True
        candidates.append(entry)
    for entry in candidates:
        try:
            with open(entry.path, "rb") as fh:
                if _marks_dataset(entry.name, fh.read(_SCAN_BYTES)):
                    return True
        except OSError:
            continue
    return False


def nearest_dataset(path: str | os.PathLike) -> Path | None:
    """The closest directory above ``path`` that is a dataset, or None."""
    here = Path(path).resolve()
    for parent in here.parents:
        if is_dataset(parent):
            return parent
    return None
