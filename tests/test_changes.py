"""Changes between dates and between datasets: properties and worked examples."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetracker
from _datasets import PARTIES, RANDOM_ISSUES, RANDOM_SOURCES, D, mini, random_datasets, stances
from peacetracker import Dataset, Evidence, Interval, Party, Stance
from peacetracker.analysis.changes import CHANGE_COLUMNS, DIRECTION_COLUMNS, INVERSE_KIND

E = [Evidence("wire-2026-01-07", "quoted words")]


def facts(frame, inverse=False):
    """Rows as comparable tuples (swapped to the other direction with ``inverse``).

    An ``added`` stance carries the value in force before it in the later version
    (``date_before``, ``before``): context the ``removed`` row of the inverse diff
    cannot know (the earlier version may differ there too), so it is left out."""
    out = Counter()
    for r in frame.itertuples():
        if r.kind == "added" and r.entity == "stance":
            r = r._replace(date_before=pd.NaT, before=None)
        if inverse:
            kind = INVERSE_KIND.get(r.kind, r.kind)
            row = (
                kind,
                r.entity,
                r.id,
                r.party,
                r.issue,
                r.date_after,
                r.date_before,
                r.field,
                r.after,
                r.before,
            )
        else:
            row = (
                r.kind,
                r.entity,
                r.id,
                r.party,
                r.issue,
                r.date_before,
                r.date_after,
                r.field,
                r.before,
                r.after,
            )
        out[
            tuple(
                "<NA>" if (not isinstance(x, frozenset | tuple) and pd.isna(x)) else x for x in row
            )
        ] += 1
    return out


@st.composite
def two_versions(draw):
    """Two versions over the same small key space, so that stances often collide."""
    parties = {f"p{i}": Party(f"p{i}", f"Party {i}") for i in range(3)}
    renamed = dict(parties)
    if draw(st.booleans()):
        renamed["p0"] = Party("p0", "Party zero", kind="coalition")
    extra_source = draw(st.booleans())
    sources_b = dict(RANDOM_SOURCES)
    if extra_source:
        sources_b["s9"] = attrs.evolve(RANDOM_SOURCES["s0"], id="s9", title="Another")
    a = Dataset(
        parties=parties,
        issues=RANDOM_ISSUES,
        sources=RANDOM_SOURCES,
        stances=draw(stances(tuple(parties), 10, days=3)),
    )
    shared = draw(st.lists(st.sampled_from(a.stances), unique=True)) if a.stances else []
    # claims that share a key with another stance (disputed or deprecated beside it)
    if a.stances and draw(st.booleans()):
        twins = draw(st.lists(st.sampled_from(a.stances), max_size=3, unique=True))
        a = attrs.evolve(a, stances=a.stances + tuple(_twin(t, draw) for t in twins))
        shared += (
            [_twin(t, draw) for t in draw(st.lists(st.sampled_from(twins), unique=True))]
            if twins
            else []
        )
    b = Dataset(
        parties=renamed,
        issues=RANDOM_ISSUES,
        sources=sources_b,
        stances=tuple(shared) + draw(stances(tuple(parties), 10, days=3)),
    )
    return a, b


def _twin(stance, draw):
    """Another claim for the same party, issue and date."""
    return attrs.evolve(
        stance,
        status=draw(st.sampled_from(["disputed", "deprecated"])),
        reason="another outlet reports otherwise",
        evidence=[Evidence(draw(st.sampled_from(sorted(RANDOM_SOURCES))), "they said otherwise")],
    )


# -- properties ---------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(random_datasets())
def test_a_diff_of_a_version_with_itself_is_empty(ds):
    assert peacetracker.diff(ds, ds).empty
    copy = attrs.evolve(ds, stances=tuple(reversed(ds.stances)))  # list order does not matter
    assert peacetracker.diff(ds, copy).empty
    assert copy.compare(ds).directions.empty


@settings(max_examples=60, deadline=None)
@given(two_versions())
def test_diff_b_a_is_the_inverse_of_diff_a_b(versions):
    a, b = versions
    forward = peacetracker.diff(a, b)
    backward = peacetracker.diff(b, a)
    assert facts(forward) == facts(backward, inverse=True)
    assert list(forward.change) == list(range(len(forward)))


@settings(max_examples=30, deadline=None)
@given(random_datasets(), st.integers(0, 7), st.integers(0, 7))
def test_net_changes_between_dates_account_for_every_difference_of_the_snapshots(ds, d0, d1):
    since, until = sorted(
        (D(2026, 1, 1) + dt.timedelta(days=d0), D(2026, 1, 1) + dt.timedelta(days=d1))
    )
    ch = ds.changes(since, until, net=True)
    before = {(r.party, r.issue): (r.date, r.prefer) for r in ds.snapshot(as_of=since).itertuples()}
    after = {(r.party, r.issue): (r.date, r.prefer) for r in ds.snapshot(as_of=until).itertuples()}
    main = ch[ch.kind.isin(["added", "withdrawn", "moved", "restated"])]
    got = Counter(zip(main.party, main.issue, strict=True))
    differing = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert set(got) == differing and all(n == 1 for n in got.values())
    for r in main.itertuples():
        key = (r.party, r.issue)
        assert r.kind == (
            "added"
            if key not in before
            else "withdrawn"
            if key not in after
            else "moved"
            if before[key][1] != after[key][1]
            else "restated"
        )
    assert ds.changes(since, since, net=True).empty


@settings(max_examples=30, deadline=None)
@given(random_datasets(), st.integers(0, 7), st.integers(0, 7))
def test_the_steps_between_dates_chain_from_one_snapshot_to_the_other(ds, d0, d1):
    """Every stance dated in (since, until] that can be in force is one step, compared
    with the one in force just before it; the steps of a (party, issue) chain from
    its point in force at ``since`` to its point in force at ``until``."""
    since, until = sorted(
        (D(2026, 1, 1) + dt.timedelta(days=d0), D(2026, 1, 1) + dt.timedelta(days=d1))
    )
    ch = ds.changes(since, until)
    main = ch[ch.kind.isin(["added", "withdrawn", "moved", "restated"])]
    before = {(r.party, r.issue): r.prefer for r in ds.snapshot(as_of=since).itertuples()}
    after = {(r.party, r.issue): r.prefer for r in ds.snapshot(as_of=until).itertuples()}
    steps: dict[tuple, list] = {}
    for r in main.itertuples():
        assert pd.Timestamp(since) < r.date_after <= pd.Timestamp(until)
        steps.setdefault((r.party, r.issue), []).append(r)
    for key in before.keys() | after.keys():
        if before.get(key) != after.get(key):
            assert key in steps  # a net difference is never lost
    for key, rows in steps.items():
        point = before.get(key)
        for r in rows:  # sorted by date, each starting where the last one ended
            assert r.before == point or (r.kind == "added" and point is None)
            point = None if r.kind == "withdrawn" else r.after
        assert point == after.get(key) or (point is None and key not in after)
    # no dated step in the window is left out (a withdrawal of nothing aside)
    dated = Counter(
        (s.party, s.issue) for s in ds.stances if s.status == "active" and since < s.date <= until
    )
    kept = main[main.kind != "withdrawn"]
    assert Counter(zip(kept.party, kept.issue, strict=True)) == dated
    assert ds.changes(since, since).empty


# -- worked examples: changes between dates -----------------------------------------------


def test_mini_changes_since_a_date():
    ch = mini().changes(since="2026-01-06")
    assert tuple(ch.columns) == CHANGE_COLUMNS
    kinds = Counter(zip(ch.kind, ch.party, ch.issue, strict=True))
    assert kinds == Counter(
        {
            ("moved", "northland", "army-size"): 1,
            ("accept-added", "northland", "army-size"): 1,
            ("move-kind-changed", "northland", "army-size"): 1,
            ("conditions-changed", "northland", "army-size"): 1,
            ("added", "eastern-league", "army-size"): 1,
            ("added", "eastern-league", "guarantees"): 1,
            ("added", "northland", "sequencing"): 1,
            ("added", "northland", "alliance-membership"): 1,
            ("added", "northland", "foreign-troops"): 1,
        }
    )
    moved = ch[ch.kind == "moved"].iloc[0]
    assert (moved.before, moved.after, moved.word) == (100000, 150000, "toward")
    assert moved.axis == "up" and moved.toward == "southland, eastern-league"
    assert moved.away_from == ""
    assert moved.word_text == "raised to 150,000 personnel; toward Southland, Eastern League"
    assert (moved.before_text, moved.after_text) == ("100,000 personnel", "150,000 personnel")
    assert moved.date_before == pd.Timestamp("2026-01-05")
    assert moved.date_after == pd.Timestamp("2026-01-12")
    assert moved.sources == "northland-statement"
    assert set(ch[ch.kind == "added"].word) == {"new"}
    cond = ch[ch.kind == "conditions-changed"].iloc[0]
    assert cond.after_text == "alliance-membership=no"


def test_mini_directions_of_a_move():
    d = mini().compare(since="2026-01-06").directions
    assert tuple(d.columns) == DIRECTION_COLUMNS
    rows = {r.other: r for r in d.itertuples()}
    assert set(rows) == {"southland", "eastern-league"}
    south = rows["southland"]
    assert south.direction == "converging" and south.party == "northland"
    assert (south.gap_before, south.gap_after) == (pytest.approx(0.3), pytest.approx(0.2))
    assert (south.units_before, south.units_after) == (150000, 100000)
    assert (south.band_before, south.band_after) == ("apart", "close")
    league = rows["eastern-league"]
    assert (league.gap_before, league.gap_after) == (pytest.approx(0.1), 0)
    assert league.band_after == "agreed" and league.other_text == "150,000 personnel"


def test_withdrawal_restatement_and_hardening():
    extra = (
        Stance("southland", "sequencing", D(2026, 1, 14), status="withdrawn", evidence=E),
        Stance(
            "southland",
            "army-size",
            D(2026, 1, 14),
            prefer=300000.0,
            accept=Interval(250000.0, None),
            salience=100,
            move="demand",
            evidence=E,
        ),
        Stance(
            "eastern-league",
            "guarantees",
            D(2026, 1, 14),
            prefer="binding",
            accept=frozenset({"assurances", "binding", "membership"}),
            move="proposal",
            evidence=E,
        ),
    )
    ch = mini(stances=mini().stances + extra).changes("2026-01-13", "2026-01-20")
    by = {(r.kind, r.party): r for r in ch.itertuples()}
    assert by[("withdrawn", "southland")].word == "dropped"
    assert by[("withdrawn", "southland")].before == "ceasefire-first"
    hard = by[("moved", "southland")]
    assert hard.word == "away" and hard.after == 300000
    assert by[("accept-narrowed", "southland")].word == "narrowed"
    # the same point with a wider acceptable zone: widened (no longer "unchanged")
    assert by[("restated", "eastern-league")].word == "widened"
    assert by[("accept-widened", "eastern-league")].word == "widened"
    d = mini(stances=mini().stances + extra).compare("2026-01-13").directions
    assert set(d.direction) == {"diverging"} and set(d.party) == {"southland"}


def test_reversal_on_a_yes_no_issue():
    extra = (Stance("northland", "alliance-membership", D(2026, 1, 20), prefer=True, evidence=E),)
    ch = mini(stances=mini().stances + extra).changes("2026-01-13")
    assert ch[ch.kind == "moved"].iloc[0].word == "reversed"


def test_every_dated_step_inside_the_window_is_a_change():
    # northland: 100,000 (5 Jan), 120,000 (8 Jan), 150,000 (12 Jan); since 6 Jan the
    # reader sees both steps, not only the net 100,000 -> 150,000
    step = Stance("northland", "army-size", D(2026, 1, 8), prefer=120000.0, evidence=E)
    # southland's sequencing stance is withdrawn on 9 Jan and restated on 10 Jan
    gone = Stance("southland", "sequencing", D(2026, 1, 9), status="withdrawn", evidence=E)
    back = Stance("southland", "sequencing", D(2026, 1, 10), prefer="settlement-first", evidence=E)
    ds = mini(stances=(*mini().stances, step, gone, back))
    ch = ds.changes("2026-01-06", "2026-01-13")
    army = ch[(ch.party == "northland") & (ch.issue == "army-size") & (ch.field == "prefer")]
    assert list(zip(army.kind, army.before, army.after, strict=True)) == [
        ("moved", 100000, 120000),
        ("moved", 120000, 150000),
    ]
    assert list(army.date_before.dt.day) == [5, 8] and list(army.date_after.dt.day) == [8, 12]
    seq = ch[(ch.party == "southland") & (ch.issue == "sequencing")]
    assert list(zip(seq.kind, seq.word, strict=True)) == [
        ("withdrawn", "dropped"),
        ("added", "new"),
    ]
    assert seq.iloc[0].before == "ceasefire-first" and seq.iloc[1].after == "settlement-first"
    # every step has its own directions
    d = ds.compare("2026-01-06", "2026-01-13").directions
    assert set(d[d.party == "northland"].change) == set(army.change)
    # the net change: the two snapshots only
    net = ds.changes("2026-01-06", "2026-01-13", net=True)
    army = net[(net.party == "northland") & (net.issue == "army-size") & (net.field == "prefer")]
    assert list(zip(army.kind, army.before, army.after, strict=True)) == [("moved", 100000, 150000)]
    seq = net[(net.party == "southland") & (net.issue == "sequencing") & (net.field == "prefer")]
    assert list(zip(seq.kind, seq.before, seq.after, strict=True)) == [
        ("moved", "ceasefire-first", "settlement-first")
    ]
    net = ds.compare("2026-01-06", "2026-01-13", net=True).directions
    assert len(net.query("party == 'northland'"))


def test_the_gap_before_a_move_uses_both_parties_points_before_it():
    # eastern-league moves from 150,000 to 200,000 on 12 Jan, the day northland moves
    # from 100,000 to 150,000: before, 100,000 vs 150,000 (0.1); after, 150,000 vs
    # 200,000 (0.1): level, not converging from 100,000 vs 200,000
    league = Stance("eastern-league", "army-size", D(2026, 1, 12), prefer=200000.0, evidence=E)
    # the plan takes its first stance that day: there is no gap before
    plan = Stance("draft-12-point", "army-size", D(2026, 1, 12), prefer=120000.0, evidence=E)
    ds = mini(stances=(*mini().stances, league, plan))
    d = ds.compare("2026-01-06").directions
    north = {r.other: r for r in d[d.party == "northland"].itertuples()}
    assert set(north) == {"southland", "eastern-league", "draft-12-point"}
    el = north["eastern-league"]
    assert (el.units_before, el.units_after) == (50000, 50000) and el.direction == "level"
    assert el.other_prefer == 200000
    south = north["southland"]  # southland did not move: 0.3 -> 0.2
    assert (south.gap_before, south.gap_after) == (pytest.approx(0.3), pytest.approx(0.2))
    assert south.direction == "converging"
    new = north["draft-12-point"]
    assert pd.isna(new.gap_before) and pd.isna(new.units_before) and pd.isna(new.band_before)
    assert new.units_after == 30000 and new.direction == "new"
    # the league's own move: northland stood at 100,000 before, 150,000 after
    lg = d[(d.party == "eastern-league") & (d.other == "northland")].iloc[0]
    assert (lg.units_before, lg.units_after, lg.direction) == (50000, 50000, "level")
    # the same in a diff between two versions
    dd = ds.compare(mini()).directions
    el = dd[(dd.party == "northland") & (dd.other == "eastern-league")]
    assert el.empty  # northland's move is in both versions: not a change
    lg = dd[(dd.party == "eastern-league") & (dd.other == "northland")].iloc[0]
    assert (lg.units_before, lg.units_after, lg.direction) == (50000, 50000, "level")


def test_gaps_before_and_after_a_move_on_unordered_scales():
    # southland takes a stance on alliance-membership on 12 Jan, the day northland's
    # first stance there is dated; northland reverses on 20 Jan: southland had a stance
    # before that, so the gap before is 1 (no vs yes), after 0
    extra = (
        Stance("southland", "alliance-membership", D(2026, 1, 12), prefer=True, evidence=E),
        Stance("northland", "alliance-membership", D(2026, 1, 20), prefer=True, evidence=E),
        Stance("southland", "sequencing", D(2026, 1, 20), prefer="settlement-first", evidence=E),
    )
    ds = mini(stances=(*mini().stances, *extra))
    d = ds.compare("2026-01-13").directions
    yn = d[(d.issue == "alliance-membership")].iloc[0]
    assert (yn.party, yn.other, yn.gap_before, yn.gap_after) == ("northland", "southland", 1, 0)
    assert yn.direction == "converging"
    # southland's move on sequencing: northland stood at settlement-first since 12 Jan
    sq = d[(d.issue == "sequencing")].iloc[0]
    assert (sq.gap_before, sq.gap_after, sq.direction) == (1, 0, "converging")


def _guarantees(party, day, prefer, accept=None):
    return Stance(party, "guarantees", D(2026, 1, day), prefer=prefer, accept=accept, evidence=E)


def test_the_word_is_measured_against_counterparts_only():
    # eastern-league (a coalition of eastland and westland) moves from binding to
    # membership.  Its member eastland and the plan stand at membership, southland
    # (the counterpart) at none.  Against everyone, the mean gap shrinks (2, 1, 1 ->
    # 3, 0, 0 steps); against southland alone it grows (2 -> 3): away from southland.
    extra = (
        _guarantees("southland", 7, "none"),
        _guarantees("eastland", 7, "membership"),
        _guarantees("draft-12-point", 7, "membership"),
        _guarantees("eastern-league", 14, "membership"),
        # eastland, a member, moves to none: against its coalition and the plan it
        # moves away (0 -> 3), against southland closer (3 -> 0): toward southland
        _guarantees("eastland", 15, "none"),
    )
    ds = mini(stances=(*mini().stances, *extra))
    ch = ds.changes("2026-01-13").query("kind == 'moved'").set_index("party")
    assert ch.loc["eastern-league", "word"] == "away"
    assert ch.loc["eastern-league", "away_from"] == "southland"
    assert ch.loc["eastern-league", "word_text"] == (
        "moved up the scale to Alliance membership; away from Southland"
    )
    assert ch.loc["eastland", "word"] == "toward" and ch.loc["eastland", "toward"] == "southland"
    # the directions still list every other party
    d = ds.compare("2026-01-13").directions
    assert set(d[d.party == "eastern-league"].other) == {"southland", "eastland", "draft-12-point"}
    # the same word in a diff between two versions
    dd = peacetracker.diff(mini(stances=(*mini().stances, *extra[:3])), ds)
    assert dict(zip(dd.party, dd.word, strict=True)) == {
        "eastern-league": "away",
        "eastland": "toward",
    }


def test_the_point_and_the_zone_have_their_own_words():
    zone = frozenset({"assurances", "binding", "membership"})  # wider than the 7 Jan zone
    extra = (
        _guarantees("southland", 7, "none"),
        _guarantees("eastern-league", 14, "membership", zone),
    )
    ds = mini(stances=(*mini().stances, *extra))
    ch = ds.changes("2026-01-13")
    moved = ch[ch.kind == "moved"].iloc[0]
    # away from southland (2 -> 3 steps) while its acceptable zone widened: each
    # says its own (no word hides one behind the other)
    assert moved.word == "away" and moved.axis == "up"
    assert ch[ch.kind == "accept-widened"].iloc[0].word == "widened"
    # the same point restated with a narrower zone: narrowed, not "unchanged"
    narrow = _guarantees("eastern-league", 14, "binding", frozenset({"binding"}))
    ch = mini(stances=(*mini().stances, narrow)).changes("2026-01-13")
    ch = ch[ch.field.isin(["prefer", "accept"])]
    assert dict(zip(ch.kind, ch.word, strict=True)) == {
        "restated": "narrowed",
        "accept-narrowed": "narrowed",
    }


def test_record_fields_are_compared_only_within_one_stance():
    # a later stance reported with less confidence, on another basis: between two
    # stances that is no change of the record, only the move itself
    base = next(s for s in mini().stances if (s.party, s.issue) == ("northland", "army-size"))
    later = attrs.evolve(
        base, date=D(2026, 1, 20), prefer=160000.0, confidence="low", basis="reported"
    )
    ds = mini(stances=(*mini().stances, later))
    ch = ds.changes("2026-01-13")
    assert set(ch.kind) == {"moved", "accept-removed", "move-kind-changed", "conditions-changed"}
    assert not ch.field.isin(["confidence", "basis", "evidence"]).any()
    # the same stance edited between two versions: there they are changes
    edited = attrs.evolve(base, confidence="low", basis="reported")
    ch = peacetracker.diff(
        mini(), mini(stances=tuple(edited if s == base else s for s in mini().stances))
    )
    assert list(ch.kind) == ["confidence-changed", "basis-changed"]


def test_bad_dates_are_refused():
    with pytest.raises(ValueError, match="swap them"):
        mini().changes("2026-01-12", "2026-01-05")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        mini().changes("last week")


# -- worked examples: diffs between datasets ------------------------------------------------


def test_diff_of_two_versions_of_the_mini_fixture():
    a = mini().as_of("2026-01-07")
    b = mini()
    ch = peacetracker.diff(a, b)
    added = ch[ch.kind == "added"]
    assert len(added) == 4 and (added.entity == "stance").all()
    army = added[added.issue == "army-size"].iloc[0]
    # northland's new stance replaced an earlier one: the word is that of a move,
    # and the row carries the value it replaced, as a change between dates does
    assert army.word == "toward" and army.after == 150000
    assert (army.before, army.before_text) == (100000, "100,000 personnel")
    assert army.date_before == pd.Timestamp("2026-01-05")
    assert army.date_after == pd.Timestamp("2026-01-12")
    assert set(added[added.issue != "army-size"].before_text.isna()) == {True}
    assert set(added[added.issue != "army-size"].word) == {"new"}
    dirs = b.compare(a).directions
    assert set(dirs.change) == {army.change} and set(dirs.direction) == {"converging"}
    back = peacetracker.diff(b, a)
    assert set(back.kind) == {"removed"} and back.word.isna().all()


def test_diff_of_an_edited_stance_and_definitions():
    old = mini()
    edited = []
    for s in old.stances:
        if s.party == "southland" and s.issue == "army-size":
            s = attrs.evolve(
                s,
                accept=Interval(150000.0, None),
                confidence="medium",
                evidence=(*s.evidence, Evidence("wire-2026-01-07", "could live with 150,000")),
            )
        edited.append(s)
    parties = {**old.parties, "southland": attrs.evolve(old.parties["southland"], name="South")}
    parties.pop("westland")
    new = mini(stances=tuple(edited), parties=parties)
    ch = peacetracker.diff(old, new)
    assert set(zip(ch.kind, ch.field.fillna("-"), strict=True)) == {
        ("party-changed", "name"),
        ("party-removed", "-"),
        ("accept-widened", "accept"),
        ("confidence-changed", "confidence"),
        ("evidence-added", "evidence"),
    }
    name = ch[ch.kind == "party-changed"].iloc[0]
    assert (name.id, name.before, name.after) == ("southland", "Southland", "South")
    ev = ch[ch.kind == "evidence-added"].iloc[0]
    assert ev.sources == "wire-2026-01-07" and ev.after_text == "could live with 150,000"
    widened = ch[ch.kind == "accept-widened"].iloc[0]
    assert widened.word == "widened"
    assert widened.before_text == "at least 200,000 personnel"
    assert widened.after_text == "at least 150,000 personnel"
    assert ch[ch.kind == "party-removed"].iloc[0].id == "westland"
    # definitions come first, then stances
    assert list(ch.entity) == ["party", "party", "stance", "stance", "stance"]


def test_diff_matches_by_key_and_pairs_disputed_claims_by_status():
    base = mini()
    disputed = Stance(
        "southland",
        "army-size",
        D(2026, 1, 5),
        prefer=150000.0,
        status="disputed",
        reason="another outlet's figure",
        evidence=E,
    )
    a = mini(stances=(*base.stances, disputed))
    # b: the same stances in another order, the disputed claim now deprecated
    b = mini(stances=(attrs.evolve(disputed, status="deprecated"), *reversed(base.stances)))
    ch = peacetracker.diff(a, b)
    assert list(ch.kind) == ["status-changed"]
    assert (ch.iloc[0].before, ch.iloc[0].after) == ("disputed", "deprecated")


def test_diff_reports_an_added_withdrawal_as_dropped():
    extra = Stance("northland", "sequencing", D(2026, 1, 20), status="withdrawn", evidence=E)
    ch = peacetracker.diff(mini(), mini(stances=(*mini().stances, extra)))
    assert list(zip(ch.kind, ch.word, strict=True)) == [("added", "dropped")]


def test_diff_columns_and_dtypes():
    ch = peacetracker.diff(mini().as_of("2026-01-06"), mini())
    assert tuple(ch.columns) == CHANGE_COLUMNS
    assert ch.dtypes["change"] == "int64"
    assert ch.dtypes["date_before"] == "datetime64[ns]"
    assert ch.dtypes["before"] == "object" and ch.dtypes["kind"] == "str"
    assert set(PARTIES) >= set(ch.party.dropna())


def test_a_move_on_a_set_issue_by_hand():
    extra = (
        Stance(
            "southland",
            "foreign-troops",
            D(2026, 1, 12),
            prefer=frozenset({"eastland", "westland"}),
            evidence=E,
        ),
        Stance(
            "northland",
            "foreign-troops",
            D(2026, 1, 20),
            prefer=frozenset({"eastland"}),
            evidence=E,
        ),
    )
    ds = mini(stances=(*mini().stances, *extra))
    moved = ds.changes("2026-01-13").query("kind == 'moved'").iloc[0]
    assert moved.word == "toward" and moved.after_text == "eastland"
    d = ds.compare("2026-01-13").directions.iloc[0]
    # {} vs {eastland, westland}: 2 elements, Jaccard 1; {eastland} vs both: 1 element, 0.5
    assert (d.units_before, d.units_after, d.gap_before, d.gap_after) == (2, 1, 1, 0.5)
    assert d.direction == "converging" and d.other == "southland"


@settings(max_examples=15, deadline=None)
@given(random_datasets(), st.integers(0, 7), st.integers(0, 7))
def test_words_and_directions_by_their_definitions(ds, d0, d1):
    """Directions: the gap before is between both parties' points in force the day
    before the move, the gap after between both in force on its day.  Word: the
    mover's old and new points against the others' points in force on its day (the random
    datasets hold states only, so every other party is a counterpart): `toward` the
    counterparts it moved closer to, `away` from those it moved away from."""
    since, until = sorted(
        (D(2026, 1, 1) + dt.timedelta(days=d0), D(2026, 1, 1) + dt.timedelta(days=d1))
    )
    ch = ds.changes(since, until)
    dirs = ds.compare(since, until).directions
    core = ds._core
    for r in ch[ch.kind == "moved"].itertuples():
        day = r.date_after.date()
        after = ds.snapshot(as_of=day, issues=r.issue).set_index("party").prefer
        eve = day - dt.timedelta(days=1)
        before = ds.snapshot(as_of=eve, issues=r.issue).set_index("party").prefer
        others = [p for p in after.index if p != r.party]
        mine = dirs[dirs.change == r.change].set_index("other")
        assert set(mine.index) == set(others) and set(mine.party) <= {r.party}
        for o in others:
            _, gb = core.gap(r.issue, r.before, before.get(o))
            ua, ga = core.gap(r.issue, r.after, after[o])
            row = mine.loc[o]
            assert row.gap_after == pytest.approx(ga) and row.units_after == pytest.approx(ua)
            if o in before.index:
                assert row.gap_before == pytest.approx(gb)
                assert row.direction == (
                    "converging" if ga < gb else "diverging" if ga > gb else "level"
                )
            else:
                assert pd.isna(row.gap_before) and row.direction == "new"
        if r.word == "reversed":
            assert ds.issues[r.issue].scale.type in ("categorical", "yesno")
            continue
        own = {o: core.gap(r.issue, r.before, after[o])[1] for o in others}
        new = {o: core.gap(r.issue, r.after, after[o])[1] for o in others}
        measured = [o for o in others if not pd.isna(own[o]) and not pd.isna(new[o])]
        closer = {o for o in measured if new[o] < own[o]}
        further = {o for o in measured if new[o] > own[o]}
        assert set(_ids(r.toward)) == closer and set(_ids(r.away_from)) == further
        expected = (
            "mixed" if closer and further else "toward" if closer else "away" if further
            else "shifted"
        )
        assert r.word == expected
        assert r.axis in ("up", "down") or pd.isna(r.axis)


def _ids(cell) -> list[str]:
    return [] if pd.isna(cell) or cell == "" else cell.split(", ")


@settings(max_examples=15, deadline=None)
@given(random_datasets(), st.integers(0, 7), st.integers(0, 7))
def test_a_diff_between_two_cuts_of_one_dataset_only_adds(ds, d0, d1):
    early, late = sorted(
        (D(2026, 1, 1) + dt.timedelta(days=d0), D(2026, 1, 1) + dt.timedelta(days=d1))
    )
    ch = peacetracker.diff(ds.as_of(early), ds.as_of(late))
    assert set(ch.kind) <= {"added"}
    expected = sum(early < s.date <= late for s in ds.stances)
    assert len(ch) == expected
    assert (ch.date_after > pd.Timestamp(early)).all()


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=3, max_stances=14), st.data())
def test_a_first_record_held_before_its_date_is_never_new(ds, data):
    """``precision: before`` means held by that date, start unknown: a party's first
    record so dated is ``recorded``, never ``new`` and never a move, in step and
    net mode and in ``diff``."""
    dated = tuple(
        attrs.evolve(s, precision=data.draw(st.sampled_from(["day", "before"])))
        for s in ds.stances
    )
    ds = attrs.evolve(ds, stances=dated)
    for frame in (
        ds.changes("2026-01-01"),
        ds.changes("2026-01-01", net=True),
        peacetracker.diff(attrs.evolve(ds, stances=()), ds),
    ):
        added = frame[frame.kind == "added"]
        assert not ((added.word == "new") & (added.precision_after == "before")).any()
        recorded = frame[frame.word == "recorded"]
        assert (recorded.kind == "added").all() and (recorded.precision_after == "before").all()


def test_bundled_before_dated_first_records_are_recorded_not_new():
    """Seen on positions/: a stance dated ``before 2026-01-06`` came out as
    "added: new (2026-01-06)" in ``changes`` and in ``peacetracker diff``."""
    from click.testing import CliRunner

    from conftest import ROOT
    from peacetracker.cli import main

    ds = peacetracker.load(ROOT / "positions")
    ch = ds.changes("2025-12-26", "2026-01-06")
    before = ch[(ch.kind == "added") & (ch.precision_after == "before")]
    assert len(before) and (before.word == "recorded").all()
    out = CliRunner().invoke(
        main, ["diff", "2025-12-26", "2026-01-06", "--dir", str(ROOT / "positions")]
    ).output
    assert "added: first recorded; held before " in out
    for r in before.itertuples():
        assert f"({'before ' + r.date_after.date().isoformat()})" in out


def _compose(rows) -> tuple:
    """Steps of one party on one issue composed: the first point before, the last
    after, and the kind the two make together (None: no net change)."""
    before, after = rows[0].before, rows[-1].after
    gone = rows[-1].kind == "withdrawn"
    start = None if rows[0].kind == "added" else before
    if start is None and gone:
        return None
    if start is None:
        return ("added", after)
    if gone:
        return ("withdrawn", None)
    return ("moved" if start != after else "restated", after)


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=3, max_stances=16), st.integers(0, 6), st.integers(0, 6))
def test_net_change_is_the_composition_of_steps(ds, d0, d1):
    """``changes(net=True)`` says what the dated steps say together: per party and
    issue, the same kind and the same end points ("new" then "moved" is "new" at
    the last point; moving back to the first point is "restated")."""
    since, until = sorted(
        (D(2026, 1, 1) + dt.timedelta(days=d0), D(2026, 1, 1) + dt.timedelta(days=d1))
    )
    heads = ("added", "withdrawn", "moved", "restated")
    steps = ds.changes(since, until)
    steps = steps[steps.kind.isin(heads)]
    net = ds.changes(since, until, net=True)
    net = net[net.kind.isin(heads)]
    composed = {}
    for key, rows in steps.groupby(["party", "issue"], sort=False):
        c = _compose(list(rows.sort_values("date_after", kind="stable").itertuples()))
        if c is not None:
            composed[key] = c
    got = {(r.party, r.issue): (r.kind, r.after) for r in net.itertuples()}
    assert got.keys() == composed.keys()
    for key, (kind, after) in composed.items():
        assert got[key][0] == kind
        assert got[key][1] == after or (after is None and got[key][1] is None)


@st.composite
def _two_party_trails(draw):
    """Two parties, one issue, one to three dated stances each: moves galore."""
    from _datasets import values

    issue = draw(st.sampled_from(sorted(RANDOM_ISSUES)))
    source = sorted(RANDOM_SOURCES)[0]
    out = []
    for party in ("p0", "p1"):
        for day in draw(st.lists(st.integers(1, 6), min_size=1, max_size=3, unique=True)):
            prefer, accept = draw(values(issue))
            out.append(Stance(party, issue, D(2026, 1, day), prefer=prefer, accept=accept,
                              evidence=[Evidence(source, "we will")]))
    parties = {p: Party(p, f"Party {p}") for p in ("p0", "p1")}
    return Dataset(parties=parties, issues=RANDOM_ISSUES, sources=RANDOM_SOURCES, stances=out)


@settings(max_examples=60, deadline=None)
@given(_two_party_trails())
def test_a_moves_band_is_the_gaps_band_between_the_pair_then(ds):
    """A direction's ``band_after`` is the word ``gaps`` gives the same pair on
    the same day: where what both would accept meets, never "far apart" (the
    tutorial's report said "diverging ... far apart" beside a gap table that
    said "apart (their acceptable zones meet)" for the same pair)."""
    dirs = ds.compare("2026-01-01").directions
    for d in dirs.itertuples(index=False):
        if pd.isna(d.band_after):
            continue
        gaps = ds.gaps(parties=[d.party, d.other], issues=[d.issue], as_of=d.date)
        assert len(gaps) == 1
        assert gaps.gap_norm.iloc[0] == pytest.approx(d.gap_after)
        assert gaps.band.iloc[0] == d.band_after
