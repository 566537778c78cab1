"""The load cache (peacetracker.loading._result_cache): a warm check gives exactly what a
cold one gives; anything it depends on that changes, and any damaged entry,
sends it back to the full check."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from benchmarks.generate import generate

import peacetracker
from peacetracker._dataset import LazyStances
from peacetracker.loading._result_cache import KEEP, LoadCache

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A cache folder of this test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv("PEACETRACKER_CACHE_DIR", str(where))
    return where


@pytest.fixture
def dataset(tmp_path) -> Path:
    root = tmp_path / "ds"
    shutil.copytree(DATA / "mini", root)
    return root


def _facts(result) -> tuple:
    problems = [(p.file, p.line, p.col, p.rule, p.message, p.fix) for p in result.problems]
    return problems, result.files, result.dataset


def _loads(cache_dir: Path) -> LoadCache:
    return LoadCache(cache_dir / "loads")


def test_a_warm_check_equals_a_cold_one(dataset, cache_dir, monkeypatch):
    cold = peacetracker.check(dataset)
    assert len(list((cache_dir / "loads").glob("*.json"))) == 1
    warm = peacetracker.check(dataset)
    assert isinstance(warm.dataset.stances, LazyStances)
    assert not warm.dataset.stances.built
    assert len(warm.dataset.stances) == len(cold.dataset.stances)  # known without building
    assert not warm.dataset.stances.built
    assert _facts(warm) == _facts(cold)  # equality builds the stances
    assert warm.dataset.stances.built
    assert tuple(warm.dataset.stances) == cold.dataset.stances
    # Every registry is the same, and so is every analysis.
    assert warm.dataset.issues == cold.dataset.issues
    assert warm.dataset.sources == cold.dataset.sources
    assert warm.dataset.gaps().equals(cold.dataset.gaps())


def test_warm_equals_cold_on_a_generated_dataset(tmp_path, cache_dir):
    root = tmp_path / "gen"
    generate(root, 400, seed=5)
    cold = peacetracker.check(root)
    warm = peacetracker.check(root)
    assert isinstance(warm.dataset.stances, LazyStances)
    assert _facts(warm) == _facts(cold)
    assert [s.origin for s in warm.dataset.stances] == [s.origin for s in cold.dataset.stances]


def test_a_dataset_with_errors_is_cached_too(dataset, cache_dir):
    (dataset / "stances" / "northland.yaml").write_text("party: nobody\nstances: {}\n")
    cold = peacetracker.check(dataset)
    assert cold.dataset is None and cold.errors
    warm = peacetracker.check(dataset)
    assert _facts(warm) == _facts(cold)
    assert len(list((cache_dir / "loads").glob("*.json"))) == 1
    assert not list((cache_dir / "loads").glob("*.blob"))  # no stances to keep


def test_an_edited_yaml_file_misses(dataset, cache_dir):
    peacetracker.check(dataset)
    path = dataset / "stances" / "northland.yaml"
    path.write_text(path.read_text().replace("prefer: 100000", "prefer: 90000"))
    result = peacetracker.check(dataset)
    assert not isinstance(result.dataset.stances, LazyStances)  # checked afresh
    assert 90000.0 in {s.prefer for s in result.dataset.stances}


def test_an_edited_stored_text_misses(dataset, cache_dir):
    """Quotes are checked against stored texts: the texts are part of the key."""
    first = peacetracker.check(dataset)
    assert not first.errors
    text = dataset / "texts" / "wire.txt"
    assert text.exists()
    lines = text.read_text().splitlines()
    text.write_text("\n".join("Nothing of what was quoted." for _ in lines) + "\n")
    result = peacetracker.check(dataset)
    assert "quote-not-found" in {p.rule for p in result.errors}


def test_a_stored_text_that_appears_misses(dataset, cache_dir):
    sources = dataset / "sources.yaml"
    sources.write_text(sources.read_text().replace(
        "path: texts/statement.txt", "path: texts/later.txt"))
    before = peacetracker.check(dataset)
    assert "source-missing" in {p.rule for p in before.errors}
    shutil.copy(dataset / "texts" / "statement.txt", dataset / "texts" / "later.txt")
    after = peacetracker.check(dataset)
    assert "source-missing" not in {p.rule for p in after.problems}


@pytest.mark.parametrize("damage", ["head", "truncate", "foreign"])
def test_a_damaged_entry_is_ignored(dataset, cache_dir, monkeypatch, damage):
    cold = peacetracker.check(dataset)
    [head] = (cache_dir / "loads").glob("*.json")
    blob = head.with_suffix(".blob")
    if damage == "head":
        raw = bytearray(head.read_bytes())
        raw[-3] ^= 1
        head.write_bytes(bytes(raw))
    elif damage == "truncate":
        blob.write_bytes(blob.read_bytes()[:-10])
    else:
        head.write_bytes(b"\x80\x04K\x01.")  # a pickle: never loaded
    loads = _loads(cache_dir)
    monkeypatch.setattr(LoadCache, "default", classmethod(lambda cls: loads))
    warm = peacetracker.check(dataset)
    assert loads.stats.rejected == 1 and loads.stats.hits == 0
    assert not isinstance(warm.dataset.stances, LazyStances)
    assert _facts(warm) == _facts(cold)
    assert loads.stats.writes == 1  # and the entry is written again


def test_only_the_most_recent_entries_are_kept(dataset, cache_dir):
    path = dataset / "stances" / "northland.yaml"
    text = path.read_text()
    for n in range(KEEP + 2):
        path.write_text(text + f"# edit {n}\n")
        peacetracker.check(dataset)
    assert len(list((cache_dir / "loads").glob("*.json"))) == KEEP
    assert len(list((cache_dir / "loads").glob("*.blob"))) == KEEP


def test_overrides_are_part_of_the_key(dataset, cache_dir):
    plain = peacetracker.check(dataset)
    extra = "party: northland\nstances:\n  sequencing:\n    - date: 2026-01-05\n"
    edited = peacetracker.check(dataset, overrides={"stances/westland.yaml": extra})
    assert edited.errors and not plain.errors
    again = peacetracker.check(dataset, overrides={"stances/westland.yaml": extra})
    assert _facts(again) == _facts(edited)


def test_turned_off_it_writes_nothing(dataset, cache_dir, monkeypatch):
    monkeypatch.setenv("PEACETRACKER_CACHE", "0")
    peacetracker.check(dataset)
    assert not (cache_dir / "loads").exists()


def test_lazy_stances_behave_as_the_tuple(dataset, cache_dir):
    cold = peacetracker.check(dataset).dataset
    warm = peacetracker.check(dataset).dataset
    lazy = warm.stances
    assert "built on first use" in repr(lazy)
    assert lazy == cold.stances and cold.stances == lazy
    assert hash(lazy) == hash(cold.stances)
    assert lazy[0] == cold.stances[0] and lazy[-1] == cold.stances[-1]
    assert lazy[1:3] == cold.stances[1:3]
    assert cold.stances[0] in lazy
    assert list(reversed(lazy)) == list(reversed(cold.stances))
    assert pickle.loads(pickle.dumps(lazy)) == cold.stances
    assert warm == cold
    assert warm.as_of("2026-01-06").stances == cold.as_of("2026-01-06").stances


def _damage_blob(cache_dir: Path) -> None:
    """Flip a byte of the stance blob (same size: only its checksum can tell)."""
    [blob] = (cache_dir / "loads").glob("*.blob")
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 1
    blob.write_bytes(bytes(raw))


def test_a_damaged_blob_is_found_on_first_use_and_the_files_read_again(dataset, cache_dir):
    cold = peacetracker.check(dataset)
    _damage_blob(cache_dir)
    warm = peacetracker.check(dataset)
    assert isinstance(warm.dataset.stances, LazyStances)  # the blob is only read when used
    assert tuple(warm.dataset.stances) == cold.dataset.stances


def test_a_damaged_blob_of_a_dataset_changed_since_says_so(dataset, cache_dir):
    peacetracker.check(dataset)
    _damage_blob(cache_dir)
    warm = peacetracker.check(dataset)
    path = dataset / "stances" / "northland.yaml"
    path.write_text(path.read_text() + "# edited\n")
    with pytest.raises(Exception, match="changed since it was loaded"):
        tuple(warm.dataset.stances)


def test_leftovers_of_an_interrupted_check_are_cleared(dataset, cache_dir):
    import os

    loads = cache_dir / "loads"
    loads.mkdir(parents=True)
    old, new = loads / ".blob.old.tmp", loads / ".blob.new.tmp"  # as atomic writes name them
    old.write_bytes(b"[")
    new.write_bytes(b"[")
    os.utime(old, (1, 1))
    peacetracker.check(dataset)
    assert not old.exists() and new.exists()  # a check may still be writing the new one


def test_an_edit_that_keeps_size_and_modification_time_is_seen(dataset, cache_dir,
                                                              monkeypatch):
    """File hashes are known by each file's status; the status-change time moves
    on any write, even when a tool puts the size and modification time back."""
    import os
    import time

    from peacetracker.loading import _result_cache as _load_cache

    monkeypatch.setattr(_load_cache, "_RACY_NS", 0)  # keep even the fixture's fresh files
    path = dataset / "stances" / "northland.yaml"
    old = path.stat()
    peacetracker.check(dataset)
    index = _load_cache.FileHashes(cache_dir / "loads" / "files.index")
    assert str(path) in index.entries  # its hash is known by its status now
    time.sleep(0.05)  # a later clock tick
    text = path.read_text()
    edited = text.replace("prefer: 100000", "prefer: 100001")
    assert len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    result = peacetracker.check(dataset)
    assert 100001.0 in {s.prefer for s in result.dataset.stances}


def test_file_hashes_are_kept_only_for_files_settled_long_enough(tmp_path):
    import os

    from peacetracker.loading._result_cache import FileHashes

    settled, fresh = tmp_path / "settled.txt", tmp_path / "fresh.txt"
    settled.write_text("a")
    fresh.write_text("b")
    index = FileHashes(tmp_path / "files.index")
    for path in (settled, fresh):
        assert index.hash(str(path)) is not None
    assert index.hash(str(tmp_path / "missing.txt")) is None
    # Pretend the settled file's status changed long ago.
    index.entries[str(settled)][4] -= 10**10
    index.save()
    again = FileHashes(tmp_path / "files.index")
    assert set(again.entries) == {str(settled)}
    # A damaged index is no index.
    (tmp_path / "files.index").write_bytes(b"\x80garbage")
    assert FileHashes(tmp_path / "files.index").entries == {}
    assert os.path.exists(settled)


def test_the_file_index_forgets_other_datasets_when_it_grows_too_big(tmp_path, monkeypatch):
    from peacetracker.loading import _result_cache as _load_cache

    monkeypatch.setattr(_load_cache, "_RACY_NS", -(10**12))  # keep even fresh files
    monkeypatch.setattr(_load_cache, "MAX_INDEXED", 2)
    files = [tmp_path / f"{n}.txt" for n in range(3)]
    for path in files:
        path.write_text(path.name)
    index = _load_cache.FileHashes(tmp_path / "files.index")
    for path in files:
        index.hash(str(path))
    index.save()
    assert len(_load_cache.FileHashes(tmp_path / "files.index").entries) == 3
    later = _load_cache.FileHashes(tmp_path / "files.index")
    later.hash(str(files[0]))  # the next check sees one file only
    later.changed = True
    later.save()
    assert set(_load_cache.FileHashes(tmp_path / "files.index").entries) == {str(files[0])}


def test_a_file_edited_during_a_check_is_filed_under_what_was_read(dataset, cache_dir,
                                                                   monkeypatch):
    """The result is stored under the bytes the check read, not those hashed
    for the lookup: put the old bytes back, and the old result comes back."""
    from peacetracker.loading import _load

    path = dataset / "stances" / "northland.yaml"
    before = path.read_text()
    after = before.replace("prefer: 100000", "prefer: 100001")
    real = _load._read_files

    def edit_then_read(*args, **kwargs):
        path.write_text(after)  # the editor saves while the check runs
        return real(*args, **kwargs)

    monkeypatch.setattr(_load, "_read_files", edit_then_read)
    first = peacetracker.check(dataset)
    assert 100001.0 in {s.prefer for s in first.dataset.stances}
    monkeypatch.setattr(_load, "_read_files", real)
    path.write_text(before)
    again = peacetracker.check(dataset)
    assert 100001.0 not in {s.prefer for s in again.dataset.stances}
    assert 100000.0 in {s.prefer for s in again.dataset.stances}


def test_the_blob_is_streamed_by_the_one_atomic_writer(tmp_path):
    """The blob's temporary file is one of _plumbing.atomic's (so prune knows
    it by the one rule); committed whole with the cache's mode, or dropped."""
    import stat

    from peacetracker._plumbing.atomic import is_temporary
    from peacetracker.loading._result_cache import BlobWriter

    blob = BlobWriter(tmp_path)
    blob.add("stances/a.yaml", b"{}")
    (tmp,) = [p.name for p in tmp_path.iterdir()]
    assert is_temporary(tmp)
    assert blob.finish() is not None
    blob.commit(tmp_path / "key.blob")
    assert [p.name for p in tmp_path.iterdir()] == ["key.blob"]
    assert (tmp_path / "key.blob").read_bytes() == b'[["stances/a.yaml",{}]]'
    assert stat.S_IMODE((tmp_path / "key.blob").stat().st_mode) == 0o600
    dropped = BlobWriter(tmp_path)
    dropped.add("stances/a.yaml", b"{}")
    dropped.discard()
    assert [p.name for p in tmp_path.iterdir()] == ["key.blob"]
