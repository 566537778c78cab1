"""Snapshots: the stance in force for every party and issue at a date."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _datasets import D, mini, random_datasets
from peacetracker import Evidence, Stance


def _reference(ds, when):
    """The snapshot computed the slow, obvious way: (party, issue) -> stance."""
    best = {}
    for i, s in enumerate(ds.stances):
        if s.status not in ("active", "withdrawn") or (when is not None and s.date > when):
            continue
        key = (s.party, s.issue)
        if key not in best or (s.date, i) >= (best[key][0].date, best[key][1]):
            best[key] = (s, i)
    return {k: s for k, (s, _) in best.items() if s.status != "withdrawn"}


@settings(max_examples=40, deadline=None)
@given(random_datasets(), st.one_of(st.none(), st.integers(0, 7)))
def test_snapshot_matches_the_definition_and_never_shows_a_later_stance(ds, day):
    when = None if day is None else D(2026, 1, 1) + dt.timedelta(days=day)
    snap = ds.snapshot(as_of=when)
    if when is not None:
        assert (snap["date"] <= pd.Timestamp(when)).all()
    assert not snap["status"].isin(["withdrawn", "deprecated", "disputed"]).any()
    expected = _reference(ds, when)
    got = {(r.party, r.issue): r for r in snap.itertuples()}
    assert set(got) == set(expected)
    for key, s in expected.items():
        assert got[key].date == pd.Timestamp(s.date)
        assert got[key].prefer == s.prefer


def test_mini_snapshot_at_dates():
    ds = mini()
    early = ds.snapshot(as_of="2026-01-05")
    assert sorted(zip(early.party, early.issue, strict=True)) == [
        ("northland", "army-size"),
        ("southland", "army-size"),
        ("southland", "sequencing"),
    ]
    latest = ds.snapshot()
    army = latest[(latest.party == "northland") & (latest.issue == "army-size")].iloc[0]
    assert army.prefer == 150000 and army.date == pd.Timestamp("2026-01-12")
    assert army.accept_text == "at most 150,000 personnel" and not army.zone_assumed
    assert len(latest) == 9 - 1  # northland's first army-size stance is superseded


def test_snapshot_before_anything_is_empty_with_the_documented_columns():
    snap = mini().snapshot(as_of="2025-01-01")
    assert snap.empty
    assert list(snap.columns) == list(mini().stances_frame.columns)


def test_withdrawn_stance_leaves_the_snapshot_and_deprecated_never_enters():
    extra = (
        Stance(
            "southland",
            "sequencing",
            D(2026, 1, 10),
            status="withdrawn",
            evidence=[Evidence("wire-2026-01-07", "withdrew")],
        ),
        Stance(
            "southland",
            "guarantees",
            D(2026, 1, 6),
            prefer="membership",
            status="deprecated",
            reason="misreported",
            evidence=[Evidence("wire-2026-01-07", "membership")],
        ),
    )
    ds = mini(stances=mini().stances + extra)
    assert ("southland", "sequencing") in set(
        zip(*[ds.snapshot(as_of="2026-01-09")[c] for c in ("party", "issue")], strict=True)
    )
    after = ds.snapshot(as_of="2026-01-10")
    assert not ((after.party == "southland") & (after.issue == "sequencing")).any()
    assert not ((after.party == "southland") & (after.issue == "guarantees")).any()


def test_filters_and_unknown_ids():
    ds = mini()
    snap = ds.snapshot(parties=["southland"], issues="army-size")
    assert list(snap.party) == ["southland"] and list(snap.issue) == ["army-size"]
    with pytest.raises(ValueError, match="unknown party 'nortland': did you mean 'northland'"):
        ds.snapshot(parties=["nortland"])
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        ds.snapshot(as_of="12 January")


def test_as_of_cuts_the_dataset_and_says_so():
    ds = mini().as_of(dt.date(2026, 1, 7))
    assert max(s.date for s in ds.stances) == D(2026, 1, 7)
    assert ds.label == "as of 2026-01-07"
    assert ds.snapshot().equals(mini().snapshot(as_of="2026-01-07"))


def test_start_known_is_false_for_a_stance_held_before_its_date():
    import attrs

    ds = mini()
    held = tuple(
        attrs.evolve(s, precision="before") if s.party == "southland" else s for s in ds.stances
    )
    snap = attrs.evolve(ds, stances=held).snapshot()
    assert snap.dtypes["start_known"] == "bool"
    assert (snap.start_known == (snap.party != "southland")).all()
