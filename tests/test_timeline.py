"""Timelines: the gap between two parties on an issue over time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _datasets import D, mini, random_datasets
from peacetracker import Evidence, Stance
from peacetracker.analysis.timeline import TIMELINE_COLUMNS

E = [Evidence("wire-2026-01-07", "quoted words")]


def test_pair_on_an_issue_by_hand():
    tl = mini().timeline(party_a="northland", party_b="southland", issue="army-size")
    assert tuple(tl.columns) == TIMELINE_COLUMNS
    assert tl.date.tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-12")]
    assert tl.gap.tolist() == [150000, 100000]
    assert tl.gap_norm.tolist() == [pytest.approx(0.3), pytest.approx(0.2)]
    assert tl.band.tolist() == ["apart", "close"]
    assert tl.text_a.tolist() == ["100,000 personnel", "150,000 personnel"]
    assert tl.dtypes["date"] == "datetime64[ns]" and tl.dtypes["gap"] == "float64"


def test_dates_before_the_other_side_spoke_and_after_a_withdrawal():
    extra = (Stance("southland", "sequencing", D(2026, 1, 14), status="withdrawn", evidence=E),)
    ds = mini(stances=(*mini().stances, extra[0]))
    tl = ds.timeline(party_a="northland", party_b="southland", issue="sequencing")
    # both first records (southland on the 5th, northland on the 12th) are not moves
    assert tl.mover.tolist() == ["", "", "southland"]
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
    one = mini().timeline(party_a="eastern-league")
    assert set(one.party_a) == {"eastern-league"} and set(one.issue) == {"army-size"}


def test_a_pair_with_no_stances_and_bad_arguments():
    assert mini().timeline(party_a="eastland", party_b="westland").empty
    with pytest.raises(ValueError, match="two different parties"):
        mini().timeline(party_a="northland", party_b="northland")
    with pytest.raises(ValueError, match="unknown issue 'army'"):
        mini().timeline(party_a="northland", party_b="southland", issue="army")


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


def _reference_timeline(ds, party_a=None, party_b=None, issue=None) -> pd.DataFrame:
    """The first, pair-by-pair implementation (a Python loop over every pair's
    dates): the vectorised one must give exactly the same frame."""
    import itertools

    from peacetracker.analysis._core import band_words, join_ids, text_column
    from peacetracker.analysis.gaps import pair_gaps
    from peacetracker.analysis.timeline import trajectories

    core = ds._core
    trails = trajectories(ds, core.check_issues(issue))
    rows = []
    for iss in sorted(trails, key=core.issue_order.__getitem__):
        by_party = trails[iss]
        names = sorted(by_party, key=core.party_order.__getitem__)
        if party_a is not None and party_b is not None:
            pairs = [(party_a, party_b)]
        else:
            fixed = party_a if party_a is not None else party_b
            if fixed is not None:
                pairs = [(fixed, p) for p in names if p != fixed] if fixed in by_party else []
            else:
                pairs = list(itertools.combinations(names, 2))
        for a, b in pairs:
            ta, tb = by_party.get(a, []), by_party.get(b, [])
            if not ta and not tb:
                continue
            ia = ib = 0
            cur_a = cur_b = (None, None, np.nan)
            for d in sorted({e[0] for e in ta} | {e[0] for e in tb}):
                movers = []
                while ia < len(ta) and ta[ia][0] <= d:
                    cur_a = ta[ia][1:]
                    if ta[ia][0] == d and ia > 0:  # a first record is not a move
                        movers.append(a)
                    ia += 1
                while ib < len(tb) and tb[ib][0] <= d:
                    cur_b = tb[ib][1:]
                    if tb[ib][0] == d and ib > 0:
                        movers.append(b)
                    ib += 1
                rows.append((iss, a, b, d, join_ids(movers), *cur_a, *cur_b))

    def col(k: int) -> list:
        return [r[k] for r in rows]

    def obj(values: list) -> np.ndarray:
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        return arr

    issues = obj(col(0))
    pa, pb = obj(col(5)), obj(col(8))
    units, norm = pair_gaps(
        core,
        issues,
        pa,
        pb,
        np.array(col(7), dtype=float),
        np.array(col(10), dtype=float),
    )
    return pd.DataFrame(
        {
            "issue": text_column(col(0)),
            "party_a": text_column(col(1)),
            "party_b": text_column(col(2)),
            "date": pd.Series(
                pd.to_datetime(pd.Series(col(3), dtype=object)), dtype="datetime64[ns]"
            ),
            "mover": text_column(col(4)),
            "prefer_a": pd.Series(pa, dtype=object),
            "prefer_b": pd.Series(pb, dtype=object),
            "text_a": text_column(col(6)),
            "text_b": text_column(col(9)),
            "gap": units,
            "gap_norm": norm,
            "band": text_column(band_words(ds.settings.bands, norm).tolist()),
        }
    )


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_stances=20), st.data())
def test_the_vectorised_timeline_equals_the_pair_by_pair_one(ds, data):
    parties = [None, *ds.parties]
    a = data.draw(st.sampled_from(parties), label="party_a")
    b = data.draw(st.sampled_from([p for p in parties if p is None or p != a]), label="party_b")
    issue = data.draw(st.sampled_from([None, *ds.issues]), label="issue")
    ref = _reference_timeline(ds, a, b, issue)
    got = ds.timeline(party_a=a, party_b=b, issue=issue)
    _same_but_bands(ds, got, ref)
    # each side's evidence strength is that of its stance in force on the date
    for r in got.itertuples():
        for party, strength in ((r.party_a, r.strength_a), (r.party_b, r.strength_b)):
            snap = ds.snapshot(parties=party, issues=r.issue, as_of=r.date)
            expected = snap.strength.iloc[0] if len(snap) else None
            assert (pd.isna(strength) and expected is None) or strength == expected


def test_the_vectorised_timeline_equals_the_pair_by_pair_one_on_the_fixture():
    ds = mini()
    for args in [(), ("northland",), (None, "southland"), ("southland", "northland", "sequencing")]:
        named = dict(zip(("party_a", "party_b", "issue"), args, strict=False))
        _same_but_bands(ds, ds.timeline(**named), _reference_timeline(ds, *args))


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=4, max_stances=16))
def test_a_first_record_is_never_a_move(ds):
    """``mover`` names a party only on a date it changed a stance it already held
    (or withdrew it): its first record on the issue is not a move."""
    first: dict[tuple, pd.Timestamp] = {}
    for s in sorted(ds.stances, key=lambda s: s.date):
        if s.status in ("active", "withdrawn"):
            first.setdefault((s.party, s.issue), pd.Timestamp(s.date))
    for r in ds.timeline().itertuples():
        for party in filter(None, r.mover.split(", ")):
            assert r.date > first[(party, r.issue)]


def test_bundled_timelines_do_not_call_first_records_moves():
    """Seen on positions/: ``timeline`` labelled every party's first record a move."""
    import peacetracker
    from conftest import ROOT

    ds = peacetracker.load(ROOT / "positions")
    snap = ds.stances_frame
    held = snap[snap.status.isin(["active", "withdrawn"])]
    firsts = held.groupby(["party", "issue"]).date.min()
    tl = ds.timeline()
    assert len(tl)
    for r in tl.itertuples():
        for party in filter(None, r.mover.split(", ")):
            assert r.date > firsts[(party, r.issue)]


def _same_but_bands(ds, got, ref):
    """The frame equals the pair-by-pair one; its bands are the settings' words,
    but never the last where both zones in force that day meet (as in ``gaps``)."""
    cols = [c for c in ref.columns if c != "band"]
    pd.testing.assert_frame_equal(got.loc[:, cols], ref.loc[:, cols])
    words = [w for w, _ in ds.settings.bands]
    for r, plain in zip(got.itertuples(), ref.band, strict=True):
        snap = ds.snapshot(parties=[r.party_a, r.party_b], issues=r.issue, as_of=r.date)
        zones = snap.set_index("party").zone
        meet = (
            r.party_a in zones
            and r.party_b in zones
            and ds.issues[r.issue].scale.zones_meet(zones[r.party_a], zones[r.party_b])
        )
        expected = words[-2] if meet and plain == words[-1] else plain
        assert r.band == expected or (pd.isna(r.band) and pd.isna(expected))
