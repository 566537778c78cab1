"""The per-file pass (peacetracker.loading._per_file.read_file): a pure function of
(path, bytes) whose result is plain JSON-serialisable data."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from peacetracker.loading._per_file import read_file
from peacetracker.loading._spec import dataset_files


def test_every_fixture_file_is_classified_and_serialisable(mini_path):
    kinds = {}
    for rel in dataset_files(mini_path):
        result = read_file(rel, (mini_path / rel).read_bytes())
        assert json.loads(json.dumps(result)) == result
        # The fixture is free of errors; a stance's own warnings are found here.
        assert {p["rule"] for p in result["problems"]} <= {"no-accept", "confident-hearsay"}
        kinds[rel] = result["kind"]
    assert kinds["peacetracker.yaml"] == "settings"
    assert kinds["parties.yaml"] == kinds["sources.yaml"] == "registry"
    assert kinds["stances/northland.yaml"] == "stances"


def test_plain_data_keeps_yaml_keys_and_iso_dates(mini_path):
    result = read_file("sources.yaml", (mini_path / "sources.yaml").read_bytes())
    wire = result["data"]["sources"]["wire-2026-01-05"]
    assert wire["published"] == "2026-01-05"
    assert wire["lines"] == [1, 4]
    # No positions are kept: problems found later are located from the text.
    assert "_pos" not in wire


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


EVIDENCE = "      evidence: [{source: s, quote: q}]\n"
STANCES = (
    "party: north\n"
    "stances:\n"
    "  army-cap:\n"
    "    - date: 2026-01-05\n"
    "      status: withdrawn\n"
    "      prefer: 10\n" + EVIDENCE +
    "    - date: 2026-01-06\n"
    "      status: disputed\n"
    "      accept: [1, 2]\n" + EVIDENCE +
    "    - date: 2026-01-07\n"
    "      prefer: 3\n"
    "      basis: reported\n" + EVIDENCE
)


def test_a_stance_s_own_rules_are_checked_and_located_here():
    result = read_file("stances/north.yaml", STANCES.encode())
    found = [(p["rule"], p["line"], p["col"]) for p in result["problems"]]
    assert found == [
        ("withdrawn-prefer", 6, 7),
        ("missing-prefer", 8, 7),
        ("missing-reason", 8, 7),
        ("confident-hearsay", 12, 7),
        ("no-accept", 13, 15),
    ]
    first, second, third = result["data"]["stances"]["army-cap"]
    assert first["_local_error"] and second["_local_error"]
    assert "_local_error" not in third


def test_positions_from_nodes_match_positions_from_the_text():
    """An alias sends the per-file pass back to the text's positions: same answer."""
    aliased = STANCES.replace("prefer: 3", "prefer: &x 3") + (
        "    - date: 2026-01-08\n      prefer: *x\n" + EVIDENCE)
    plain = read_file("stances/north.yaml", STANCES.encode())["problems"]
    with_alias = read_file("stances/north.yaml", aliased.encode())["problems"]
    assert with_alias[: len(plain)] == plain
