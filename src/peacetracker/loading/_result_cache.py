"""The load cache: a whole check's result, keyed by every file it read.

A warm ``check`` (no file changed since the last one) must not parse, check
or build anything.  Its result is a pure function of the bytes of the
dataset's YAML files, of the stored texts the quotes were checked against,
and of peacetracker's own code and limits, so it is kept whole:

- the key hashes every YAML file's path and bytes (and the code and limits);
- the entry lists the stored texts the cross-file pass read, each with the
  hash of its bytes (or "missing"), and is used only if they still match;
- the entry holds the problems, the registries' plain data, and the stances'
  plain data as a separate blob that is decoded only when the dataset's
  stances are first used (:class:`~peacetracker._dataset.LazyStances`).

Entries are JSON with a checksum (never pickle: reading one runs no code); a
truncated, corrupt or stale entry is ignored and the work redone.  They live
in ``loads/`` under the cache folder of :mod:`peacetracker.loading._file_cache`, and only
the few most recently used are kept: each holds a whole dataset.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

from .._plumbing.atomic import AtomicFile, is_temporary
from .._plumbing.hashing import content_hash
from ..errors import DamagedEntry
from ._file_cache import (
    _PROCESS_STATS,
    CACHE_FORMAT,
    CACHE_WRITES,
    ENTRY_LIMIT,
    CacheStats,
    cache_secret,
    caching_off,
    checksum,
    code_fingerprint,
    default_cache_dir,
    write_atomically,
)
from ._per_file import link_outside, read_regular

__all__ = [
    "KEEP",
    "BlobWriter",
    "DamagedEntry",
    "FileHashes",
    "LoadCache",
    "LoadEntry",
    "load_key",
]

#: How many whole-load entries are kept (the most recently used).
KEEP = 4
_MAGIC = b"peacetracker-load"
_VERSION = 1


@frozen
class LoadEntry:
    """A cached load: the head (problems, registries, counts), and where its
    stance blob is (read, and checked against the head, on first use)."""

    head: dict[str, Any]
    blob: Path | None

    def stance_files(self) -> list[tuple[str, dict[str, Any]]]:
        """Each stance file's name and plain data, from the blob (raises
        DamagedEntry when the blob is not the one the head vouches for)."""
        if self.blob is None:
            return []
        about = self.head["blob"]
        try:
            raw = read_regular(self.blob, ENTRY_LIMIT)
        except OSError as err:
            raise DamagedEntry(f"cannot read {self.blob}: {err}") from err
        if len(raw) != about["size"] or _checksum(raw) != about["checksum"]:
            raise DamagedEntry(f"{self.blob} is not the blob its entry names")
        try:
            return [(file, result["data"]) for file, result in json.loads(raw)]
        except (ValueError, TypeError, KeyError) as err:
            raise DamagedEntry(f"{self.blob} does not hold stance files") from err


class BlobWriter:
    """The stance files' per-file results, streamed to a temporary file as the
    per-file pass reads them (as the JSON bytes the per-file cache already
    holds: nothing is serialised twice, and nothing is held in memory)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.size = 0
        self.broken = False
        self._hash = hashlib.sha256()
        self._out: AtomicFile | None = None

    def _write(self, data: bytes) -> None:
        assert self._out is not None
        self._out.write(data)
        self._hash.update(data)
        self.size += len(data)

    def add(self, file: str, payload: bytes | None) -> None:
        """Add one stance file's per-file result (its JSON bytes)."""
        if self.broken:
            return
        if payload is None:
            self.broken = True
            return
        try:
            if self._out is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._out = AtomicFile(self.directory, "blob", durable=False)
                self._write(b"[")
            else:
                self._write(b",")
            self._write(b"[%s,%s]" % (json.dumps(file).encode(), payload))
        except OSError:
            self.broken = True

    def finish(self) -> tuple[int, str] | None:
        """End the blob: (its size, checksum), or None when it is broken."""
        if self.broken:
            self.discard()
            return None
        try:
            if self._out is None:
                return 0, _checksum(b"")
            self._write(b"]")
        except OSError:
            self.discard()
            return None
        return self.size, self._hash.hexdigest()[:32]

    def commit(self, path: Path) -> None:
        """Put the finished blob in place, at ``path`` (raises OSError)."""
        out, self._out = self._out, None
        if out is not None:
            out.commit(path, CACHE_WRITES["mode"])

    def discard(self) -> None:
        """Drop the blob (the check found errors, or something went wrong)."""
        out, self._out = self._out, None
        if out is not None:
            out.discard()


def _checksum(data: bytes) -> str:
    return checksum(data)


@define
class LoadCache:
    """The folder of whole-load entries (``default_cache_dir() / "loads"``): for
    each, ``KEY.json`` (the head) and ``KEY.blob`` (the stances' plain data)."""

    directory: Path = field(converter=Path)
    stats: CacheStats = field(factory=CacheStats)
    keep: int = KEEP

    @classmethod
    def default(cls) -> LoadCache | None:
        """The load cache, or None when caching is off (``PEACETRACKER_CACHE=0``)."""
        if caching_off():
            return None
        stats = _PROCESS_STATS.setdefault("load", CacheStats())
        return cls(default_cache_dir() / "loads", stats=stats)

    def file_hashes(self) -> FileHashes:
        """The index of file hashes kept with the load cache."""
        return FileHashes(self.directory / "files.index")

    def _head(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def _blob(self, key: str) -> Path:
        return self.directory / f"{key}.blob"

    def blob_writer(self) -> BlobWriter:
        return BlobWriter(self.directory)

    # -- reading -----------------------------------------------------------------
    def get(self, key: str, root: Path, hashes: FileHashes | None = None) -> LoadEntry | None:
        """The entry for ``key``, if it exists, is whole, and every stored text
        it depends on (under ``root``) still has the bytes it had."""
        path = self._head(key)
        try:
            raw = read_regular(path, ENTRY_LIMIT)
        except OSError:
            self.stats.misses += 1
            return None
        head = _decode(raw, key, cache_secret(self.directory))
        blob = None
        if head is not None:  # the blob is read on first use: here, only its size
            about = head.get("blob") or {}
            if about.get("size"):
                blob = self._blob(key)
                try:
                    if blob.stat().st_size != about["size"]:
                        head = None
                except OSError:
                    head = None
        if head is None or not _deps_hold(head.get("deps", {}), root,
                                          hashes or FileHashes(None)):
            self.stats.rejected += head is None
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: kept longest
        return LoadEntry(head, blob)

    # -- writing -----------------------------------------------------------------
    def put(self, key: str, head: dict[str, Any], blob: BlobWriter | None) -> bool:
        """Store an entry atomically (the blob, then the head that vouches for
        it), and drop the least recently used beyond ``keep``.  ``blob`` None:
        the entry has no stances.  False if it could not be stored."""
        finished = blob.finish() if blob is not None else (0, _checksum(b""))
        if finished is None:
            self.stats.unstored += 1
            return False
        size, blob_checksum = finished
        try:
            head_bytes = json.dumps(
                {**head, "blob": {"size": size, "checksum": blob_checksum}},
                ensure_ascii=False, separators=(",", ":"), allow_nan=False,
            ).encode("utf-8")
        except (TypeError, ValueError):
            if blob is not None:
                blob.discard()
            self.stats.unstored += 1
            return False
        header = json.dumps({"format": _VERSION, "key": key, "size": len(head_bytes),
                             "checksum": checksum(head_bytes,
                                                  cache_secret(self.directory))}).encode()
        try:
            if blob is not None:
                blob.commit(self._blob(key))
        except OSError:
            self.stats.unstored += 1
            return False
        if not write_atomically(self._head(key), b"%s %s\n" % (_MAGIC, header), head_bytes):
            self.stats.unstored += 1
            return False
        self.stats.writes += 1
        self.prune()
        return True

    def prune(self) -> None:
        """Keep only the ``keep`` most recently used entries (and no stray blob)."""
        try:
            heads = sorted(
                (e for e in os.scandir(self.directory)
                 if e.name.endswith(".json") and not e.name.startswith(".")),
                key=lambda e: e.stat().st_mtime_ns, reverse=True,
            )
            blobs = [e for e in os.scandir(self.directory)
                     if e.name.endswith(".blob") and not e.name.startswith(".")]
        except OSError:
            return
        kept = {e.name[: -len(".json")] for e in heads[: self.keep]}
        for old in heads[self.keep :]:
            with contextlib.suppress(OSError):
                os.unlink(old.path)
        for blob in blobs:
            if blob.name[: -len(".blob")] not in kept:
                with contextlib.suppress(OSError):
                    os.unlink(blob.path)
        # Temporary files of a check that was interrupted (an hour is plenty to finish).
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.directory):
                if is_temporary(entry.name) and (
                    time.time() - entry.stat().st_mtime > 3600
                ):
                    os.unlink(entry.path)


def load_key(files: Iterable[tuple[str, str]], salt: str = "") -> str:
    """The key of a check of these files, given as (relative path, content hash):
    their paths and contents, peacetracker's own code, and ``salt`` (the
    loader's limits)."""
    h = hashlib.sha256()
    h.update(f"{CACHE_FORMAT}\0{_VERSION}\0{code_fingerprint()}\0{salt}\0".encode())
    for rel, digest in files:
        h.update(f"{rel}\0{digest}\0".encode())
    return h.hexdigest()[:40]


#: A file whose status changed less than this long before the index is written
#: may change again within the same clock tick: its hash is not kept.
_RACY_NS = 2_000_000_000
#: Files larger than this are not hashed (no YAML file or stored text may be as large).
HASH_LIMIT = 64 * 1024 * 1024
#: Beyond this many files, the index keeps only those of the latest check.
MAX_INDEXED = 200_000


class FileHashes:
    """Content hashes of files, each read and hashed once, then known by its
    status while that does not change (device, inode, size, modification and
    status-change times: any write to a file changes its status-change time,
    which no tool can set back), as git's index does.  Kept in ``files.index``
    in the load cache's folder, for every dataset, by absolute path."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, list] = {}
        self.changed = False
        #: Paths asked about in this process (kept when the index grows too big).
        self.seen: set[str] = set()
        if path is not None:
            with contextlib.suppress(OSError, ValueError):  # unreadable: start afresh
                raw = read_regular(path, ENTRY_LIMIT)
                mac, _, body = raw.partition(b"\n")
                # Keyed like the entries: an index written by anyone else is ignored.
                if hmac.compare_digest(mac, checksum(body, self._secret()).encode()):
                    found = json.loads(body)
                    files = found.get("files") if isinstance(found, dict) else None
                    if isinstance(files, dict) and found.get("format") == _VERSION:
                        self.entries = {p: e for p, e in files.items() if _well_formed(e)}

    def _secret(self) -> bytes:
        assert self.path is not None
        return cache_secret(self.path.parent)

    def hash(self, path: str) -> str | None:
        """The content hash of the file at ``path`` (None: it cannot be read)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size > HASH_LIMIT:
            return None  # a FIFO or device (never read), or a file the full pass refuses
        status = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        self.seen.add(path)
        known = self.entries.get(path)
        if known is not None and known[:5] == status:
            return known[5]
        try:
            data = read_regular(path, HASH_LIMIT)
        except OSError:
            return None
        digest = content_hash(data)
        self.entries[path] = [*status, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        """Write the index (atomically), without the files changed too recently
        to be sure of."""
        if self.path is None or not self.changed:
            return
        now = time.time_ns()
        entries = self.entries
        if len(entries) > MAX_INDEXED:  # files of datasets long gone: keep this one's
            entries = {p: e for p, e in entries.items() if p in self.seen}
        files = {p: e for p, e in entries.items() if now - e[4] > _RACY_NS}
        payload = json.dumps({"format": _VERSION, "files": files},
                             separators=(",", ":")).encode()
        write_atomically(self.path, checksum(payload, self._secret()).encode(), b"\n",
                         payload)
        self.changed = False


def _well_formed(entry: Any) -> bool:
    """An index entry: five whole numbers (a file's status), then its hash."""
    return (isinstance(entry, list) and len(entry) == 6 and isinstance(entry[5], str)
            and all(type(n) is int for n in entry[:5]))


def _decode(raw: bytes, key: str, secret: bytes = b"") -> dict[str, Any] | None:
    """The head in ``raw``, or None when anything about it is wrong."""
    first, sep, rest = raw.partition(b"\n")
    if not sep or not first.startswith(_MAGIC + b" "):
        return None
    try:
        header = json.loads(first[len(_MAGIC) + 1 :])
        if not isinstance(header, dict) or header.get("format") != _VERSION or (
            header.get("key") != key
        ):
            return None
        if header.get("size") != len(rest) or header.get("checksum") != checksum(rest, secret):
            return None
        head = json.loads(rest)
    except (ValueError, UnicodeDecodeError):
        return None
    return head if isinstance(head, dict) else None


def _deps_hold(deps: dict[str, str | None], root: Path, hashes: FileHashes) -> bool:
    """Every stored text still has the bytes it had (or is still missing)."""
    base = os.fspath(root)
    base_real = os.path.realpath(base)
    return all(
        hashes.hash(path) == digest and not link_outside(base_real, path)
        for path, digest in ((os.path.join(base, raw), d) for raw, d in deps.items())
    )
