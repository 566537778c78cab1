"""The content-keyed cache: hits, misses, and corrupt or stale entries ignored."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetracker
from peacetracker._plumbing.atomic import is_temporary
from peacetracker.loading import _file_cache as _cache
from peacetracker.loading._file_cache import (
    ContentCache,
    cache_for,
    code_fingerprint,
    source_fingerprint,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


def test_round_trip_and_stats(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    key = cache.key("stances/a.yaml", b"party: a\n")
    assert cache.get(key) is None
    assert cache.put(key, {"stances": [1, 2], "problems": []})
    assert cache.get(key) == {"stances": [1, 2], "problems": []}
    assert cache.stats.as_dict() == {
        "hits": 1, "misses": 1, "rejected": 0, "writes": 1, "unstored": 0,
    }


@settings(max_examples=50, deadline=None)
@given(value=json_values)
def test_any_json_value_round_trips(tmp_path_factory: pytest.TempPathFactory, value) -> None:
    cache = ContentCache(tmp_path_factory.mktemp("c"))
    key = cache.key("x.yaml", b"x")
    assert cache.put(key, value)
    assert cache.get(key, default="missing") == value


def test_key_depends_on_content_path_and_namespace(tmp_path: Path) -> None:
    a = ContentCache(tmp_path)
    keys = {
        a.key("a.yaml", b"one"),
        a.key("a.yaml", b"one "),
        a.key("b.yaml", b"one"),
        ContentCache(tmp_path, namespace="quotes").key("a.yaml", b"one"),
    }
    assert len(keys) == 4
    assert a.key("a.yaml", b"one") == ContentCache(tmp_path).key("a.yaml", b"one")


def test_get_or_compute_computes_once_per_content(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    calls = []

    def work(data: bytes):
        return lambda: calls.append(data) or {"n": len(calls)}

    assert cache.get_or_compute("f.yaml", b"v1", work(b"v1")) == {"n": 1}
    assert cache.get_or_compute("f.yaml", b"v1", work(b"v1")) == {"n": 1}
    assert cache.get_or_compute("f.yaml", b"v2", work(b"v2")) == {"n": 2}
    assert calls == [b"v1", b"v2"]


def _entry(cache: ContentCache, key: str) -> Path:
    return cache._path(key)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-3] + b"9" + raw[-2:],  # one payload byte changed, still JSON
        lambda raw: b"",  # empty
        lambda raw: b"\xff\xfe garbage",  # not text
        lambda raw: raw.split(b"\n", 1)[1],  # header lost
        lambda raw: raw.replace(b'"format": 2', b'"format": 99'),  # another format
        lambda raw: pickle.dumps({"stances": 1}),  # a pickle is never read as one
    ],
)
def test_corrupt_entry_is_detected_and_ignored(tmp_path: Path, damage) -> None:
    cache = ContentCache(tmp_path)
    key = cache.key("f.yaml", b"v1")
    cache.put(key, {"value": 12345})
    path = _entry(cache, key)
    damaged = damage(path.read_bytes())
    assert damaged != path.read_bytes()  # the damage does damage
    path.write_bytes(damaged)
    assert cache.get(key, default="missing") == "missing"
    assert cache.stats.rejected == 1
    # the work is redone and the entry repaired
    assert cache.get_or_compute("f.yaml", b"v1", lambda: {"value": 12345}) == {"value": 12345}
    assert cache.get(key) == {"value": 12345}


def test_entry_of_another_key_is_rejected(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    k1, k2 = cache.key("f.yaml", b"v1"), cache.key("f.yaml", b"v2")
    cache.put(k1, "for v1")
    path2 = _entry(cache, k2)
    path2.parent.mkdir(parents=True, exist_ok=True)
    path2.write_bytes(_entry(cache, k1).read_bytes())  # e.g. a file copied by hand
    assert cache.get(k2) is None
    assert cache.stats.rejected == 1


def test_entries_from_other_code_are_stale(tmp_path: Path, monkeypatch) -> None:
    cache = ContentCache(tmp_path)
    cache.put(cache.key("f.yaml", b"v1"), "old result")
    monkeypatch.setattr(_cache, "code_fingerprint", lambda: "another version")
    assert cache.get(cache.key("f.yaml", b"v1")) is None


def test_the_code_fingerprint_follows_every_source_byte_and_name(tmp_path: Path) -> None:
    """Entries are stale when any source file changes, is added or is renamed,
    and only then (the fingerprint of an unchanged tree is the same)."""
    package = Path(peacetracker.__file__).resolve().parent
    assert code_fingerprint() == source_fingerprint(package)
    copy = tmp_path / "pkg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    first = source_fingerprint(copy)
    assert first == code_fingerprint() and len(first) == 32
    module = copy / "loading" / "_file_cache.py"
    module.write_bytes(module.read_bytes() + b"\n")
    changed = source_fingerprint(copy)
    assert changed != first
    module.rename(copy / "loading" / "_file_cache2.py")
    renamed = source_fingerprint(copy)
    assert renamed not in (first, changed)
    (copy / "notes.txt").write_text("not code")
    assert source_fingerprint(copy) == renamed


def test_unserialisable_values_are_not_stored(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    key = cache.key("f.yaml", b"v1")
    assert not cache.put(key, {"when": object()})
    assert not cache.put(key, float("nan"))
    assert cache.stats.unstored == 2
    assert cache.get(key) is None


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    for i in range(5):
        cache.put(cache.key("f.yaml", str(i).encode()), list(range(i)))
    names = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name != ".secret"]
    assert len(names) == 5
    assert not [n for n in names if n.startswith(".tmp-") or is_temporary(n)]
    if os.name == "posix":  # readable by their owner only
        assert {p.stat().st_mode & 0o777 for p in tmp_path.rglob("*") if p.is_file()} == {0o600}


def test_unwritable_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ContentCache(blocker / "cache")
    key = cache.key("f.yaml", b"v1")
    assert cache.get_or_compute("f.yaml", b"v1", lambda: [1]) == [1]
    assert cache.stats.unstored == 1
    assert cache.get(key) is None


def test_cache_for_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PEACETRACKER_CACHE", raising=False)
    monkeypatch.delenv("PEACETRACKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_for().directory == tmp_path / "xdg" / "peacetracker"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_for().directory == tmp_path / "home" / ".cache" / "peacetracker"
    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_for("quotes").directory == tmp_path / "elsewhere"
    assert cache_for("quotes").namespace == "quotes"
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")
    assert cache_for() is None


def test_entry_is_plain_json_after_a_header(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path)
    key = cache.key("f.yaml", b"v1")
    cache.put(key, {"a": [1, "two"]})
    head, payload = _entry(cache, key).read_bytes().split(b"\n", 1)
    assert head.startswith(b"peacetracker-cache ")
    assert json.loads(head.split(b" ", 1)[1])["key"] == key
    assert json.loads(payload) == {"a": [1, "two"]}


def test_process_stats_add_up_by_namespace(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(_cache, "_PROCESS_STATS", {})
    monkeypatch.delenv("PEACETRACKER_CACHE", raising=False)
    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(tmp_path))
    for _ in range(2):
        cache = cache_for()
        cache.get_or_compute("f.yaml", b"v1", lambda: 1)
    cache_for("quotes").get(cache.key("g.yaml", b""))
    assert _cache.process_stats() == {
        "file": {"hits": 1, "misses": 1, "rejected": 0, "writes": 1, "unstored": 0},
        "quotes": {"hits": 0, "misses": 1, "rejected": 0, "writes": 0, "unstored": 0},
    }


def test_cached_reader_reads_each_content_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PEACETRACKER_CACHE", raising=False)
    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[str] = []

    def reader(relpath: str, data: bytes) -> dict:
        calls.append(relpath)
        return {"file": relpath, "size": len(data)}

    for _ in range(2):
        read = _cache.cached_reader(reader)
        assert read("a.yaml", b"abc") == {"file": "a.yaml", "size": 3}
        assert read("b.yaml", b"abcd") == {"file": "b.yaml", "size": 4}
    assert read("a.yaml", b"changed") == {"file": "a.yaml", "size": 7}
    assert calls == ["a.yaml", "b.yaml", "a.yaml"]
    assert (tmp_path / "cache").is_dir()
    monkeypatch.setenv("PEACETRACKER_CACHE", "off")
    assert _cache.cached_reader(reader) is reader


def test_another_reader_never_gets_this_ones_results(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PEACETRACKER_CACHE", raising=False)
    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(tmp_path))

    def first(relpath: str, data: bytes) -> str:
        return "first"

    def second(relpath: str, data: bytes) -> str:
        return "second"

    assert _cache.cached_reader(first)("a.yaml", b"x") == "first"
    assert _cache.cached_reader(second)("a.yaml", b"x") == "second"
    assert _cache.cached_reader(first)("a.yaml", b"x") == "first"


def test_check_gives_the_same_result_cold_warm_and_uncached(tmp_path: Path, monkeypatch,
                                                          mini_path: Path) -> None:
    import shutil

    import peacetracker

    data = tmp_path / "data"
    shutil.copytree(mini_path, data)
    (data / "stances" / "southland.yaml").write_text(
        (data / "stances" / "southland.yaml").read_text().replace("army-size", "army-sise", 1))
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")
    plain = peacetracker.check(data)
    assert plain.errors  # the typo is an error, with a position
    monkeypatch.delenv("PEACETRACKER_CACHE")
    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(tmp_path / "cache"))
    cold = peacetracker.check(data)
    warm = peacetracker.check(data)
    assert plain.problems == cold.problems == warm.problems
    # every entry corrupted: detected, ignored, and the result is still the same
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_bytes(entry.read_bytes()[:-5])
    assert peacetracker.check(data).problems == plain.problems
    # a fixed file is read again; the others come from the cache
    (data / "stances" / "southland.yaml").write_text(
        (data / "stances" / "southland.yaml").read_text().replace("army-sise", "army-size"))
    fixed = peacetracker.check(data)
    assert not fixed.errors and fixed.dataset is not None
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")
    assert peacetracker.check(data).dataset == fixed.dataset


@pytest.mark.parametrize("value", ["0", "no", " OFF ", "false", "1", "yes", ""])
def test_one_switch_turns_every_cache_off(tmp_path: Path, monkeypatch, value: str) -> None:
    """PEACETRACKER_CACHE is read in one place: the file cache, the load cache
    and the check's retry all follow it alike."""
    import inspect

    from peacetracker.loading import _load, _result_cache

    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PEACETRACKER_CACHE", value)
    off = _cache.caching_off()
    assert off == (value.strip().lower() in ("0", "no", "off", "false"))
    assert (cache_for() is None) == off
    assert (_result_cache.LoadCache.default() is None) == off
    for module in (_load, _result_cache, _cache):
        source = inspect.getsource(module)
        assert source.count('"PEACETRACKER_CACHE"') == (1 if module is _cache else 0)


def test_content_hash_has_one_home() -> None:
    """The edits' conflict check and the caches know a file's bytes by one hash,
    kept in _plumbing (not in a cache module)."""
    from peacetracker import editing
    from peacetracker._plumbing.hashing import content_hash
    from peacetracker.editing import _document, _reading
    from peacetracker.loading import _cross_file, _load, _result_cache

    for module in (editing, _document, _reading, _cross_file, _load, _result_cache):
        assert module.content_hash is content_hash
    assert not hasattr(_cache, "content_hash")
