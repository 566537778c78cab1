"""Outcome estimates from the compromise model: worked examples by hand."""

from __future__ import annotations

import pandas as pd
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
    assert army.n_parties == 3 and army.weighting == "partly assumed" and pd.isna(army.why)


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


def test_an_issue_that_cannot_be_estimated_says_why_instead_of_a_number():
    est = mini().outcomes()
    assert tuple(est.columns) == OUTCOME_COLUMNS
    rows = est.set_index("issue")
    seq = rows.loc["sequencing"]  # categorical: no order
    assert pd.isna(seq.estimate) and pd.isna(seq.estimate_text)
    assert seq.why == "a categorical scale has no order: positions cannot be averaged"
    alone = rows.loc["alliance-membership"]  # only northland holds a position
    assert pd.isna(alone.estimate) and alone.n_parties == 1
    assert alone.why.startswith("only northland holds a position")


@settings(max_examples=20, deadline=None)
@given(random_datasets())
def test_an_estimate_lies_between_the_positions(ds):
    snap = ds.snapshot()
    for r in ds.outcomes().dropna(subset=["estimate"]).itertuples():
        xs = [ds.issues[r.issue].scale.as_number(x) for x in snap[snap.issue == r.issue].prefer]
        assert min(xs) - 1e-9 <= r.estimate <= max(xs) + 1e-9


@settings(max_examples=30, deadline=None)
@given(random_datasets(max_parties=4, max_stances=16))
def test_plans_never_vote_unless_asked_and_never_a_single_voice(ds):
    import attrs

    plan = next(iter(ds.parties))
    ds = attrs.evolve(
        ds, parties={**ds.parties, plan: attrs.evolve(ds.parties[plan], kind="plan")}
    )
    snap = ds.snapshot()
    for r in ds.outcomes().itertuples():
        voters = r.parties.split(", ") if r.parties else []
        assert plan not in voters
        assert (not pd.isna(r.estimate)) == (r.n_parties >= 2 and pd.isna(r.why))
        held = set(snap[snap.issue == r.issue].party)
        assert r.plans_left_out == (plan if plan in held else "")
    asked = ds.outcomes(include_plans=True)
    for r in asked.itertuples():
        held = set(snap[snap.issue == r.issue].party)
        assert set(filter(None, r.parties.split(", "))) == held


def test_unweighted_estimates_are_labelled():
    """Seen on positions/: every party labelled "assumed", with no word that no
    salience or capability was coded at all."""
    import peacetracker
    from conftest import ROOT

    ds = peacetracker.load(ROOT / "positions")
    est = ds.outcomes()
    plans = {p for p, party in ds.parties.items() if party.kind == "plan"}
    for r in est.itertuples():
        assert not set(r.parties.split(", ")) & plans
        if pd.isna(r.estimate):
            assert r.why and pd.isna(r.weighting)
        else:
            assert r.n_parties >= 2 and r.weighting in ("weighted", "partly assumed", "unweighted")
            if r.weighting == "unweighted":
                assert r.assumed == r.parties


def test_a_context_issue_has_no_outcome():
    """A question about the talks (a fact, an intention) is not a term a
    bargain settles: the compromise model gives no estimate and says why."""
    import attrs

    ds = mini()
    ds = attrs.evolve(
        ds, issues={**ds.issues, "army-size": attrs.evolve(ds.issues["army-size"], kind="context")}
    )
    row = ds.outcomes(issues=["army-size"]).iloc[0]
    assert pd.isna(row.estimate) and "context" in row.why
