"""Overlaps (zones of possible agreement): properties and worked examples."""

from __future__ import annotations

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _datasets import D, mini, random_datasets
from peacetracker import Evidence, Interval, SetRange, Stance
from peacetracker.analysis.overlaps import OVERLAP_COLUMNS, STATUSES

E = [Evidence("wire-2026-01-07", "quoted words")]


def within(zone, outer) -> bool:
    """Every position in ``zone`` is also in ``outer``."""
    if isinstance(zone, Interval):
        return outer.covers(zone)
    if isinstance(zone, SetRange):
        return zone.min >= outer.min and zone.max <= outer.max
    return zone <= outer


def by_issue(frame):
    return {r.issue: r for r in frame.itertuples()}


@settings(max_examples=30, deadline=None)
@given(random_datasets(), st.randoms(use_true_random=False))
def test_overlap_is_commutative_and_inside_every_zone(ds, rnd):
    names = list(ds.parties)
    shuffled = names[:]
    rnd.shuffle(shuffled)
    a = ds.overlaps(parties=names)
    b = attrs.evolve(ds, parties={p: ds.parties[p] for p in shuffled}).overlaps(parties=shuffled)
    assert len(a) == len(b)
    for issue, r in by_issue(a).items():
        s = by_issue(b)[issue]
        assert (r.status, r.zone, r.empty) == (s.status, s.zone, s.empty)
        assert (r.concession, r.concession_norm) == pytest.approx(
            (s.concession, s.concession_norm), nan_ok=True
        )
        assert set(r.movers.split(", ")) == set(s.movers.split(", "))
        assert set(r.movers_assumed.split(", ")) == set(s.movers_assumed.split(", "))
    snap = ds.snapshot()
    for r in a.itertuples():
        zones = snap[snap.issue == r.issue]
        assert r.n_parties == len(zones)
        if r.status == "one-sided":
            assert r.n_parties < 2 and r.zone is None and pd.isna(r.band)
        elif not r.empty:
            assert all(within(r.zone, z) for z in zones.zone)
            assert r.concession == 0 and r.movers == ""
        else:
            assert r.concession > 0 and (r.movers or r.movers_assumed)
            # only parties whose zones are stated are named movers
            assumed = set(zones[zones.zone_assumed].party)
            assert not set(filter(None, r.movers.split(", "))) & assumed
            assert set(filter(None, r.movers_assumed.split(", "))) <= assumed


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=5, max_stances=24), st.data())
def test_no_agreement_without_two_parties_sharing_a_zone(ds, data):
    parties = data.draw(
        st.one_of(st.none(), st.lists(st.sampled_from(sorted(ds.parties)), unique=True))
    )
    snap = ds.snapshot()
    for r in ds.overlaps(parties=parties).itertuples():
        agreed = r.status == "zone" or r.band == "agreed" or not r.empty
        if not agreed:
            continue
        holders = snap[(snap.issue == r.issue) & snap.party.isin(r.parties.split(", "))]
        assert len(holders) >= 2 and r.n_parties >= 2
        assert r.zone is not None and all(within(r.zone, z) for z in holders.zone)


@settings(max_examples=30, deadline=None)
@given(random_datasets(max_parties=4))
def test_overlap_only_shrinks_when_a_party_is_added(ds):
    names = list(ds.parties)
    if len(names) < 2:
        return
    fewer = by_issue(ds.overlaps(parties=names[:-1]))
    more = by_issue(ds.overlaps(parties=names))
    for issue, r in fewer.items():
        s = more[issue]
        if r.status == "one-sided":  # no zone to shrink: one party alone agrees with no one
            continue
        if r.empty:
            assert s.empty
        elif not s.empty:
            assert within(s.zone, r.zone)
        if r.scale in ("numeric", "set"):
            assert s.concession >= r.concession


def test_numeric_overlap_without_a_zone():
    ov = by_issue(mini().overlaps(parties=["northland", "southland"]))
    army = ov["army-size"]
    assert army.empty and army.concession == 50000 and army.concession_norm == pytest.approx(0.1)
    assert army.movers == "northland, southland" and army.assumed == "" and army.band == "close"
    assert pd.isna(army.zone_text) and army.zone is None


def test_zone_that_rests_on_an_assumed_preferred_point():
    ov = by_issue(mini().overlaps(parties=["northland", "southland"]))
    seq = ov["sequencing"]
    # northland stated no acceptable zone: its preferred point stands in for one
    assert not seq.empty and seq.zone == frozenset({"settlement-first"})
    assert seq.zone_text == "settlement first" and seq.assumed == "northland"
    assert seq.band == "agreed" and seq.movers == ""


def test_missing_parties_and_single_party_issues():
    ov = by_issue(mini().overlaps(parties=["northland", "southland"]))
    alliance = ov["alliance-membership"]
    assert alliance.n_parties == 1 and alliance.missing == "southland"
    # one party's zone is not an agreement: no zone, no concession, no band
    assert alliance.status == "one-sided" and alliance.empty and alliance.zone is None
    assert pd.isna(alliance.zone_text) and pd.isna(alliance.band)
    assert pd.isna(alliance.concession) and alliance.movers == ""
    assert "guarantees" not in ov  # neither named party addressed it


def test_ordinal_overlap_and_concession():
    ds = mini(
        stances=(
            *mini().stances,
            Stance("southland", "guarantees", D(2026, 1, 8), prefer="membership", evidence=E),
            Stance(
                "northland",
                "guarantees",
                D(2026, 1, 8),
                prefer="none",
                accept=frozenset({"none", "assurances"}),
                evidence=E,
            ),
        )
    )
    ov = by_issue(ds.overlaps())
    g = ov["guarantees"]
    # membership (rank 3) vs at most assurances (rank 1): 2 steps of 3
    assert g.empty and g.concession == 2 and g.concession_norm == pytest.approx(2 / 3)
    # southland's zone is assumed from its preferred point: said apart, not named
    assert g.movers == "northland" and g.movers_assumed == "southland"
    assert g.assumed == "southland"
    two = by_issue(ds.overlaps(parties=["northland", "eastern-league"]))["guarantees"]
    assert not two.empty and two.zone_text == "Political assurances"


def test_set_overlap():
    ds = mini(
        stances=(
            *mini().stances,
            Stance(
                "southland",
                "foreign-troops",
                D(2026, 1, 8),
                prefer=frozenset({"eastland"}),
                accept=SetRange({"eastland"}, {"eastland", "westland"}),
                evidence=E,
            ),
        )
    )
    troops = by_issue(ds.overlaps())["foreign-troops"]
    # southland needs eastland; northland allows no one: one element apart, of three
    assert troops.empty and troops.concession == 1
    assert troops.concession_norm == pytest.approx(1 / 3)
    assert troops.movers == "northland, southland"


def test_columns_dtypes_and_empty_dataset():
    ov = mini().overlaps()
    assert tuple(ov.columns) == OVERLAP_COLUMNS
    assert ov.dtypes["n_parties"] == "int64" and ov.dtypes["empty"] == "bool"
    assert ov.dtypes["concession"] == "float64" and ov.dtypes["zone"] == "object"
    assert ov.dtypes["movers"] == "str" and ov.dtypes["status"] == "str"
    assert set(ov.status) <= set(STATUSES)
    none = mini(stances=()).overlaps()
    assert none.empty and tuple(none.columns) == OVERLAP_COLUMNS


def _reference_rows(ds, parties, as_of=None):
    """Overlap rows worked out stance by stance from the snapshot and the
    scales, as the first implementation did (filtering every issue's members)."""
    snap = ds.snapshot(as_of=as_of)
    core = ds._core
    order = core.party_order
    rows = []
    for issue in pd.unique(snap["issue"]):
        cut = snap[snap["issue"] == issue]
        members = [
            (r.party, r.zone, bool(r.zone_assumed))
            for r in cut.itertuples()
            if parties is None or r.party in parties
        ]
        if not members:
            continue
        scale = ds.issues[issue].scale
        zones = {p: z for p, z, _ in members}
        if len(zones) < 2:
            rows.append(
                (
                    issue,
                    ", ".join(p for p, _, _ in members),
                    ", ".join(p for p in (parties or []) if p not in zones),
                    ", ".join(p for p, _, a in members if a),
                    None,
                    None,
                    True,
                    None,
                    None,
                    "",
                )
            )
            continue
        ov = scale.overlap(zones, core.span(issue))
        rows.append(
            (
                issue,
                ", ".join(p for p, _, _ in members),
                ", ".join(p for p in (parties or []) if p not in zones),
                ", ".join(p for p, _, a in members if a),
                ov.zone,
                None if ov.zone is None else scale.describe_zone(ov.zone),
                ov.empty,
                float(ov.concession),
                float(ov.concession_norm),
                ", ".join(
                sorted(
                    ov.movers,
                    key=lambda p: (dict((q, a) for q, _, a in members)[p], order[p]),
                )
            ),
            )
        )
    return rows


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=5, max_stances=24), st.data())
def test_overlaps_of_any_parties_equal_the_stance_by_stance_rows(ds, data):
    parties = data.draw(
        st.one_of(st.none(), st.lists(st.sampled_from(sorted(ds.parties)), unique=True))
    )
    as_of = data.draw(st.sampled_from([None, D(2026, 1, 3)]))
    frame = ds.overlaps(parties=parties, as_of=as_of)
    got = [
        (
            r.issue,
            r.parties,
            r.missing,
            r.assumed,
            r.zone,
            None if pd.isna(r.zone_text) else r.zone_text,
            r.empty,
            None if pd.isna(r.concession) else r.concession,
            None if pd.isna(r.concession_norm) else r.concession_norm,
            ", ".join(filter(None, (r.movers, r.movers_assumed))),
        )
        for r in frame.itertuples()
    ]
    assert got == _reference_rows(ds, parties, as_of)


def test_bundled_one_sided_rows_are_never_agreements():
    """Seen on positions/: rows where only Ukraine or only Russia held a stance
    came back with ``empty=False`` and ``band="agreed"``."""
    import peacetracker
    from conftest import ROOT

    ds = peacetracker.load(ROOT / "positions")
    ov = ds.overlaps(parties=["ukraine", "russia"])
    one = ov[ov.n_parties < 2]
    assert len(one) and (one.status == "one-sided").all()
    assert one.band.isna().all() and one.zone.isna().all() and one["empty"].all()
    agreed = ov[ov.band == "agreed"]
    assert (agreed.n_parties == 2).all() and (agreed.status == "zone").all()


def test_a_coalition_and_its_members_count_as_one_side():
    """Seen on positions/: on foreign troops, the Coalition, the UK and France
    counted as three parties against Russia, so Russia alone was named to move."""
    from peacetracker import Party
    from peacetracker.scales import parse_scale

    yn = parse_scale({"type": "yesno"})
    yes, no = frozenset({True}), frozenset({False})
    zones = {"coalition": yes, "uk": yes, "france": yes, "russia": no}
    # counted party by party, three against one: russia alone would move
    assert yn.overlap(zones).movers == ("russia",)
    # the coalition with its members is one side: one against one, either could move
    sides = {"uk": "coalition", "france": "coalition"}
    assert set(yn.overlap(zones, sides=sides).movers) == set(zones)
    # the same through overlaps(), which finds the sides from the parties' members
    ds = mini()
    parties = {
        **ds.parties,
        "coalition": Party("coalition", "Coalition", kind="coalition", members=("uk", "france")),
        "uk": Party("uk", "UK"),
        "france": Party("france", "France"),
        "russia": Party("russia", "Russia"),
    }
    stances = [
        Stance(p, "alliance-membership", D(2026, 1, 8), prefer=z == yes, accept=z, evidence=E)
        for p, z in zones.items()
    ]
    ds = mini(parties=parties, stances=tuple(stances))
    row = ds.overlaps(parties=list(zones)).iloc[0]
    assert set(row.movers.split(", ")) == set(zones) and row.movers_assumed == ""


def test_bundled_movers_are_only_parties_with_stated_zones():
    import peacetracker
    from conftest import ROOT

    ds = peacetracker.load(ROOT / "positions")
    snap = ds.snapshot()
    for r in ds.overlaps().itertuples():
        held = snap[snap.issue == r.issue].set_index("party").zone_assumed
        for p in filter(None, r.movers.split(", ")):
            assert not held[p]
        for p in filter(None, r.movers_assumed.split(", ")):
            assert held[p]


def _as_context(ds, issue):
    return attrs.evolve(
        ds, issues={**ds.issues, issue: attrs.evolve(ds.issues[issue], kind="context")}
    )


def test_a_context_issue_is_compared_but_never_a_zone():
    """Seen on positions/: the lede offered "common ground for Ukraine and
    Russia on Russia's readiness to compromise: both would accept no", two
    answers to a question about the talks presented as where a deal could lie."""
    term = by_issue(mini().overlaps(parties=["northland", "southland"]))["sequencing"]
    assert term.status == "zone" and term.band == "agreed"  # as a term, they agree
    ds = _as_context(mini(), "sequencing")
    row = by_issue(ds.overlaps(parties=["northland", "southland"]))["sequencing"]
    assert row.status == "context" and row.n_parties == 2
    assert row.zone is None and row.empty and pd.isna(row.band) and pd.isna(row.concession)
    assert row.movers == "" and row.movers_assumed == ""
    # the answers are still compared: the gap is there, as for any issue
    gaps = ds.gaps(parties=["northland", "southland"], issues=["sequencing"])
    assert len(gaps) == 1 and gaps.gap_norm.notna().all()


@settings(max_examples=25, deadline=None)
@given(random_datasets())
def test_no_zone_on_a_context_issue(ds):
    """Property: whatever the stances, an issue of kind context has no zone,
    no concession and no band."""
    issues = {i: attrs.evolve(x, kind="context") for i, x in ds.issues.items()}
    ov = attrs.evolve(ds, issues=issues).overlaps()
    assert set(ov.status) <= {"context", "one-sided"}
    assert ov.zone.isna().all() and ov.band.isna().all() and ov["empty"].all()


def test_bundled_context_issues_are_never_common_ground():
    import peacetracker
    from conftest import ROOT

    ds = peacetracker.load(ROOT / "positions")
    context = {i for i, x in ds.issues.items() if x.kind == "context"}
    assert context, "the bundled dataset marks its questions about the talks as context"
    ov = ds.overlaps(parties=["ukraine", "russia"])
    rows = ov[ov.issue.isin(context)]
    assert len(rows) and (rows.status.isin(["context", "one-sided"])).all()
    assert rows.band.isna().all()
    assert not ds.outcomes(issues=sorted(context)).estimate.notna().any()
