"""The model (_model.py): one band rule, for one gap and for a column of them."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from peacetracker import Settings
from peacetracker._model import band_words


def test_the_band_rule_has_one_home():
    from peacetracker.analysis import _core

    assert _core.band_words is band_words


def test_a_pair_whose_zones_meet_is_never_far_apart():
    s = Settings()
    assert s.band(0.9) == "far apart"
    assert s.band(0.9, zones_meet=True) == "apart"
    assert s.band(0.0, zones_meet=True) == "agreed"


@given(
    gap=st.floats(0, 1) | st.just(math.nan),
    meet=st.booleans(),
)
def test_one_gap_reads_as_the_column_does(gap, meet):
    s = Settings()
    column = band_words(s.bands, [gap, 0.5], [meet, False])
    word = s.band(gap, zones_meet=meet)
    if math.isnan(gap):
        assert column[0] != column[0] and word == s.bands[-1][0]  # NaN stays NaN
    else:
        assert column[0] == word
    assert column[1] == s.band(0.5)
