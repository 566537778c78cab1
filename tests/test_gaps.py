"""Gaps between pairs of parties and the distance matrix: hypothesis properties
and worked examples for every scale type, computed by hand."""

from __future__ import annotations

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _datasets import PARTIES, D, mini, random_datasets
from peacetracker import Evidence, Stance
from peacetracker.analysis.gaps import GAP_COLUMNS

E = [Evidence("wire-2026-01-07", "quoted words", speaker="a diplomat")]


def with_more(*stances):
    return mini(stances=mini().stances + tuple(stances))


def row(frame, a, b, issue):
    hit = frame[(frame.party_a == a) & (frame.party_b == b) & (frame.issue == issue)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


# -- properties --------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(random_datasets())
def test_gap_is_symmetric_zero_iff_equal_and_within_0_1(ds):
    g = ds.gaps()
    assert ((g.gap_norm >= 0) & (g.gap_norm <= 1)).all()
    assert (g.gap >= 0).all()
    equal = np.array([a == b for a, b in zip(g.prefer_a, g.prefer_b, strict=True)])
    assert ((g.gap_norm == 0).to_numpy() == equal).all()
    assert ((g.gap == 0).to_numpy() == equal).all()
    # the same pairs with the registry order reversed: a and b swap, the gaps do not
    rev = attrs.evolve(ds, parties=dict(reversed(list(ds.parties.items()))))
    h = rev.gaps()
    assert len(g) == len(h)
    swapped = {(r.issue, r.party_b, r.party_a): (r.gap, r.gap_norm) for r in h.itertuples()}
    for r in g.itertuples():
        assert swapped[(r.issue, r.party_a, r.party_b)] == (r.gap, r.gap_norm)
    # the bands are the settings' words, but for a pair whose zones meet: never the last
    words = [w for w, _ in ds.settings.bands]
    for r in g.itertuples():
        word = ds.settings.band(r.gap_norm)
        assert r.band == (words[-2] if r.zones_meet and word == words[-1] else word)


@settings(max_examples=20, deadline=None)
@given(random_datasets())
def test_distance_matrix_is_symmetric_with_a_zero_diagonal(ds):
    m = ds.distance_matrix()
    values = m.to_numpy()
    assert np.allclose(values, values.T, equal_nan=True)
    assert (np.diag(values) == 0).all()
    finite = values[~np.isnan(values)]
    assert ((finite >= 0) & (finite <= 1 + 1e-12)).all()


# -- worked examples, one per scale type ------------------------------------------------


def test_numeric_gap_with_declared_range():
    g = mini().gaps()
    r = row(g, "northland", "southland", "army-size")
    assert (r.prefer_a, r.prefer_b) == (150000, 250000)
    assert r.gap == 100000 and r.gap_norm == pytest.approx(0.2) and r.band == "close"
    assert r.norm_basis == "declared" and r.unit == "personnel" and r.scale == "numeric"
    assert (r.text_a, r.text_b) == ("150,000 personnel", "250,000 personnel")
    assert r.salience_a == 90 and r.salience_b == 100 and r.salience == 95
    assert r.sources_a == "northland-statement" and r.sources_b == "wire-2026-01-05"
    assert r.speaker_b == "President of Southland" and r.outlet_a == "Government of Northland"
    assert r.published_a == pd.Timestamp("2026-01-12")
    assert r.quote_b.startswith("our army will never be smaller than 250,000")
    agreed = row(g, "northland", "eastern-league", "army-size")
    assert agreed.gap == 0 and agreed.band == "agreed"
    # an earlier date: northland still demanded 100,000
    early = row(mini().gaps(as_of="2026-01-07"), "northland", "southland", "army-size")
    assert early.gap == 150000 and early.gap_norm == pytest.approx(0.3) and early.band == "apart"


def test_numeric_gap_without_declared_range_is_relative():
    ds = mini()
    open_scale = attrs.evolve(
        ds.issues["army-size"], scale=attrs.evolve(ds.issues["army-size"].scale, min=None, max=None)
    )
    ds = mini(issues={**ds.issues, "army-size": open_scale})
    r = row(ds.gaps(), "northland", "southland", "army-size")
    # relative: 150,000 vs 250,000 is 100,000 of the larger, 250,000 (never the
    # observed range, which two values always span whole)
    assert r.norm_basis == "relative"
    assert r.gap == 100000 and r.gap_norm == pytest.approx(0.4) and r.band == "apart"


def test_ordinal_gap_is_rank_steps_over_scale_length():
    ds = with_more(
        Stance("southland", "guarantees", D(2026, 1, 8), prefer="membership", evidence=E)
    )
    r = row(ds.gaps(), "southland", "eastern-league", "guarantees")
    assert r.gap == 1 and r.gap_norm == pytest.approx(1 / 3) and r.unit == "steps"
    assert r.text_a == "Alliance membership" and r.text_b == "Binding commitments"
    assert r.band == "apart"


def test_categorical_gap_is_zero_or_one():
    r = row(mini().gaps(), "northland", "southland", "sequencing")
    assert (r.text_a, r.text_b) == ("settlement first", "ceasefire first")
    # different options, but southland would accept northland's: never "far apart"
    assert r.gap == 1 and r.gap_norm == 1 and r.zones_meet and r.band == "apart"


def test_yesno_gap_is_zero_or_one():
    ds = with_more(
        Stance("southland", "alliance-membership", D(2026, 1, 8), prefer=True, evidence=E),
        Stance("eastern-league", "alliance-membership", D(2026, 1, 8), prefer=False, evidence=E),
    )
    g = ds.gaps(issues=["alliance-membership"])
    assert row(g, "northland", "southland", "alliance-membership").gap_norm == 1
    assert row(g, "northland", "eastern-league", "alliance-membership").gap_norm == 0
    assert row(g, "northland", "southland", "alliance-membership").text_b == "yes"


def test_set_gap_counts_elements_and_normalises_by_jaccard():
    ds = with_more(
        Stance(
            "southland",
            "foreign-troops",
            D(2026, 1, 8),
            prefer=frozenset({"eastland", "westland"}),
            evidence=E,
        ),
        Stance(
            "eastern-league",
            "foreign-troops",
            D(2026, 1, 8),
            prefer=frozenset({"eastland"}),
            evidence=E,
        ),
    )
    g = ds.gaps(issues="foreign-troops")
    empty_vs_two = row(g, "northland", "southland", "foreign-troops")
    assert empty_vs_two.gap == 2 and empty_vs_two.gap_norm == 1
    one_of_two = row(g, "southland", "eastern-league", "foreign-troops")
    assert one_of_two.gap == 1 and one_of_two.gap_norm == 0.5
    assert one_of_two.text_a == "eastland, westland"


# -- shape, missing stances, single parties ----------------------------------------------


def test_columns_and_dtypes():
    g = mini().gaps()
    assert tuple(g.columns) == GAP_COLUMNS
    dtypes = {c: str(t) for c, t in g.dtypes.items()}
    for col in ("gap", "gap_norm", "salience_a", "salience_b", "salience"):
        assert dtypes[col] == "float64"
    for col in ("date_a", "date_b", "published_a", "published_b"):
        assert dtypes[col] == "datetime64[ns]"
    for col in ("prefer_a", "prefer_b"):
        assert dtypes[col] == "object"
    for col in set(GAP_COLUMNS) - {
        "gap",
        "gap_norm",
        "salience_a",
        "salience_b",
        "salience",
        "date_a",
        "date_b",
        "published_a",
        "published_b",
        "prefer_a",
        "prefer_b",
        "zones_meet",
    }:
        assert dtypes[col] == "str", col
    assert dtypes["zones_meet"] == "bool"


def test_single_party_issues_give_no_pairs_and_missing_pairs_on_request():
    g = mini().gaps()
    assert set(g.issue) == {"army-size", "sequencing"}  # the others have one party each
    full = mini().gaps(missing=True)
    assert len(full) == 5 * 3  # five issues x three pairs of the parties with stances
    lonely = row(full, "northland", "southland", "alliance-membership")
    assert np.isnan(lonely.gap) and lonely.text_a == "no" and pd.isna(lonely.text_b)
    assert pd.isna(lonely.band)


def test_no_stances_at_all():
    ds = mini(stances=())
    assert ds.gaps().empty and tuple(ds.gaps().columns) == GAP_COLUMNS
    assert ds.distance_matrix().empty
    assert ds.distances().empty


def test_distance_matrix_weighs_issues_by_salience():
    m = mini().distance_matrix()
    assert list(m.index) == ["northland", "southland", "eastern-league"]
    # army-size 0.2 at salience (90+100)/2 = 95; sequencing 1.0 at salience 70
    assert m.loc["northland", "southland"] == pytest.approx((0.2 * 95 + 1.0 * 70) / 165)
    # eastern-league stated no salience: the default weight 50 applies (one issue: 0.2)
    assert m.loc["southland", "eastern-league"] == pytest.approx(0.2)
    d = mini().distances()
    r = d[(d.party_a == "northland") & (d.party_b == "southland")].iloc[0]
    assert r.issues == 2 and r.weight == 165 and r.band == "apart"


def test_distance_matrix_for_named_parties_without_common_issues():
    ds = mini()
    m = ds.distance_matrix(parties=["northland", "westland"])
    assert list(m.columns) == ["northland", "westland"]
    assert np.isnan(m.loc["northland", "westland"]) and m.loc["westland", "westland"] == 0
    assert set(PARTIES) >= set(m.index)


def _gaps_by_merge(ds, as_of=None, parties=None, issues=None):
    """The first construction of the pairs: a merge of the snapshot with itself
    on the issue, cut to a before b in registry order."""
    from peacetracker.analysis.gaps import _finish, _side_frame
    from peacetracker.analysis.snapshot import in_force

    core = ds._core
    snap = in_force(ds, as_of, parties, issues)
    frame = _side_frame(snap, core, "_a").merge(_side_frame(snap, core, "_b"), on="issue")
    frame = frame[frame["_po_a"].to_numpy() < frame["_po_b"].to_numpy()]
    return _finish(core, frame.reset_index(drop=True), False)


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=5, max_stances=24), st.data())
def test_gaps_equal_the_self_merge_of_the_snapshot(ds, data):
    parties = data.draw(st.one_of(st.none(), st.lists(st.sampled_from(sorted(ds.parties)))))
    issues = data.draw(st.one_of(st.none(), st.lists(st.sampled_from(sorted(ds.issues)))))
    as_of = data.draw(st.sampled_from([None, D(2026, 1, 3)]))
    pd.testing.assert_frame_equal(
        ds.gaps(parties=parties, issues=issues, as_of=as_of),
        _gaps_by_merge(ds, as_of, parties, issues),
    )


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=4, max_stances=16))
def test_a_compatible_zone_is_never_far_apart(ds):
    """Gap and zone agree by construction: a pair whose zones share a position
    (``zones_meet``, the scale's one rule, which overlaps follow too) never gets
    the last band."""
    last = ds.settings.bands[-1][0]
    g = ds.gaps()
    for r in g.itertuples():
        if r.zones_meet:
            assert r.band != last
        two = ds.overlaps(parties=[r.party_a, r.party_b], issues=r.issue).iloc[0]
        assert r.zones_meet == (two.status == "zone")


def test_bundled_compatible_zones_are_not_far_apart():
    """Seen on positions/: "Who must approve a deal: Russia vs EU, far apart 1.00"
    while the zones table found a zone both accept."""
    import peacetracker
    from conftest import ROOT

    ds = peacetracker.load(ROOT / "positions")
    g = ds.gaps()
    meet = g[g.zones_meet]
    assert len(meet) and not (meet.band == "far apart").any()
    for r in meet.itertuples():
        # a question about the talks is compared, never a zone of agreement
        expected = "context" if ds.issues[r.issue].kind == "context" else "zone"
        pair = [r.party_a, r.party_b]
        assert ds.overlaps(parties=pair, issues=r.issue).status.iloc[0] == expected
