"""Positions of key paths (peacetracker._positions), and the marks the loader
keeps on plain data (peacetracker._resolve.locate_in) agreeing with them."""

from __future__ import annotations

from peacetracker._files import read_file
from peacetracker._load import dataset_files
from peacetracker._positions import Positions
from peacetracker._resolve import locate_in

TEXT = """\
parties:
  north:
    name: North
    members: [a, b]
stances:
  guarantees:
    - date: 2026-01-05
      accept: {min: x, max: y}
"""


def test_values_keys_and_list_items():
    pos = Positions(TEXT)
    assert pos.locate(("parties", "north", "name")) == (3, 11)
    assert pos.locate(("parties", "north", "name"), on_key=True) == (3, 5)
    assert pos.locate(("parties", "north", "members", 1)) == (4, 18)
    assert pos.locate(("stances", "guarantees", 0)) == (7, 7)
    assert pos.locate(("stances", "guarantees", 0, "accept", "max")) == (8, 29)


def test_a_missing_path_falls_back_to_what_exists():
    pos = Positions(TEXT)
    assert pos.locate(("parties", "north", "kind")) == (3, 5)
    assert pos.locate(("nothing",)) == (1, 1)
    assert Positions("a: [1\n").locate(("a",)) == (1, 4)
    assert Positions(None).locate(("a",)) == (1, 1)


def test_source_text_is_the_scalar_as_written():
    pos = Positions("name: 1.10\nitems: [2.50]\n")
    assert pos.source_text(("name",)) == "1.10"
    assert pos.source_text(("items", 0)) == "2.50"
    assert pos.source_text(("missing",)) is None


def test_kept_marks_agree_with_the_index(mini_path):
    """For every key path of every fixture file, the marks kept by the loader
    give the same position as indexing the text."""
    checked = 0
    for rel in dataset_files(mini_path):
        raw = (mini_path / rel).read_bytes()
        data = read_file(rel, raw)["data"]
        pos = Positions(raw.decode())
        for path, entry in pos.index.items():
            if not path or any(isinstance(s, str) and s.startswith("\x00") for s in path):
                continue
            kept = locate_in(data, path)
            if kept is not None:
                assert kept == pos.locate(path), (rel, path)
                checked += 1
            kept_key = locate_in(data, path, on_key=True)
            if kept_key is not None and entry.key_mark is not None:
                assert kept_key == entry.key_mark, (rel, path)
    assert checked > 150
