"""Writing command output to a file: atomically, so a failure mid-write
leaves any earlier file whole."""

from __future__ import annotations

from pathlib import Path

import click

from .._plumbing.atomic import atomic_write
from ._datasets import InputError

__all__ = ["format_for", "write_atomic"]


def format_for(
    fmt: str | None, output: str | None, suffixes: dict[str, str], default: str
) -> str:
    """The output format: ``--format`` when given, else the one ``-o``'s suffix
    names, else ``default`` (a file with no suffix too).  An unknown suffix is
    a usage error that lists the known ones."""
    if fmt is not None:
        return fmt
    if output is None:
        return default
    suffix = Path(output).suffix.lower()
    if not suffix:
        return default
    if suffix not in suffixes:
        known = ", ".join(f"{s} ({f})" for s, f in suffixes.items())
        raise click.BadParameter(
            f"cannot tell the format from the suffix '{suffix}' of {output}: use one of "
            f"{known}, or give --format",
            param_hint="'--output'",
        )
    return suffixes[suffix]


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically (:func:`atomic_write`; a read-only
    file is replaced too; ``/dev/null`` and other devices are written to)."""
    try:
        atomic_write(path, data, durable=False, keep_read_only=False)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
