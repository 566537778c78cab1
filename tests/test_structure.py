"""Per-file structure checks (peacetracker.loading._structure) against the one spec
(peacetracker.loading._spec)."""

from __future__ import annotations

import datetime as dt

import pytest

from peacetracker.loading._spec import REGISTRY, SETTINGS, STANCE_FILE, classify
from peacetracker.loading._structure import slugify, validate


def flags(record, data):
    _, found = validate(record, data, "this file")
    return [(f.rule, f.path, f.params.get("fix")) for f in found]


def stance(**fields):
    base = {"date": dt.date(2026, 1, 5), "prefer": 1,
            "evidence": [{"source": "s", "quote": "q"}]}
    base.update(fields)
    return {"party": "x", "stances": {"y": [base]}}


def test_a_clean_stance_file_becomes_plain_data():
    data, found = validate(STANCE_FILE, stance(accept={"max": 5}), "f")
    assert found == []
    assert data == {"party": "x", "stances": {"y": [{
        "date": "2026-01-05", "prefer": 1, "accept": {"max": 5},
        "evidence": [{"source": "s", "quote": "q"}],
    }]}}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"date": "2026-01-05"}, ("date-quoted", ("stances", "y", 0, "date"), None)),
        ({"date": dt.datetime(2026, 1, 5, 9)},
         ("date-format", ("stances", "y", 0, "date"), "write the date only: date: 2026-01-05")),
        ({"date": "5.1.2026"},
         ("date-format", ("stances", "y", 0, "date"),
          "write it as YYYY-MM-DD, e.g. date: 2026-01-06")),
        ({"salience": "90%"},
         ("wrong-type", ("stances", "y", 0, "salience"),
          "write it as a plain number: salience: 90")),
        ({"salience": True},
         ("wrong-type", ("stances", "y", 0, "salience"), "write a plain number, e.g. 50")),
        ({"status": "withdrawn "},
         ("bad-choice", ("stances", "y", 0, "status"), "did you mean 'withdrawn'?")),
        ({"event": "Geneva Talks"},
         ("bad-id", ("stances", "y", 0, "event"), "write it as 'geneva-talks'")),
        ({"prefer": dt.date(2026, 1, 1)},
         ("wrong-type", ("stances", "y", 0, "prefer"),
          "no scale takes dates: write a number, an option id, yes/no or a list of ids")),
        ({"accept": {"min": 1, "mx": 2}},
         ("unknown-key", ("stances", "y", 0, "accept", "mx"), "did you mean 'max'?")),
        ({"evidence": {"source": "s", "quote": "q"}},
         ("wrong-type", ("stances", "y", 0, "evidence"),
          "start each citation with '- ', e.g. '- source: ...'")),
        ({"evidence": [{"source": "s", "quote": 1.1}]},
         ("number-as-text", ("stances", "y", 0, "evidence", 0, "quote"), None)),
    ],
)
def test_stance_mistakes(fields, expected):
    assert flags(STANCE_FILE, stance(**fields)) == [expected]


def test_a_misspelt_required_key_is_reported_once():
    assert flags(REGISTRY, {"parties": {"x": {"nmae": "X"}}}) == [
        ("unknown-key", ("parties", "x", "nmae"), "did you mean 'name'?")
    ]


def test_required_key_with_no_value():
    assert flags(REGISTRY, {"parties": {"x": {"name": None}}}) == [
        ("empty", ("parties", "x", "name"), "write display name after 'name:'")
    ]


def test_bands():
    assert flags(SETTINGS, {"bands": {"a": 0, "b": 0.5, "c": 1}}) == []
    assert flags(SETTINGS, {"bands": {"a": 0, "b": 0.5}})[0][0] == "bad-bands"
    assert flags(SETTINGS, {"bands": {"a": 0.5, "b": 0.2, "c": 1}})[0][0] == "bad-bands"


def test_lines():
    source = {"kind": "article", "outlet": "o", "title": "t", "published": dt.date(2026, 1, 1)}
    ok, _ = validate(REGISTRY, {"sources": {"s": {**source, "lines": "3 - 9"}}}, "f")
    assert ok["sources"]["s"]["lines"] == [3, 9]
    assert flags(REGISTRY, {"sources": {"s": {**source, "lines": "9-3"}}})[0][0] == "bad-lines"


def test_slugify():
    assert slugify("Coalition of the Willing") == "coalition-of-the-willing"
    assert slugify("Économie_2026") == "conomie-2026"
    assert slugify("!!") == ""


def test_classify_by_top_level_keys():
    assert classify("peacetracker.yaml", {"title": "x"}) == "settings"
    assert classify("a.yaml", {"party": "x", "stances": {}}) == "stances"
    assert classify("a.yaml", {"events": {}}) == "registry"
    assert classify("a.yaml", {"other": 1}) is None
    assert classify("a.yaml", ["x"]) is None
