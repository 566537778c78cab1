"""Outcome estimates from the compromise model: worked examples by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from _datasets import D, mini, random_datasets
from peacetracker import Evidence, Stance
from peacetracker.analysis.outcomes import OUTCOME_COLUMNS

E = [Evidence("wire-2026-01-07", "quoted words")]


def test_numeric_estimate_by_hand():
    est = mini().outcomes().set_index("issue")
    army = est.loc["army-size"]
    # c*s weights: northland 60*90, southland 30*100, eastern-league 50*50 (both assumed)
    expected = (5400 * 150000 + 3000 * 250000 + 2500 * 150000) / (5400 + 3000 + 2500)
    assert army.estimate == pytest.approx(expected)
    assert army.estimate_text == "177,523 personnel"
    assert army.model == "compromise model" and army.assumed == "eastern-league"
    assert army.n_parties == 3


def test_ordinal_and_yesno_estimates_name_the_nearest_option():
    extra = (
        Stance(
            "southland", "guarantees", D(2026, 1, 8), prefer="membership", salience=100, evidence=E
        ),
        Stance(
            "southland", "alliance-membership", D(2026, 1, 8), prefer=True, salience=100, evidence=E
        ),
    )
    est = mini(stances=(*mini().stances, *extra)).outcomes().set_index("issue")
    g = est.loc["guarantees"]
    # southland membership (3) at 30*100; eastern-league binding (2) at 50*50
    assert g.estimate == pytest.approx((3000 * 3 + 2500 * 2) / 5500)
    assert g.estimate_text == "Alliance membership"
    yn = est.loc["alliance-membership"]
    # northland no (0) at 60*50 (salience assumed), southland yes (1) at 30*100
    assert yn.estimate == pytest.approx(3000 / 6000) and yn.estimate_text == "yes"


def test_unordered_issues_are_left_out():
    est = mini().outcomes()
    assert tuple(est.columns) == OUTCOME_COLUMNS
    assert not set(est.issue) & {"sequencing", "foreign-troops"}


@settings(max_examples=20, deadline=None)
@given(random_datasets())
def test_an_estimate_lies_between_the_positions(ds):
    snap = ds.snapshot()
    for r in ds.outcomes().itertuples():
        xs = [ds.issues[r.issue].scale.as_number(x) for x in snap[snap.issue == r.issue].prefer]
        assert min(xs) - 1e-9 <= r.estimate <= max(xs) + 1e-9
