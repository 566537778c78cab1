"""The per-file pass (peacetracker._files.read_file): a pure function of
(path, bytes) whose result is plain JSON-serialisable data."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from peacetracker._files import read_file
from peacetracker._load import dataset_files


def test_every_fixture_file_is_classified_and_serialisable(mini_path):
    kinds = {}
    for rel in dataset_files(mini_path):
        result = read_file(rel, (mini_path / rel).read_bytes())
        assert json.loads(json.dumps(result)) == result
        assert result["problems"] == []
        kinds[rel] = result["kind"]
    assert kinds["peacetracker.yaml"] == "settings"
    assert kinds["parties.yaml"] == kinds["sources.yaml"] == "registry"
    assert kinds["stances/northland.yaml"] == "stances"


def test_plain_data_keeps_yaml_keys_and_iso_dates(mini_path):
    result = read_file("sources.yaml", (mini_path / "sources.yaml").read_bytes())
    wire = result["data"]["sources"]["wire-2026-01-05"]
    assert wire["published"] == "2026-01-05"
    assert wire["lines"] == [1, 4]
    assert wire["_pos"]["published"] == [7, 16, 7, 5]


def test_local_problems_are_located():
    result = read_file("x.yaml", b"parties:\n  north:\n    name: North\n    knd: state\n")
    assert [(p["rule"], p["line"], p["col"]) for p in result["problems"]] == [
        ("unknown-key", 4, 5)
    ]
    assert result["data"]["parties"]["north"]["_bad"] is True


def test_an_unreadable_file_has_no_data():
    result = read_file("x.yaml", b"a: [")
    assert result["kind"] is None and result["data"] is None
    assert result["problems"][0]["rule"] == "syntax"


def test_a_file_of_another_kind():
    result = read_file("notes.yaml", b"- a\n- b\n")
    assert [p["rule"] for p in result["problems"]] == ["unknown-file"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_never_raises_and_always_serialises(data):
    result = read_file("stances/x.yaml", data)
    assert json.loads(json.dumps(result)) == result
    assert read_file("stances/x.yaml", data) == result
