"""Frame cells as plain JSON values (peacetracker._plumbing.json_values), as
``export`` and ``diff --format json`` write them."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from peacetracker import Interval
from peacetracker._plumbing.json_values import plain_value

cells = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_infinity=False) | st.text()
    | st.dates() | st.datetimes(),
    lambda inner: st.lists(inner, max_size=4) | st.frozensets(st.integers() | st.text(), max_size=4)
    | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(cells)
def test_every_cell_becomes_json_and_stays_as_it_is_a_second_time(value) -> None:
    plain = plain_value(value)
    assert json.loads(json.dumps(plain, allow_nan=False)) == plain
    assert plain_value(plain) == plain


def test_missing_values_are_none_and_whole_floats_are_integers() -> None:
    missing = (None, math.nan, pd.NaT, pd.NA, np.float64("nan"))
    assert [plain_value(v) for v in missing] == [None] * 5
    assert plain_value(2.0) == 2 and isinstance(plain_value(2.0), int)
    assert plain_value(np.int64(7)) == 7 and plain_value(np.float64(0.25)) == 0.25


def test_dates_sets_and_zones_take_their_documented_forms() -> None:
    assert plain_value(dt.date(2026, 1, 6)) == "2026-01-06"
    assert plain_value(pd.Timestamp("2026-01-06")) == "2026-01-06"
    assert plain_value(dt.datetime(2026, 1, 6, 12, 30)) == "2026-01-06T12:30:00"
    assert plain_value(frozenset({"uk", "france"})) == ["france", "uk"]
    assert plain_value(Interval(0, 5000)) == {"min": 0, "max": 5000}
    assert plain_value({1: ("a", 2.5)}) == {"1": ["a", 2.5]}


def test_keep_floats_keeps_whole_floats_at_every_depth():
    """The report's fields are typed float: it asks the converter to keep 1.0."""
    value = {"a": [1.0, {"b": (2.0, float("nan"))}], "c": Interval(0.0, 3.0)}
    assert plain_value(value) == {"a": [1, {"b": [2, None]}], "c": {"min": 0, "max": 3}}
    kept = plain_value(value, keep_floats=True)
    assert json.dumps(kept) == (
        '{"a": [1.0, {"b": [2.0, null]}], "c": {"min": 0.0, "max": 3.0}}'
    )
