"""Timelines: the gap between two parties on an issue over time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from _datasets import D, mini, random_datasets
from peacetracker import Evidence, Stance
from peacetracker.analysis.timeline import TIMELINE_COLUMNS

E = [Evidence("wire-2026-01-07", "quoted words")]


def test_pair_on_an_issue_by_hand():
    tl = mini().timeline("northland", "southland", "army-size")
    assert tuple(tl.columns) == TIMELINE_COLUMNS
    assert tl.date.tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-12")]
    assert tl.gap.tolist() == [150000, 100000]
    assert tl.gap_norm.tolist() == [pytest.approx(0.3), pytest.approx(0.2)]
    assert tl.band.tolist() == ["apart", "close"]
    assert tl.text_a.tolist() == ["100,000 personnel", "150,000 personnel"]
    assert tl.dtypes["date"] == "datetime64[ns]" and tl.dtypes["gap"] == "float64"


def test_dates_before_the_other_side_spoke_and_after_a_withdrawal():
    extra = (Stance("southland", "sequencing", D(2026, 1, 14), status="withdrawn", evidence=E),)
    tl = mini(stances=(*mini().stances, extra[0])).timeline("northland", "southland", "sequencing")
    assert tl.mover.tolist() == ["southland", "northland", "southland"]
    assert np.isnan(tl.gap.iloc[0]) and tl.gap.iloc[1] == 1 and np.isnan(tl.gap.iloc[2])
    assert tl.prefer_b.iloc[2] is None and pd.isna(tl.text_b.iloc[2])


def test_every_pair_when_parties_are_left_out():
    tl = mini().timeline(issue="army-size")
    pairs = set(zip(tl.party_a, tl.party_b, strict=True))
    assert pairs == {
        ("northland", "southland"),
        ("northland", "eastern-league"),
        ("southland", "eastern-league"),
    }
    one = mini().timeline("eastern-league")
    assert set(one.party_a) == {"eastern-league"} and set(one.issue) == {"army-size"}


def test_a_pair_with_no_stances_and_bad_arguments():
    assert mini().timeline("eastland", "westland").empty
    with pytest.raises(ValueError, match="two different parties"):
        mini().timeline("northland", "northland")
    with pytest.raises(ValueError, match="unknown issue 'army'"):
        mini().timeline("northland", "southland", "army")


@settings(max_examples=20, deadline=None)
@given(random_datasets())
def test_the_last_row_of_each_pair_is_todays_gap(ds):
    tl = ds.timeline()
    gaps = {(r.issue, r.party_a, r.party_b): r.gap_norm for r in ds.gaps().itertuples()}
    last = tl.groupby(["issue", "party_a", "party_b"]).tail(1)
    for r in last.itertuples():
        key = (r.issue, r.party_a, r.party_b)
        if key in gaps:
            assert r.gap_norm == pytest.approx(gaps[key])
        else:
            assert np.isnan(r.gap_norm)
