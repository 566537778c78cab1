"""A content-keyed cache for per-file work (parsing and checking one YAML file).

An entry is keyed by a hash of the file's path and bytes, the cache format and
a fingerprint of peacetracker's own code, so an edited file, or a new version
of the loader, simply misses.  Entries are JSON (reading one never runs code:
no pickle), written atomically, and carry a checksum of their payload: a
truncated, corrupted or foreign entry is detected, counted and ignored, and
the work is redone.

The cache lives in the user's cache folder (``$XDG_CACHE_HOME/peacetracker``,
by default ``~/.cache/peacetracker``), never inside the dataset: entries are
keyed by content, so datasets can share it and a read-only dataset is cached
too.  Environment:

- ``PEACETRACKER_CACHE=0`` turns it off;
- ``PEACETRACKER_CACHE_DIR=/some/dir`` puts it elsewhere.

    >>> import tempfile
    >>> cache = ContentCache(tempfile.mkdtemp())
    >>> key = cache.key("stances/a.yaml", b"party: a\\n")
    >>> cache.get(key) is None
    True
    >>> cache.put(key, {"stances": 3})
    True
    >>> cache.get(key)
    {'stances': 3}
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attrs import define, field

from .._plumbing.atomic import atomic_write

__all__ = [
    "CACHE_FORMAT",
    "CacheStats",
    "ContentCache",
    "cache_for",
    "cached_reader",
    "caching_off",
    "checksum",
    "code_fingerprint",
    "default_cache_dir",
    "encode",
    "process_stats",
    "write_atomically",
]

#: Bumped when the layout of an entry changes.
CACHE_FORMAT = 2
#: Largest cache entry read back (anything larger is a miss).
ENTRY_LIMIT = 1 << 30
_MAGIC = b"peacetracker-cache"
_NOT_FOUND = object()


def checksum(data: bytes, secret: bytes = b"") -> str:
    """The checksum an entry's header keeps of its payload: keyed with the cache
    folder's secret (:func:`cache_secret`) when given, so an entry written by
    anyone who cannot read that secret never verifies, however it was made."""
    if secret:
        return hmac.new(secret, data, hashlib.sha256).hexdigest()[:32]
    return hashlib.sha256(data).hexdigest()[:32]


#: How the caches write their files with :func:`atomic_write`: readable by their
#: owner only, not fsynced (an entry lost in a crash is a miss), and a link
#: planted in a cache folder is replaced, never followed.
CACHE_WRITES: dict[str, Any] = {
    "mode": 0o600, "durable": False, "follow_symlinks": False, "keep_read_only": False,
}

#: The per-user secret in each cache folder (readable by its owner only).
SECRET_NAME = ".secret"
_SECRETS: dict[str, bytes] = {}


def cache_secret(directory: Path) -> bytes:
    """The secret that keys the checksums of the entries in ``directory``:
    32 random bytes in ``directory/.secret``, made on first use with mode 0600.
    A folder that cannot hold one gets a secret for this process only (its
    entries then never verify in another process: misses, never wrong results)."""
    key = os.fspath(directory)
    found = _SECRETS.get(key)
    if found is not None:
        return found
    from ._per_file import read_regular

    path = Path(directory) / SECRET_NAME
    secret = b""
    for _ in range(2):
        try:
            secret = read_regular(path, 64)
            st = os.stat(path)
            if len(secret) == 32 and not st.st_mode & 0o077 and (
                    not hasattr(os, "getuid") or st.st_uid == os.getuid()):
                break
            secret = b""  # not ours alone, or damaged: make a new one
        except FileNotFoundError:
            pass
        except OSError:
            break
        new = secrets.token_bytes(32)
        try:
            Path(directory).mkdir(parents=True, exist_ok=True)
            atomic_write(path, new, **CACHE_WRITES)
        except OSError:
            break
    if len(secret) != 32:
        secret = secrets.token_bytes(32)
    _SECRETS[key] = secret
    return secret


@functools.cache
def code_fingerprint() -> str:
    """A hash of peacetracker's source files: entries written by other code are stale."""
    return source_fingerprint(Path(__file__).resolve().parent.parent)  # the whole package


def source_fingerprint(package: Path) -> str:
    """A hash of the names and bytes of every ``.py`` file under ``package``."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@define
class CacheStats:
    """What a cache did: entries found, missed, rejected (corrupt or stale) and written."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0
    writes: int = 0
    #: Values that could not be stored (not JSON-serialisable, or the folder is read-only).
    unstored: int = 0

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("hits", "misses", "rejected", "writes", "unstored")}


@define
class ContentCache:
    """A folder of JSON entries, each keyed by the content it was computed from.

    ``namespace`` separates kinds of work (``"file"``, ``"quotes"``...), so the
    same bytes can be cached for different purposes.
    """

    directory: Path = field(converter=Path)
    namespace: str = "file"
    stats: CacheStats = field(factory=CacheStats)
    #: Anything else the cached work depends on (the loader's limits, the name of
    #: the function whose results are cached), as text.  Part of every key.
    salt: str = ""
    _writer: Any = field(default=None, init=False, repr=False, eq=False)

    @property
    def secret(self) -> bytes:
        """The key of this folder's checksums (see :func:`cache_secret`)."""
        return cache_secret(self.directory)
    _queued: list = field(factory=list, init=False, repr=False, eq=False)

    def key(self, relpath: str, data: bytes) -> str:
        """The key of the work done on file ``relpath`` holding ``data``."""
        h = hashlib.sha256()
        h.update(f"{CACHE_FORMAT}\0{code_fingerprint()}\0{self.namespace}\0{self.salt}\0"
                 f"{relpath}\0".encode())
        h.update(data)
        return h.hexdigest()[:40]

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default`` (missing, corrupt or stale entry)."""
        found = self.get_payload(key)
        return default if found is None else found[0]

    def get_payload(self, key: str) -> tuple[Any, bytes] | None:
        """The value stored under ``key`` and its JSON bytes, or None."""
        from ._per_file import read_regular

        try:  # a regular file only: a FIFO planted in the cache must not hang a check
            raw = read_regular(self._path(key), ENTRY_LIMIT)
        except OSError:
            self.stats.misses += 1
            return None
        payload = _payload(raw, key, self.secret)
        value = _NOT_FOUND
        if payload is not None:
            try:
                value = json.loads(payload)
            except (ValueError, UnicodeDecodeError):
                value = _NOT_FOUND
        if value is _NOT_FOUND or payload is None:
            self.stats.rejected += 1
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return value, payload

    def put(self, key: str, value: Any) -> bool:
        """Store ``value`` (plain JSON data) under ``key``, atomically.  False if it could not."""
        payload = encode(value)
        if payload is None:
            self.stats.unstored += 1
            return False
        return self.put_payload(key, payload)

    def put_payload(self, key: str, payload: bytes) -> bool:
        """Store ``payload`` (JSON bytes) under ``key``: now, or in the background
        when :meth:`background` was called (then True means "queued")."""
        if self._writer is not None:
            self._queued.append(self._writer.submit(self._write, key, payload))
            return True
        return self._write(key, payload)

    def background(self) -> None:
        """Write entries from a thread from now on (file writes wait on the disk,
        not on Python); :meth:`flush` waits for them."""
        if self._writer is None:
            from concurrent.futures import ThreadPoolExecutor

            self._writer = ThreadPoolExecutor(1, thread_name_prefix="peacetracker-cache")

    def flush(self) -> None:
        """Wait for entries written in the background, and stop the thread."""
        writer, self._writer = self._writer, None
        for queued in self._queued:
            queued.result()
        self._queued.clear()
        if writer is not None:
            writer.shutdown()

    def _write(self, key: str, payload: bytes) -> bool:
        header = json.dumps({"format": CACHE_FORMAT, "key": key, "size": len(payload),
                             "checksum": checksum(payload, self.secret)})
        if not write_atomically(self._path(key), _MAGIC + b" " + header.encode() + b"\n",
                                payload):
            self.stats.unstored += 1
            return False
        self.stats.writes += 1
        return True

    def get_or_compute(self, relpath: str, data: bytes, compute: Callable[[], Any]) -> Any:
        """The cached result of ``compute()`` for this file content, computing it on a miss."""
        return self.get_or_compute_payload(relpath, data, compute)[0]

    def get_or_compute_payload(
        self, relpath: str, data: bytes, compute: Callable[[], Any]
    ) -> tuple[Any, bytes | None]:
        """As :meth:`get_or_compute`, with the value's JSON bytes (None if it has none)."""
        key = self.key(relpath, data)
        found = self.get_payload(key)
        if found is not None:
            return found
        value = compute()
        payload = encode(value)
        if payload is None:
            self.stats.unstored += 1
        else:
            self.put_payload(key, payload)
        return value, payload


def write_atomically(path: Path, *chunks: bytes) -> bool:
    """Write ``chunks`` to ``path`` atomically (a reader sees the old file or the
    whole new one).  False (and nothing left behind) when the folder cannot be
    written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, b"".join(chunks), **CACHE_WRITES)
    except OSError:
        return False
    return True


def encode(value: Any) -> bytes | None:
    """``value`` as compact JSON bytes, or None when it is not plain JSON data."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return None


def _payload(raw: bytes, key: str, secret: bytes = b"") -> bytes | None:
    """The payload of an entry, or None when anything about it is wrong."""
    head, sep, payload = raw.partition(b"\n")
    if not sep or not head.startswith(_MAGIC + b" "):
        return None
    try:
        header = json.loads(head[len(_MAGIC) + 1 :])
    except (ValueError, UnicodeDecodeError):
        return None
    if (
        not isinstance(header, dict)
        or header.get("format") != CACHE_FORMAT
        or header.get("key") != key
        or header.get("size") != len(payload)
        or header.get("checksum") != checksum(payload, secret)
    ):
        return None
    return payload


#: What the caches made by :func:`cache_for` did in this process, by namespace.
_PROCESS_STATS: dict[str, CacheStats] = {}


def process_stats() -> dict[str, dict[str, int]]:
    """Hits, misses, rejected entries and writes of :func:`cache_for` caches in this
    process, by namespace (the benchmarks check that one changed file misses once)."""
    return {ns: stats.as_dict() for ns, stats in _PROCESS_STATS.items()}


def default_cache_dir() -> Path:
    """``$PEACETRACKER_CACHE_DIR``, else ``$XDG_CACHE_HOME/peacetracker``, else
    ``~/.cache/peacetracker``."""
    where = os.environ.get("PEACETRACKER_CACHE_DIR")
    if where:
        return Path(where)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "peacetracker"


def caching_off() -> bool:
    """Whether the environment turns the caches off (``PEACETRACKER_CACHE=0``,
    ``no``, ``off`` or ``false``): the one place that asks."""
    return os.environ.get("PEACETRACKER_CACHE", "1").strip().lower() in (
        "0", "no", "off", "false")


def cache_for(namespace: str = "file", salt: str = "") -> ContentCache | None:
    """The content-keyed cache (one for every dataset: entries are known by
    content), or None when caching is turned off (:func:`caching_off`).  See
    :func:`default_cache_dir` for where it is."""
    if caching_off():
        return None
    directory = default_cache_dir()
    stats = _PROCESS_STATS.setdefault(namespace, CacheStats())
    return ContentCache(directory, namespace, stats=stats, salt=salt)


def cached_reader(
    reader: Callable[[str, bytes], Any],
    namespace: str = "file",
    salt: str = "",
) -> Callable[[str, bytes], Any]:
    """``reader`` (a pure function of a file's relative path and bytes, returning
    plain data) behind the cache; ``reader`` itself when caching is off.
    ``salt`` (e.g. the loader's limits) and the reader's qualified name are part
    of the key: another reader, or other limits, never get this one's results."""
    name = f"{getattr(reader, '__module__', '')}.{getattr(reader, '__qualname__', '')}"
    cache = cache_for(namespace, f"{salt}\0{name}")
    if cache is None:
        return reader

    def read(relpath: str, data: bytes) -> Any:
        return cache.get_or_compute(relpath, data, lambda: reader(relpath, data))

    def with_payload(relpath: str, data: bytes) -> tuple[Any, bytes | None]:
        return cache.get_or_compute_payload(relpath, data, lambda: reader(relpath, data))

    read.cache = cache  # type: ignore[attr-defined]  # (mypy allows no attribute set on a def)
    read.with_payload = with_payload  # type: ignore[attr-defined]  # (likewise)
    return read
