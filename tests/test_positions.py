"""Positions of key paths (peacetracker.loading._positions): from the text's events,
and from the nodes kept by the load (the two must agree)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from peacetracker.loading._positions import NodePositions, Positions
from peacetracker.loading._spec import dataset_files
from peacetracker.loading._yaml import parse

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


def _node_positions(text: str) -> NodePositions:
    parsed = parse(text.encode())
    return NodePositions(parsed.nodes[id(parsed.data)])


def _fixture_texts() -> list[tuple[str, str]]:
    root = Path(__file__).parent / "data" / "mini"
    return [(rel, (root / rel).read_text("utf-8")) for rel in dataset_files(root)]


FIXTURES = _fixture_texts()


def test_node_positions_agree_with_the_text_everywhere():
    """Every key path of every fixture file, as a value and as a key, and the
    scalar as written: the nodes kept by the load answer as the text does."""
    checked = 0
    for rel, text in FIXTURES:
        by_text, by_node = Positions(text), _node_positions(text)
        for path in by_text.index:
            if any(isinstance(s, str) and s.startswith("\x00") for s in path):
                continue
            for on_key in (False, True):
                assert by_node.locate(path, on_key) == by_text.locate(path, on_key), (rel, path)
            assert by_node.source_text(path) == by_text.source_text(path), (rel, path)
            checked += 1
    assert checked > 200


_STEPS = st.sampled_from(["stances", "party", "parties", "issues", "evidence", "quote",
                          "prefer", "accept", "min", "nothing", "army-size", "northland"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(FIXTURES))),
       st.lists(_STEPS | st.integers(-1, 4), max_size=6), st.booleans())
def test_node_positions_agree_on_any_path(which, path, on_key):
    """Paths that go nowhere, or further than the document, fall back alike."""
    _rel, text = FIXTURES[which]
    path = tuple(path)
    assert _node_positions(text).locate(path, on_key) == Positions(text).locate(path, on_key)
    assert _node_positions(text).source_text(path) == Positions(text).source_text(path)
