"""``load`` and ``check``: read a dataset directory, report every problem.

Two passes: each YAML file on its own (:func:`peacetracker.loading._per_file.read_file`,
a pure function of path and bytes, cacheable), then across files
(:mod:`peacetracker.loading._cross_file`).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from attrs import field, frozen

from .._dataset import Dataset
from .._plumbing.collector import collector_paused
from .._plumbing.hashing import content_hash
from ..errors import (
    DatasetChangedError,
    DatasetError,
    InternalError,
    NoDirectoryError,
    NotADatasetError,
)
from ..problems import Problem
from . import _yaml
from ._cross_file import Resolved, rebuild, resolve
from ._file_cache import cached_reader, caching_off
from ._per_file import OutsideDataset, TooLarge, link_outside, read_file, read_regular
from ._result_cache import BlobWriter, DamagedEntry, LoadCache, LoadEntry, load_key
from ._root import is_dataset, nearest_dataset
from ._spec import dataset_files

__all__ = [
    "CheckResult",
    "InternalError",
    "check",
    "load",
    "load_version",
    "require_dataset",
]

Progress = Callable[[int, int], None]
FileReader = Callable[[str, bytes], dict[str, Any]]


def _problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


@frozen
class CheckResult:
    """What :func:`check` found: every problem, and the dataset when it loaded."""

    problems: tuple[Problem, ...] = field(converter=_problems)
    #: The dataset, or None when any error was found.
    dataset: Dataset | None
    #: How many YAML files were read.
    files: int
    root: Path

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "warning")

    def __iter__(self) -> Iterator[Problem]:
        """Iterating a result yields its problems."""
        return iter(self.problems)

    def ok(self, strict: bool = False) -> bool:
        """No errors (and, when ``strict``, no warnings either)."""
        return not (self.problems if strict else self.errors)


def check(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    overrides: Mapping[str, str] | None = None,
    file_reader: FileReader | None = None,
) -> CheckResult:
    """Check the dataset in directory ``path``.

    ``progress(done, total)`` is called after each file.  ``overrides`` maps
    relative paths to text: the dataset is checked as if those files held it
    (new files are added).  ``file_reader`` replaces the per-file pass; by
    default it is :func:`peacetracker.loading._per_file.read_file` behind the content-keyed
    cache (:mod:`peacetracker.loading._file_cache`; ``PEACETRACKER_CACHE=0`` turns it off).

    >>> result = check("tests/data/mini")                      # doctest: +SKIP
    >>> [p.message for p in result.errors]                     # doctest: +SKIP
    []
    """
    try:
        return _checked(path, progress=progress, overrides=overrides, file_reader=file_reader)
    except NotADatasetError as err:
        return CheckResult(err.problems, None, 0, Path(path))


def _checked(
    path: str | os.PathLike,
    *,
    progress: Progress | None = None,
    overrides: Mapping[str, str] | None = None,
    file_reader: FileReader | None = None,
) -> CheckResult:
    """:func:`check`, raising :class:`NotADatasetError` for a folder that is no dataset."""
    root = Path(path)
    if not root.is_dir():
        raise NoDirectoryError(root)
    # Loading builds millions of small, acyclic objects that all stay alive:
    # the cyclic collector would walk them again and again (superlinear time).
    with collector_paused():
        try:
            return _check(root, path, progress, overrides, file_reader)
        except InternalError:
            if file_reader is not None or caching_off():
                raise
            # A damaged (or forged) cache entry must not fail every check until the
            # cache is deleted: check again, reading every file afresh.  A real bug
            # fails the same way again and is reported.
            return _check(root, path, progress, overrides, read_file)


def _check(
    root: Path,
    path: str | os.PathLike[str],
    progress: Progress | None,
    overrides: Mapping[str, str] | None,
    file_reader: FileReader | None,
) -> CheckResult:
    overrides = dict(overrides or {})
    # The per-file work also depends on the reader's limits: they are part of the key.
    limits = f"{_yaml.MAX_FILE_BYTES}:{_yaml.MAX_ALIAS_NODES}:{_yaml.MAX_DEPTH}"
    custom_reader = file_reader
    file_reader = file_reader or cached_reader(read_file, salt=limits)
    files = sorted(set(dataset_files(root)) | set(overrides))
    if not files:
        problem = Problem.create("no-files", ".", (), path=str(root))
        return CheckResult((problem,), None, 0, root)
    require_dataset(root, overrides.items())

    base = os.fspath(root)

    base_real = os.path.realpath(base)

    def read_bytes(rel: str) -> bytes:
        if rel in overrides:
            return overrides[rel].encode("utf-8")
        path = os.path.join(base, rel)
        target = link_outside(base_real, path)
        if target is not None:  # as for stored texts: nothing outside is read
            raise OutsideDataset(errno.EACCES, "outside the dataset", target)
        # Regular files only, at most the limit + 1 bytes (pathlib costs more per file).
        return read_regular(path, _yaml.MAX_FILE_BYTES)

    # A custom reader (tests) bypasses the whole-load cache: its results differ.
    loads = LoadCache.default() if custom_reader is None else None
    key: str | None = None
    if loads is not None:
        hashes = loads.file_hashes()

        def digest(rel: str) -> str | None:
            if rel in overrides:
                return content_hash(overrides[rel].encode("utf-8"))
            path = os.path.join(base, rel)
            # A link out of the dataset: the full pass reports it (a copy elsewhere
            # with the same bytes must not vouch for it).
            return None if link_outside(base_real, path) else hashes.hash(path)

        digests = [(rel, d) for rel in files if (d := digest(rel)) is not None]
        # An unreadable file: the full pass reports it.
        if len(digests) == len(files):
            key = load_key(digests, limits)
        entry = loads.get(key, root, hashes) if key is not None else None
        hashes.save()
        if entry is not None and key is not None:
            if progress is not None:
                progress(len(files), len(files))
            try:
                return _from_entry(entry, root, str(path), key, limits, files, read_bytes)
            except InternalError:
                raise
            except Exception as err:  # a malformed entry: check() reads afresh
                raise InternalError(None, err) from err

    # The stance files' per-file results go to the load cache's blob as they are read.
    with_payload = getattr(file_reader, "with_payload", None) if key is not None else None
    blob = loads.blob_writer() if loads is not None and with_payload is not None else None
    cache = getattr(file_reader, "cache", None)
    if cache is not None:
        cache.background()
    try:
        results, read = _read_files(files, read_bytes, file_reader, with_payload, blob,
                                    progress)
    finally:
        if cache is not None:
            cache.flush()

    def read_text(rel: str) -> str | None:
        try:
            return read_bytes(rel).decode("utf-8-sig", errors="replace")
        except OSError:
            return None

    try:
        resolved = resolve(root, results, read_text, label=str(path))
    except Exception as err:
        if blob is not None:
            blob.discard()
        raise InternalError(None, err) from err
    if loads is not None and key is not None:
        # Stored under the key of the bytes this check read: a file edited since
        # the lookup must not get this result filed under its earlier content.
        digested = [(rel, digest) for rel, digest in read if digest is not None]
        if len(read) == len(files) and len(digested) == len(read):
            _store(loads, load_key(digested, limits), len(files), resolved, blob)
        elif blob is not None:
            blob.discard()
    return CheckResult(resolved.problems, resolved.dataset, len(files), root)


def _store(loads: LoadCache, key: str, files: int, resolved: Resolved,
           blob: BlobWriter | None) -> None:
    """Keep a check's result in the load cache (see _from_entry for the way back)."""
    ok = resolved.dataset is not None
    head = {
        "files": files,
        "deps": resolved.deps,
        # One row per problem, in Problem's field order (read back with Problem(*row)).
        "problems": [[p.rule, p.level, p.message, p.fix, p.file, p.line, p.col, p.path]
                     for p in resolved.problems],
        "ok": ok,
        "count": resolved.count,
        "registries": {
            f: {"kind": r["kind"], "data": r["data"]}
            for f, r in resolved.registries.items() if ok and r["kind"] is not None
        },
    }
    if blob is not None and not ok:
        blob.discard()
    if not ok or blob is not None:  # a dataset with no blob could not be rebuilt
        loads.put(key, head, blob if ok else None)


def _read_files(
    files: list[str],
    read_bytes: Callable[[str], bytes],
    file_reader: FileReader,
    with_payload: Callable[[str, bytes], tuple[dict[str, Any], bytes | None]] | None,
    blob: BlobWriter | None,
    progress: Progress | None,
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str | None]]]:
    """The per-file pass over every file: relative path -> its result, and, when
    the results go to the load cache (``with_payload``), each file's content
    hash as read (None: unreadable)."""
    results: dict[str, dict[str, Any]] = {}
    read: list[tuple[str, str | None]] = []
    for done, rel in enumerate(files, 1):
        try:
            data = read_bytes(rel)
        except OutsideDataset as err:
            problem = Problem.create("file-outside", rel, (), 1, 1, target=err.filename)
            results[rel] = {"kind": None, "data": None, "problems": [problem.to_dict()]}
            read.append((rel, None))
        except TooLarge as err:
            problem = Problem.create("too-large", rel, (), 1, 1, size=err.size, limit=err.limit)
            results[rel] = {"kind": None, "data": None, "problems": [problem.to_dict()]}
            read.append((rel, None))
        except OSError as err:
            problem = Problem.create("unreadable", rel, (), 1, 1, detail=err.strerror or str(err))
            results[rel] = {"kind": None, "data": None, "problems": [problem.to_dict()]}
            read.append((rel, None))
        else:
            try:
                if with_payload is not None:
                    read.append((rel, content_hash(data)))
                    result, payload = with_payload(rel, data)
                    if result["kind"] == "stances" and blob is not None:
                        blob.add(rel, payload)
                else:
                    result = file_reader(rel, data)
            except Exception as err:  # a bug: say which file
                if blob is not None:
                    blob.discard()
                raise InternalError(rel, err) from err
            results[rel] = result
        if progress is not None:
            progress(done, len(files))
    return results, read


def _from_entry(entry: LoadEntry, root: Path, label: str, key: str, salt: str,
                files: list[str], read_bytes: Callable[[str], bytes]) -> CheckResult:
    """The result of a check found whole in the load cache."""
    head = entry.head
    problems = tuple(Problem(*row) for row in head["problems"])
    dataset = None
    if head["ok"]:

        def stance_files() -> list[tuple[str, dict[str, Any]]]:
            try:
                return entry.stance_files()
            except DamagedEntry:  # read the files again, if they are still the same
                now = [(rel, content_hash(read_bytes(rel))) for rel in files]
                if load_key(now, salt) != key:
                    raise DatasetChangedError(root) from None
                reader = cached_reader(read_file, salt=salt)
                results, _ = _read_files(files, read_bytes, reader, None, None, None)
                return [(f, r["data"]) for f, r in results.items() if r["kind"] == "stances"]

        try:
            dataset = rebuild(root, head["registries"], head["count"], stance_files,
                              label=label)
        except Exception as err:
            raise InternalError(None, err) from err
    return CheckResult(problems, dataset, head["files"], root)


def require_dataset(path: str | os.PathLike, extra: Iterable[tuple[str, str]] = ()) -> Path:
    """``path`` as a Path when it is a dataset directory: the one place that asks.

    Raises :class:`~peacetracker.errors.NoDirectoryError` when it is no
    directory, :class:`~peacetracker.errors.NotADatasetError` (naming the
    nearest dataset above it) when it holds no registry file at its top level
    (e.g. a dataset's ``stances/``).  ``extra``: see :func:`is_dataset`.
    """
    root = Path(path)
    if not root.is_dir():
        raise NoDirectoryError(root)
    if is_dataset(root, extra):
        return root
    raise NotADatasetError(root, nearest_dataset(root))


def load(path: str | os.PathLike[str], rev: str | None = None, **kwargs: Any) -> Dataset:
    """Load the dataset in directory ``path`` (with ``rev``: as at that git
    revision, extracted into a temporary directory that lives as long as the
    returned dataset, its ``root``; its ``label`` is ``git:REV``).

    Raises :class:`~peacetracker.DatasetError` (its ``.problems`` lists every
    problem) when the dataset has errors, :class:`~peacetracker.errors.NotADatasetError`
    (a ``DatasetError``) for a folder that is no dataset,
    :class:`~peacetracker.errors.RevisionError` for a revision that cannot be read;
    warnings do not stop loading.  Takes the same keyword arguments as :func:`check`.
    """
    if rev is not None:
        return _load_revision(path, rev, kwargs)
    result = _checked(path, **kwargs)
    if result.dataset is None:
        raise DatasetError(result.problems)
    return result.dataset


def _load_revision(path: str | os.PathLike, rev: str, kwargs: dict[str, Any]) -> Dataset:
    from ..versions import extract_revision

    tmp = tempfile.mkdtemp(prefix="peacetracker-rev-")
    try:
        root = extract_revision(path, rev, tmp)
        ds = load(root, **kwargs)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    ds = attrs.evolve(ds, root=root, label=f"git:{rev}")
    weakref.finalize(ds, shutil.rmtree, tmp, ignore_errors=True)
    return ds


def load_version(
    path: str | os.PathLike,
    rev: str | None = None,
    as_of: Any = None,
    **kwargs: Any,
) -> Dataset:
    """:func:`load`, then, with ``as_of``, cut at that date.  The result's
    ``label`` says which version it is."""
    ds = load(path, rev=rev, **kwargs)
    label = ds.label or str(path)
    if as_of is not None:
        cut = ds.as_of(as_of)
        return attrs.evolve(cut, label=f"{label} as of {cut.label.removeprefix('as of ')}")
    return ds if ds.label else attrs.evolve(ds, label=label)
