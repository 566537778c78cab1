"""Versions of a dataset: as of a date, from another directory, or at a git
revision (extracted with ``git archive`` into a temporary directory)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ._dataset import Dataset
    from ._model import DateLike

__all__ = ["RevisionError", "extract_revision", "load_version"]


class RevisionError(ValueError):
    """A git revision that cannot be read (not a repository, unknown revision, ...)."""


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed: install git to read a revision") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        message = stderr.strip().splitlines()
        if "dubious ownership" in stderr:  # its last line is only the fix
            raise RevisionError(f"dubious ownership: {message[-1].strip()}")
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def extract_revision(
    path: str | os.PathLike[str], rev: str, into: str | os.PathLike[str]
) -> Path:
    """Write the files of dataset directory ``path`` as they were at git revision
    ``rev`` under ``into``; returns the directory holding them.

    ``path`` may be any directory inside a git work tree.
    """
    path = Path(path).resolve()
    if not path.is_dir():
        raise RevisionError(f"{path} is not a directory: give the dataset's directory")
    try:
        _git(path, "rev-parse", "--show-toplevel")
    except RevisionError as err:
        if "dubious ownership" in str(err):  # git's own refusal, not a missing repository
            raise RevisionError(
                f"git refuses to read the repository holding {path}: it belongs to another "
                "user ('dubious ownership'); if you trust it, run: git config --global "
                f"--add safe.directory {path}"
            ) from None
        raise RevisionError(
            f"{path} is not inside a git repository: a revision needs git history "
            "(compare two directories instead)"
        ) from None
    prefix = _git(path, "rev-parse", "--show-prefix").decode().strip()
    try:
        _git(path, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except RevisionError:
        raise RevisionError(
            f"unknown git revision '{rev}': use a commit, tag or branch "
            "(e.g. HEAD~1, main, v1.0; see 'git log --oneline')"
        ) from None
    top = Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())
    spec = f"{rev}:{prefix}" if prefix else rev
    data = _git(top, "archive", "--format=tar", spec)
    into = Path(into)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        try:
            if _HAS_DATA_FILTER:
                tar.extractall(into, filter="data")
            else:
                _extract_data_only(tar, into)
        except _FILTER_ERRORS as err:
            name, why = err.tarinfo.name, _why(err)
        except _Refused as err:
            name, why = err.name, err.why
        else:
            return into
    raise RevisionError(
        f"git revision '{rev}' of {path} holds '{name}', which was refused: {why} "
        "(nothing outside the dataset is ever written)"
    )


#: ``extractall(filter="data")`` came with Python 3.11.4 (and 3.12); before,
#: :func:`_extract_data_only` gives the same safety.
_HAS_DATA_FILTER = hasattr(tarfile, "data_filter")
_FILTER_ERRORS: tuple[type[tarfile.FilterError], ...] = (
    (tarfile.FilterError,) if _HAS_DATA_FILTER else ()
)


class _Refused(Exception):
    """A member of a revision's archive that is not extracted (no data filter)."""

    def __init__(self, name: str, why: str):
        super().__init__(f"{name}: {why}")
        self.name = name
        self.why = why


_OUTSIDE = "it is a link or path that points outside the dataset"


def _why(err: Exception) -> str:
    if isinstance(err, tarfile.AbsolutePathError | tarfile.AbsoluteLinkError):
        return "it is an absolute path"
    if isinstance(err, tarfile.OutsideDestinationError | tarfile.LinkOutsideDestinationError):
        return _OUTSIDE
    if isinstance(err, tarfile.SpecialFileError):
        return "it is not a plain file, folder or link"
    return str(err)


def _extract_data_only(tar: tarfile.TarFile, into: Path) -> None:
    """What ``extractall(filter="data")`` does, for Pythons without it: only
    files, folders and symlinks, none of them absolute or pointing outside
    ``into`` (else :class:`_Refused`, before anything is written), no hard
    links, devices or FIFOs, no owner, no set-user-id or group bits."""
    dest = os.path.realpath(into)
    members = tar.getmembers()
    for member in members:
        name = member.name
        if os.path.isabs(name) or name.startswith("/"):
            raise _Refused(name, "it is an absolute path")
        target = os.path.realpath(os.path.join(dest, name))
        if os.path.commonpath([target, dest]) != dest:
            raise _Refused(name, _OUTSIDE)
        if member.issym():
            link = member.linkname
            if os.path.isabs(link) or link.startswith("/"):
                raise _Refused(name, "it is an absolute path")
            pointed = os.path.realpath(os.path.join(dest, os.path.dirname(name), link))
            if os.path.commonpath([pointed, dest]) != dest:
                raise _Refused(name, _OUTSIDE)
        elif not (member.isreg() or member.isdir()):
            raise _Refused(name, "it is not a plain file, folder or link")
    for member in members:
        target = os.path.join(dest, member.name)
        if member.isdir():
            os.makedirs(target, exist_ok=True)
        elif member.issym():
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(member.linkname, target)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            with source, open(target, "xb") as out:
                shutil.copyfileobj(source, out)
            os.chmod(target, 0o755 if member.mode & 0o100 else 0o644)


def _default_loader() -> Callable[[Path], Dataset]:
    import peacetracker

    load = getattr(peacetracker, "load", None)
    if load is None:  # pragma: no cover - only before the loader is merged
        raise RuntimeError("peacetracker.load is not available in this build")
    return load


def load_version(
    path: str | os.PathLike[str],
    rev: str | None = None,
    as_of: DateLike | None = None,
    loader: Callable[[Path], Dataset] | None = None,
) -> Dataset:
    """Load the dataset in ``path``; with ``rev``, as at that git revision; with
    ``as_of``, cut at that date.  The result's ``label`` says which version it is.

    A revision is extracted into a temporary directory that lives as long as the
    returned dataset (its ``root``).
    """
    load = loader or _default_loader()
    if rev is None:
        ds = load(Path(path))
        label = ds.label or str(path)
    else:
        tmp = tempfile.mkdtemp(prefix="peacetracker-rev-")
        try:
            root = extract_revision(path, rev, tmp)
            ds = load(root)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        ds = attrs.evolve(ds, root=root, label=f"git:{rev}")
        weakref.finalize(ds, shutil.rmtree, tmp, ignore_errors=True)
        label = ds.label
    if as_of is not None:
        cut = ds.as_of(as_of)
        return attrs.evolve(cut, label=f"{label} as of {cut.label.removeprefix('as of ')}")
    return ds if ds.label else attrs.evolve(ds, label=label)
