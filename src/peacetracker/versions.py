"""A dataset at a git revision: its files extracted with ``git archive`` into a
directory (:func:`peacetracker.load` with ``rev`` loads them)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from .errors import PeacetrackerError, RevisionError

__all__ = ["RevisionError", "extract_revision"]


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed: install git to read a revision",
                            "no-git") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        message = stderr.strip().splitlines()
        if "dubious ownership" in stderr:  # its last line is only the fix
            raise RevisionError(f"dubious ownership: {message[-1].strip()}", "dubious-ownership")
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
        raise RevisionError(f"{path} is not a directory: give the dataset's directory",
                            "not-a-directory", rev, path)
    try:
        _git(path, "rev-parse", "--show-toplevel")
    except RevisionError as err:
        if err.reason == "dubious-ownership":  # git's own refusal, not a missing repository
            raise RevisionError(
                f"git refuses to read the repository holding {path}: it belongs to another "
                "user ('dubious ownership'); if you trust it, run: git config --global "
                f"--add safe.directory {path}",
                "dubious-ownership", rev, path,
            ) from None
        raise RevisionError(
            f"{path} is not inside a git repository: a revision needs git history "
            "(compare two directories instead)",
            "not-a-repository", rev, path,
        ) from None
    prefix = _git(path, "rev-parse", "--show-prefix").decode().strip()
    try:
        _git(path, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except RevisionError:
        raise RevisionError(
            f"unknown git revision '{rev}': use a commit, tag or branch "
            "(e.g. HEAD~1, main, v1.0; see 'git log --oneline')",
            "unknown-revision", rev, path,
        ) from None
    top = Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())
    spec = f"{rev}:{prefix}" if prefix else rev
    try:
        data = _git(top, "archive", "--format=tar", spec)
    except RevisionError as err:  # e.g. the directory is not in that revision
        raise RevisionError(str(err), err.reason, rev, path) from None
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
        "(nothing outside the dataset is ever written)",
        "refused", rev, path,
    )


#: ``extractall(filter="data")`` came with Python 3.11.4 (and 3.12); before,
#: :func:`_extract_data_only` gives the same safety.
_HAS_DATA_FILTER = hasattr(tarfile, "data_filter")
_FILTER_ERRORS: tuple[type[tarfile.FilterError], ...] = (
    (tarfile.FilterError,) if _HAS_DATA_FILTER else ()
)


class _Refused(PeacetrackerError):
    """A member of a revision's archive that is not extracted (no data filter)."""

    slug = "refused-member"
    fields = ("name", "why")

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
