"""Writing command output to a file: atomically, so a failure mid-write
leaves any earlier file whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ._versions import InputError

__all__ = ["format_for", "write_atomic"]


def _mode(path: Path) -> int:
    """The existing file's permissions, or the usual ones for a new file (the umask applied)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
