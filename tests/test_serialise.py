"""Model -> plain data -> YAML (ruamel) -> load gives the same model back."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import peacetracker
from peacetracker import (
    Condition,
    Dataset,
    Event,
    Evidence,
    Interval,
    Issue,
    Party,
    SetRange,
    Settings,
    Source,
    Stance,
)
from peacetracker._model import BASES, CONFIDENCES, MOVES, PARTY_KINDS, PRECISIONS, SOURCE_KINDS
from peacetracker._serialise import dataset_to_files, dump_yaml, stance_to_data, write_files
from peacetracker.scales import parse_scale


def reload(dataset: Dataset, texts: Path | None = None) -> peacetracker.CheckResult:
    with tempfile.TemporaryDirectory() as tmp:
        write_files(dataset, tmp)
        if texts is not None:
            shutil.copytree(texts, Path(tmp) / "texts")
        return peacetracker.check(tmp)


def test_the_fixture_round_trips(mini_path):
    ds = peacetracker.load(mini_path)
    result = reload(ds, mini_path / "texts")
    assert result.errors == ()
    assert result.dataset == ds


def test_a_stance_is_written_as_an_editor_would(mini_path):
    ds = peacetracker.load(mini_path)
    soft = next(s for s in ds.stances if s.party == "northland" and s.prefer == 150000)
    assert stance_to_data(soft, ds.issues) == {
        "date": dt.date(2026, 1, 12),
        "prefer": 150000,
        "accept": {"max": 150000},
        "salience": 90,
        "move": "offer",
        "conditions": [{"issue": "alliance-membership", "value": "no"}],
        "evidence": [{
            "source": "northland-statement",
            "quote": "Northland is ready to consider a ceiling of 150,000 troops if the alliance "
                     "rules out membership for Southland.",
        }],
    }
    text = dump_yaml(dataset_to_files(ds)["stances/northland.yaml"])
    assert "  army-size:\n    - date: 2026-01-05\n      prefer: 100000\n" in text


# -- hypothesis: any dataset the model can hold survives the trip ------------------

words = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
ids = st.lists(words, min_size=1, max_size=3).map("-".join)
text = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
maybe_text = st.none() | text
dates = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
numbers = st.integers(-10**9, 10**9).map(float) | st.floats(
    -1e9, 1e9, allow_nan=False, allow_infinity=False
)


@st.composite
def scales(draw):
    kind = draw(st.sampled_from(["numeric", "ordinal", "categorical", "yesno", "set"]))
    if kind == "numeric":
        lo = draw(st.none() | st.integers(-1000, 0))
        hi = draw(st.none() | st.integers(1, 10**6))
        return parse_scale({"type": kind, "unit": draw(st.sampled_from(["", "km2"])),
                            "min": lo, "max": hi})
    if kind == "yesno":
        return parse_scale({"type": kind})
    options = draw(st.lists(ids, min_size=2, max_size=5, unique=True))
    key = "universe" if kind == "set" else "options"
    if draw(st.booleans()):
        return parse_scale({"type": kind, key: {o: draw(text) for o in options}})
    return parse_scale({"type": kind, key: options})


def value_and_zone(draw, scale):
    kind = scale.type
    if kind == "numeric":
        lo = scale.min if scale.min is not None else -1e6
        hi = scale.max if scale.max is not None else 1e6
        value = float(draw(st.integers(int(lo), int(hi))))
        zone = draw(st.none() | st.builds(
            Interval, st.none() | st.just(value - 1) .filter(lambda v: v >= lo),
            st.none() | st.just(value + 1).filter(lambda v: v <= hi),
        ).filter(lambda z: z.lo is not None or z.hi is not None))
        return value, zone
    if kind == "yesno":
        value = draw(st.booleans())
        zone = draw(st.none() | st.just(frozenset([value])) | st.just(frozenset([True, False])))
        return value, zone
    if kind == "set":
        value = frozenset(draw(st.lists(st.sampled_from(scale.universe), unique=True)))
        extra = frozenset(draw(st.lists(st.sampled_from(scale.universe), unique=True)))
        zone = draw(st.none() | st.just(SetRange(value, value | extra)))
        return value, zone
    value = draw(st.sampled_from(scale.options))
    others = draw(st.lists(st.sampled_from(scale.options), unique=True))
    zone = draw(st.none() | st.just(frozenset([value, *others])))
    return value, zone


@st.composite
def datasets(draw):
    party_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    parties = {
        p: Party(p, draw(text), kind=draw(st.sampled_from(PARTY_KINDS)),
                 aliases=draw(st.lists(text, max_size=2)),
                 members=draw(st.lists(st.sampled_from(party_ids), max_size=2)),
                 capability=draw(st.none() | st.integers(0, 100).map(float)),
                 note=draw(maybe_text))
        for p in party_ids
    }
    groups = {g: draw(text) for g in draw(st.lists(ids, max_size=2, unique=True))}
    issue_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    issues = {
        i: Issue(i, draw(text), draw(text), draw(scales()),
                 group=draw(st.none() | st.sampled_from(sorted(groups))) if groups else None,
                 note=draw(maybe_text))
        for i in issue_ids
    }
    source_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    sources = {
        s: Source(s, draw(st.sampled_from(SOURCE_KINDS)), draw(text), draw(text), draw(dates),
                  url=draw(st.none() | st.just("https://example.org/a")), author=draw(maybe_text),
                  note=draw(maybe_text))
        for s in source_ids
    }
    events = {
        e: Event(e, draw(dates), draw(text),
                 parties=draw(st.lists(st.sampled_from(party_ids), max_size=2)),
                 sources=draw(st.lists(st.sampled_from(source_ids), max_size=2)))
        for e in draw(st.lists(ids, max_size=2, unique=True))
    }
    stances = []
    for party in party_ids:
        for issue in draw(st.lists(st.sampled_from(issue_ids), unique=True)):
            for date in draw(st.lists(dates, min_size=1, max_size=3, unique=True)):
                status = draw(st.sampled_from(["active", "withdrawn", "deprecated", "disputed"]))
                prefer, accept = value_and_zone(draw, issues[issue].scale)
                if status == "withdrawn":
                    prefer = accept = None
                cond_issue = draw(st.sampled_from(issue_ids))
                conditions = []
                if draw(st.booleans()):
                    conditions = [Condition(cond_issue,
                                            value_and_zone(draw, issues[cond_issue].scale)[0],
                                            draw(maybe_text))]
                stances.append(Stance(
                    party, issue, date, prefer=prefer, accept=accept,
                    precision=draw(st.sampled_from(PRECISIONS)),
                    salience=draw(st.none() | st.integers(0, 100).map(float)),
                    move=draw(st.none() | st.sampled_from(MOVES)),
                    confidence=draw(st.sampled_from(CONFIDENCES)),
                    basis=draw(st.sampled_from(BASES)), status=status,
                    reason=draw(text) if status in ("deprecated", "disputed") else None,
                    conditions=conditions,
                    evidence=[Evidence(draw(st.sampled_from(source_ids)), draw(text),
                                       draw(maybe_text), draw(maybe_text))
                              for _ in range(draw(st.integers(1, 2)))],
                    event=draw(st.none() | st.sampled_from(sorted(events))) if events else None,
                    note=draw(maybe_text),
                ))
    stances.sort(key=lambda s: (s.party, s.issue, s.date))
    settings_ = Settings(title=draw(text), description=draw(maybe_text))
    return Dataset(parties=parties, issues=issues, sources=sources, events=events,
                   groups=groups, stances=stances, settings=settings_)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_any_dataset_round_trips_through_yaml(dataset):
    result = reload(dataset)
    assert [str(p) for p in result.errors] == []
    assert result.dataset == dataset


def test_claims_salience_and_affiliation_round_trip(mini_path, tmp_path):
    """The format extensions of issue #13 survive model -> YAML -> load."""
    import attrs

    from peacetracker import Claim

    ds = peacetracker.load(mini_path)
    quote = Evidence("wire-2026-01-07", "The Eastern League published a 12-point draft framework")
    plan = ds.parties["draft-12-point"]
    derived = attrs.evolve(
        plan, id="draft-13-point", name="13-point draft",
        endorsed_by=("northland",), derived_from="draft-12-point",
        claims=(Claim("endorsed-by", "northland"),
                Claim("derived-from", "draft-12-point", basis="inferred", confidence="low",
                      evidence=(quote,), note="a reading")),
    )
    guarantees = attrs.evolve(
        ds.issues["guarantees"], salience="high",
        salience_evidence=(Evidence("wire-2026-01-07", "offers binding security commitments",
                                    speaker="a spokesperson"),),
    )
    wire = attrs.evolve(ds.sources["wire-2026-01-05"], affiliation="independent")
    changed = attrs.evolve(
        ds,
        parties={**ds.parties, derived.id: derived},
        issues={**ds.issues, "guarantees": guarantees},
        sources={**ds.sources, wire.id: wire},
    )
    files = dataset_to_files(changed)
    written = files["parties.yaml"]["parties"]["draft-13-point"]
    assert written["endorsed-by"] == ["northland"]  # bare: written as an id
    assert written["derived-from"]["plan"] == "draft-12-point"
    result = reload(changed, mini_path / "texts")
    assert result.errors == ()
    back = result.dataset
    assert back.parties["draft-13-point"] == derived
    assert back.parties["draft-13-point"].claims[1].evidence == (quote,)
    assert back.issues["guarantees"].salience == "high"
    assert back.issues["guarantees"].salience_rank == 3
    assert back.issues["guarantees"].salience_evidence == guarantees.salience_evidence
    assert back.sources["wire-2026-01-05"].affiliation == "independent"
    # The bare endorsement is read, and warned about.
    assert [p.rule for p in result.warnings if p.file == "parties.yaml"] == ["unbacked-claim"]
