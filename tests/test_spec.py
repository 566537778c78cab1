"""The one spec of which files make a dataset: the walk and the folders it
skips, the registry keys and the top-level key pattern, used alike by loading
(the check, "is this a dataset?") and editing (which file holds what)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from peacetracker.editing import _file_map
from peacetracker.editing._file_map import DatasetFiles, yaml_files
from peacetracker.editing._order import KEY_ORDERS
from peacetracker.loading import _cross_file, _load, _root, _spec
from peacetracker.loading._root import is_dataset
from peacetracker.loading._spec import (
    REGISTRY,
    REGISTRY_KEYS,
    REGISTRY_TABLES,
    SKIPPED_DIRS,
    dataset_files,
    top_level_keys,
)


def test_loading_and_editing_use_the_one_walk_and_keys() -> None:
    assert _load.dataset_files is _spec.dataset_files
    assert _file_map.dataset_files is _spec.dataset_files
    assert _file_map.top_level_keys is _cross_file.top_level_keys is _spec.top_level_keys
    assert _file_map.REGISTRY_KEYS is _cross_file.REGISTRY_KEYS is _spec.REGISTRY_KEYS
    # Which file is which: one rule, the spec's, for the loader, the editor and the root look.
    assert _file_map.classify_keys is _spec.classify_keys
    assert _root.classify_text is _spec.classify_text
    assert set(REGISTRY_KEYS) == set(REGISTRY.keys) == {*REGISTRY_TABLES, "groups"}
    # fmt's order of a registry file's keys holds each registry key once.
    assert sorted(KEY_ORDERS["registry-file"]) == sorted(REGISTRY_KEYS)
    assert REGISTRY_TABLES == {"parties": "party", "issues": "issue", "sources": "source",
                               "events": "event"}


_NAMES = st.sampled_from(["a", "b-c", "texts", "schema", ".git", ".hidden", "stances", "z"])
_FILES = st.sampled_from(["x.yaml", "y.yml", ".dot.yaml", "notes.txt", "x.yaml~", "Z.yaml"])
_TREES = st.lists(
    st.tuples(st.lists(_NAMES, max_size=3), _FILES, st.booleans()), max_size=12
)


@settings(max_examples=60)
@given(tree=_TREES)
def test_the_walk_skips_the_same_files_for_loading_and_editing(tmp_path_factory, tree) -> None:
    root = tmp_path_factory.mktemp("dataset")
    for parts, name, as_folder in tree:
        folder = root.joinpath(*parts)
        if folder.exists() and not folder.is_dir():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        if path.exists():
            continue
        if as_folder:  # a folder named like a YAML file: no file to read
            path.mkdir()
        else:
            path.write_text("parties: {}\n")
    walked = dataset_files(root)
    for rel in walked:
        *folders, name = rel.split("/")
        assert name.endswith((".yaml", ".yml")) and not name.startswith(".")
        assert not any(f.startswith(".") or f in SKIPPED_DIRS for f in folders)
    expected = sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*")
        if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
        and not any(f.startswith(".") or f in SKIPPED_DIRS
                    for f in p.relative_to(root).parts[:-1])
    )
    assert walked == expected
    # Editing sees the same files (those that are regular files), as paths.
    assert sorted(p.relative_to(root).as_posix() for p in yaml_files(root)) == [
        rel for rel in walked if (root / rel).is_file()
    ]


@given(st.lists(st.sampled_from(["parties", "issues", "party", "stances", "x_y", "note-s"]),
                max_size=5),
       st.sampled_from(["", " ", "\t", "  "]), st.booleans())
def test_top_level_keys_of_text_and_bytes_agree(keys, blank, bom) -> None:
    text = ("\ufeff" if bom else "") + "".join(
        f"{k}{blank}:\n  nested: 1\n  - item\n" for k in keys
    )
    assert top_level_keys(text) == set(keys) == top_level_keys(text.encode("utf-8"))


def test_nested_keys_comments_and_flow_text_are_not_top_level() -> None:
    assert top_level_keys("# parties: no\n  issues: {}\nsources: {}\n'events': {}\n") == {
        "sources"
    }


def test_a_blank_before_the_colon_is_a_key_for_loading_and_editing(tmp_path: Path) -> None:
    """YAML reads ``parties :`` as the key ``parties``: so do the quick looks."""
    (tmp_path / "registry.yaml").write_text("parties :\n  northland: {name: Northland}\n")
    (tmp_path / "stances").mkdir()
    (tmp_path / "stances" / "n.yaml").write_text("party : northland\nstances : {}\n")
    assert is_dataset(tmp_path)
    files = DatasetFiles.scan(tmp_path)
    assert files.registry_files == {"parties": ("registry.yaml",)}
    assert files.stance_files == {"northland": ("stances/n.yaml",)}
    assert _root.nearest_dataset(tmp_path / "stances") == tmp_path.resolve()


# -- which file is which: the spec's rule, for the loader, the editor and the root look --

_KEYS = st.lists(st.sampled_from(["party", "stances", "parties", "issues", "title", "other"]),
                 unique=True, max_size=4)
_KIND_NAMES = st.sampled_from(["peacetracker.yaml", "peacetracker.yml", "parties.yaml",
                               "issues.yml", "a.yaml"])
_KIND_TREES = st.lists(
    st.tuples(st.sampled_from(["", "sub", "stances", "sub/deeper"]), _KIND_NAMES, _KEYS),
    max_size=8,
)
_TEXTS = {"party": "party: x\n", "stances": "stances: {}\n", "parties": "parties: {}\n",
          "issues": "issues : {}\n", "title": "title: t\n", "other": "other: 1\n"}


@settings(max_examples=80, deadline=None)
@given(tree=_KIND_TREES)
def test_every_classifier_agrees_on_which_file_is_which(tmp_path_factory, tree) -> None:
    from ruamel.yaml import YAML

    root = tmp_path_factory.mktemp("dataset")
    for folder, name, keys in tree:
        path = root / folder / name
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(_TEXTS[k] for k in keys))
    loader = {
        rel: _spec.classify(rel, YAML(typ="safe", pure=True).load((root / rel).read_text()))
        for rel in dataset_files(root)
    }
    files = DatasetFiles.scan(root)
    # The editor's map holds each file under the kind the loader gives it.
    settings_files = [rel for rel, kind in loader.items() if kind == "settings"]
    assert files.settings_file == (settings_files[0] if settings_files else None)
    assert settings_files in ([], ["peacetracker.yaml"])
    assert sorted(r for rs in files.stance_files.values() for r in rs) == sorted(
        rel for rel, kind in loader.items()  # those that name their party
        if kind == "stances" and "party:" in (root / rel).read_text()
    )
    registry_files = {r for rs in files.registry_files.values() for r in rs}
    assert registry_files == {rel for rel, kind in loader.items() if kind == "registry"}
    # The root look: a dataset when a top-level file is settings or a registry file.
    assert is_dataset(root) == any(
        kind in ("settings", "registry") for rel, kind in loader.items() if "/" not in rel
    )
    overrides = [(rel, (root / rel).read_text()) for rel in loader]
    assert is_dataset(root / "nowhere", overrides) == is_dataset(root)


def test_set_edits_the_root_settings_not_a_settings_file_in_a_folder(
    tmp_path: Path, mini_path: Path
) -> None:
    """Only the root's peacetracker.yaml is the settings (the loader reads no
    other): ``set`` edits it, never ``sub/peacetracker.yaml``."""
    import shutil

    from click.testing import CliRunner

    import peacetracker
    from peacetracker.cli import main

    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    (root / "sub").mkdir()
    stray = root / "sub" / "peacetracker.yaml"
    stray.write_text("title: Not read\n")
    assert DatasetFiles.scan(root).settings_file == "peacetracker.yaml"
    result = CliRunner().invoke(main, ["set", "-d", str(root), "title", "The root's"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert stray.read_text() == "title: Not read\n"
    assert "title: The root's" in (root / "peacetracker.yaml").read_text()
    stray.unlink()
    assert peacetracker.load(root).settings.title == "The root's"
