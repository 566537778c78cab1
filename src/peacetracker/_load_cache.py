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
in ``loads/`` under the cache folder of :mod:`peacetracker._cache`, and only
the few most recently used are kept: each holds a whole dataset.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

from ._cache import CACHE_FORMAT, CacheStats, code_fingerprint, content_hash, default_cache_dir

__all__ = ["KEEP", "LoadCache", "LoadEntry", "StanceBlob"]

#: How many whole-load entries are kept (the most recently used).
KEEP = 4
_MAGIC = b"peacetracker-load"
_VERSION = 1


@frozen
class LoadEntry:
    """A cached load: the head (problems, registries, counts) and the raw stance blob."""

    head: dict[str, Any]
    blob: bytes

    def stance_files(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each stance file's name and plain data, decoded from the blob."""
        yield from json.loads(self.blob)


@define
class StanceBlob:
    """The stance files' plain data, serialised one file at a time as the
    cross-file pass consumes them (so the plain data need not all be kept)."""

    chunks: list[bytes] = field(factory=list)

    def add(self, file: str, data: dict[str, Any]) -> None:
        self.chunks.append(
            json.dumps([file, data], ensure_ascii=False, separators=(",", ":"),
                       allow_nan=False).encode("utf-8")
        )

    def payload(self) -> bytes:
        return b"[" + b",".join(self.chunks) + b"]"


def _checksum(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@define
class LoadCache:
    """The folder of whole-load entries (``default_cache_dir() / "loads"``)."""

    directory: Path = field(converter=Path)
    stats: CacheStats = field(factory=CacheStats)
    keep: int = KEEP

    @classmethod
    def default(cls) -> LoadCache | None:
        """The load cache, or None when caching is off (``PEACETRACKER_CACHE=0``)."""
        if os.environ.get("PEACETRACKER_CACHE", "1").strip().lower() in ("0", "no", "off",
                                                                          "false"):
            return None
        return cls(default_cache_dir() / "loads")

    def key(self, files: Iterable[tuple[str, bytes]], salt: str = "") -> str:
        """The key of a check of these (relative path, bytes) files."""
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{CACHE_FORMAT}\0{_VERSION}\0{code_fingerprint()}\0{salt}\0".encode())
        for rel, data in files:
            h.update(f"{rel}\0{content_hash(data)}\0".encode())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    # -- reading -----------------------------------------------------------------
    def get(self, key: str, root: Path) -> LoadEntry | None:
        """The entry for ``key``, if it exists, is whole, and every stored text
        it depends on (under ``root``) still has the bytes it had."""
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        entry = _decode(raw, key)
        if entry is None or not _deps_hold(entry.head.get("deps", {}), root):
            self.stats.rejected += entry is None
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: kept longest
        return entry

    # -- writing -----------------------------------------------------------------
    def put(self, key: str, head: dict[str, Any], blob: bytes) -> bool:
        """Store an entry atomically (and drop the least recently used beyond
        ``keep``).  False if it could not be stored."""
        try:
            head_bytes = json.dumps(
                {**head, "blob": {"size": len(blob), "checksum": _checksum(blob)}},
                ensure_ascii=False, separators=(",", ":"), allow_nan=False,
            ).encode("utf-8")
        except (TypeError, ValueError):
            self.stats.unstored += 1
            return False
        header = json.dumps({"format": _VERSION, "key": key, "size": len(head_bytes),
                             "checksum": _checksum(head_bytes)}).encode()
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(b"%s %s\n%s\n" % (_MAGIC, header, head_bytes))
                    out.write(blob)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            self.stats.unstored += 1
            return False
        self.stats.writes += 1
        self.prune()
        return True

    def prune(self) -> None:
        """Keep only the ``keep`` most recently used entries."""
        try:
            entries = sorted(
                (e for e in os.scandir(self.directory) if e.name.endswith(".json")
                 and not e.name.startswith(".")),
                key=lambda e: e.stat().st_mtime_ns, reverse=True,
            )
        except OSError:
            return
        for old in entries[self.keep:]:
            with contextlib.suppress(OSError):
                os.unlink(old.path)


def _decode(raw: bytes, key: str) -> LoadEntry | None:
    """The entry in ``raw``, or None when anything about it is wrong."""
    first, sep, rest = raw.partition(b"\n")
    if not sep or not first.startswith(_MAGIC + b" "):
        return None
    try:
        header = json.loads(first[len(_MAGIC) + 1:])
        if not isinstance(header, dict) or header.get("format") != _VERSION or (
            header.get("key") != key
        ):
            return None
        size = header.get("size")
        if not isinstance(size, int) or len(rest) < size + 1:
            return None
        head_bytes, blob = rest[:size], rest[size + 1:]
        if header.get("checksum") != _checksum(head_bytes):
            return None
        head = json.loads(head_bytes)
        about = head.get("blob") or {}
        if about.get("size") != len(blob) or about.get("checksum") != _checksum(blob):
            return None
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    return LoadEntry(head, blob)


def _deps_hold(deps: dict[str, str | None], root: Path) -> bool:
    """Every stored text still has the bytes it had (or is still missing)."""
    for raw, digest in deps.items():
        try:
            data = (root / raw).read_bytes()
        except OSError:
            if digest is not None:
                return False
            continue
        if digest != content_hash(data):
            return False
    return True
