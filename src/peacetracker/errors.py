"""Every error peacetracker raises, under one base class.

Each class has a ``slug`` (a stable name for the kind of error, as a
problem has its rule) and structured fields (``fields`` names them); ``str()``
is the message for people, :meth:`PeacetrackerError.to_dict` the slug,
message and fields for programs.  Match errors by class or field, never by
their text.  Each class keeps the built-in base callers caught before
(``ValueError``, ``TypeError``, ``OSError``, ``RuntimeError``).

>>> from peacetracker.errors import PeacetrackerError, ScaleError
>>> err = ScaleError("'huge' is not an option", "use one of: small, large")
>>> isinstance(err, PeacetrackerError) and isinstance(err, ValueError)
True
>>> err.to_dict()
{'slug': 'scale', 'message': "'huge' is not an option", 'fix': 'use one of: small, large'}
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from typing import ClassVar

from ._base_errors import (
    ArgumentError,
    ArgumentTypeError,
    DateError,
    FormatError,
    InvalidValueError,
    PeacetrackerError,
    UnknownIdError,
)
from .problems import Problem

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "ConflictError",
    "DamagedEntry",
    "DatasetChangedError",
    "DatasetError",
    "DateError",
    "EditError",
    "FilterError",
    "FormatError",
    "InternalError",
    "InvalidValueError",
    "LockedError",
    "NoDirectoryError",
    "NotADatasetError",
    "NotRegularFile",
    "OutsideDataset",
    "PeacetrackerError",
    "QuoteNotFound",
    "RefusedError",
    "RevisionError",
    "ScaleError",
    "TooLarge",
    "UnknownIdError",
]


# -- values and filters ---------------------------------------------------------------


class ScaleError(PeacetrackerError, ValueError):
    """A value or definition that does not fit a scale.

    ``message`` says what is wrong, ``fix`` what to try instead.
    """

    slug = "scale"
    fields: ClassVar[tuple[str, ...]] = ("fix",)

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix


class FilterError(ArgumentError):
    """An unknown word in an evidence filter: ``filter`` is the parameter
    (``min_confidence``, ``exclude_kinds``, ``basis``; also ``argument``),
    ``value`` the word."""

    slug = "filter"
    fields: ClassVar[tuple[str, ...]] = ("filter", "value")

    def __init__(self, message: str, filter: str, value: str):
        super().__init__(message, filter, value)
        self.filter = filter


# -- loading ----------------------------------------------------------------------------


class DatasetError(PeacetrackerError):
    """A dataset that cannot be loaded: ``.problems`` lists every problem found."""

    slug = "dataset"
    fields: ClassVar[tuple[str, ...]] = ("problems",)

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        first = errors[0] if errors else None
        where = f"; first: {first.file}:{first.line}:{first.col}: {first.message}" if first else ""
        super().__init__(f"{len(errors)} error(s) in the dataset{where}")


class NotADatasetError(DatasetError):
    """Directory ``path`` holds no registry file at its top level (e.g. a
    dataset's ``stances/``); ``nearest`` is the closest dataset above it, or None.
    ``.problems`` holds the one ``not-a-dataset`` problem, whose fix names
    ``nearest``; the message is that problem's, with its fix."""

    slug = "not-a-dataset"
    fields: ClassVar[tuple[str, ...]] = ("path", "nearest", "problems")

    def __init__(self, path: str | os.PathLike[str],
                 nearest: str | os.PathLike[str] | None = None):
        self.path = path
        self.nearest = nearest
        if nearest is not None:
            fix = f"give the dataset directory: {nearest}"
        else:
            fix = "give the dataset directory (it holds parties.yaml, issues.yaml, stances/ ...)"
        problem = Problem.create("not-a-dataset", ".", (), path=str(path), fix=fix)
        DatasetError.__init__(self, (problem,))
        self.args = (f"{problem.message}; {problem.fix}",)


class NoDirectoryError(PeacetrackerError, NotADirectoryError):
    """``path`` is missing or is not a directory (a dataset is a directory)."""

    slug = "no-directory"
    fields: ClassVar[tuple[str, ...]] = ("path",)

    def __init__(self, path: str | os.PathLike[str]):
        super().__init__(f"{path} is not a directory")
        self.path = path


class NotRegularFile(PeacetrackerError, OSError):
    """The path is a FIFO, a device, a socket or a directory, not a file."""

    slug = "not-regular-file"
    fields: ClassVar[tuple[str, ...]] = ("filename",)


class TooLarge(PeacetrackerError, OSError):
    """The file holds more than the limit (``size``: its size, at least limit + 1)."""

    slug = "too-large"
    fields: ClassVar[tuple[str, ...]] = ("filename", "size", "limit")

    def __init__(self, path: str, size: int, limit: int):
        super().__init__(errno.EFBIG, f"{size:,} bytes, more than the limit of {limit:,}", path)
        self.size = size
        self.limit = limit


class OutsideDataset(PeacetrackerError, OSError):
    """A symlink in the dataset to a file outside its directory (never read);
    ``filename`` is where it leads."""

    slug = "outside-dataset"
    fields: ClassVar[tuple[str, ...]] = ("filename",)


class DamagedEntry(PeacetrackerError, RuntimeError):
    """A load cache entry that does not hold what its head promised: its stance
    blob changed after the head was read, or builds another number of stances."""

    slug = "damaged-cache-entry"


class DatasetChangedError(PeacetrackerError, RuntimeError):
    """The files of the dataset at ``path`` changed after it was loaded, and the
    stances it still had to build from the cache are damaged: load it again."""

    slug = "dataset-changed"
    fields: ClassVar[tuple[str, ...]] = ("path",)

    def __init__(self, path: str | os.PathLike[str]):
        super().__init__(f"{path} changed since it was loaded, and its cached stances are "
                         "damaged: load it again")
        self.path = path


class InternalError(PeacetrackerError, RuntimeError):
    """An unexpected failure (a bug) while reading ``file``; the CLI asks for a report."""

    slug = "internal"
    fields: ClassVar[tuple[str, ...]] = ("file", "cause")

    def __init__(self, file: str | None, cause: BaseException):
        where = f"while reading {file}" if file else "while checking across files"
        super().__init__(f"unexpected error {where}: {cause!r}")
        self.file = file
        self.cause = cause


# -- versions ---------------------------------------------------------------------------


class RevisionError(PeacetrackerError, ValueError):
    """A git revision that cannot be read.  ``reason`` says why: ``no-git``,
    ``dubious-ownership``, ``not-a-directory``, ``not-a-repository``,
    ``unknown-revision``, ``refused`` (a file of the revision that is never
    written) or ``git-failed`` (e.g. the directory is not in that revision)."""

    slug = "revision"
    fields: ClassVar[tuple[str, ...]] = ("reason", "rev", "path")

    def __init__(self, message: str, reason: str = "git-failed", rev: str | None = None,
                 path: str | os.PathLike[str] | None = None):
        super().__init__(message)
        self.reason = reason
        self.rev = rev
        self.path = path


# -- editing ----------------------------------------------------------------------------


class EditError(PeacetrackerError):
    """An edit that cannot be made: an unknown id, a value that does not fit, a
    quote that is not in its source.  ``fix`` says what to try instead."""

    slug = "edit"
    fields: ClassVar[tuple[str, ...]] = ("fix",)

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message if fix is None else f"{message} ({fix})")
        self.message = message
        self.fix = fix


class QuoteNotFound(EditError):
    """A quote that is not in the stored text of its ``source``."""

    slug = "quote-not-found"
    fields: ClassVar[tuple[str, ...]] = ("source", "fix")

    def __init__(self, message: str, fix: str | None = None, *, source: str):
        super().__init__(message, fix)
        self.source = source


class ConflictError(EditError):
    """The file changed on disk after it was read: saving would lose someone's edit."""

    slug = "conflict"


class RefusedError(EditError):
    """The edited files would fail ``peacetracker check``: nothing was written.

    ``problems`` holds the reasons (:class:`~peacetracker.Problem`); ``str()``
    shows each as ``check`` does (:func:`peacetracker.problems.render_text`).
    """

    slug = "refused"
    fields: ClassVar[tuple[str, ...]] = ("problems", "fix")

    def __init__(self, message: str, problems: Sequence[Problem]):
        super().__init__(message, "fix the problems listed, or edit the YAML by hand")
        self.problems = tuple(problems)

    def __str__(self) -> str:
        from .problems import render_text

        return "\n".join([self.message, render_text(self.problems)] if self.problems
                         else [self.message])


class LockedError(EditError):
    """Another command held the dataset's edit lock for longer than the timeout."""

    slug = "locked"
