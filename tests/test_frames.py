"""The stances and evidence frames: one row per stance / per citation, documented dtypes."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings

from _datasets import mini, random_datasets
from peacetracker.analysis._core import EVIDENCE_COLUMNS, STANCE_COLUMNS

STANCE_DTYPES = {
    "party": "str",
    "issue": "str",
    "date": "datetime64[ns]",
    "precision": "str",
    "start_known": "bool",
    "status": "str",
    "prefer": "object",
    "prefer_text": "str",
    "accept": "object",
    "accept_text": "str",
    "zone": "object",
    "zone_assumed": "bool",
    "salience": "float64",
    "move": "str",
    "confidence": "str",
    "basis": "str",
    "reason": "str",
    "event": "str",
    "conditions": "str",
    "sources": "str",
    "n_evidence": "int64",
    "file": "str",
    "kinds": "str",
    "strength": "str",
}


def test_stances_frame_columns_and_dtypes_are_the_documented_ones():
    frame = mini().stances_frame
    assert tuple(frame.columns) == STANCE_COLUMNS
    assert {c: str(t) for c, t in frame.dtypes.items()} == STANCE_DTYPES
    assert isinstance(frame.index, pd.RangeIndex)


def test_stances_frame_values_for_the_mini_fixture():
    frame = mini().stances_frame
    assert len(frame) == 9
    # sorted by issue (registry order), then party (registry order), then date
    assert list(frame.issue[:4]) == ["army-size"] * 4
    assert list(frame.party[:4]) == ["northland", "northland", "southland", "eastern-league"]
    north = frame.iloc[1]
    assert north.conditions == "alliance-membership=no"
    assert north.sources == "northland-statement"
    troops = frame[frame.issue == "foreign-troops"].iloc[0]
    assert troops.prefer == frozenset() and troops.prefer_text == "none"
    guarantees = frame[frame.issue == "guarantees"].iloc[0]
    assert guarantees.accept_text == "Political assurances, Binding commitments"
    assumed = frame[frame.zone_assumed]
    assert set(zip(assumed.party, assumed.issue, strict=True)) == {
        ("northland", "army-size"),
        ("eastern-league", "army-size"),
        ("northland", "sequencing"),
    }


def test_evidence_frame_has_one_row_per_citation_with_its_source():
    ds = mini()
    ev = ds.evidence_frame
    assert tuple(ev.columns) == EVIDENCE_COLUMNS
    assert len(ev) == sum(len(s.evidence) for s in ds.stances)
    row = ev[(ev.party == "southland") & (ev.issue == "army-size")].iloc[0]
    assert row.speaker == "President of Southland"
    assert row.outlet == "Example Wire" and row.published == pd.Timestamp("2026-01-05")
    assert ev.dtypes["published"] == "datetime64[ns]" and ev.dtypes["n"] == "int64"


@settings(max_examples=20, deadline=None)
@given(random_datasets())
def test_every_stance_appears_once(ds):
    frame = ds.stances_frame
    assert len(frame) == len(ds.stances)
    assert frame["n_evidence"].sum() == len(ds.evidence_frame)
    assert (frame["zone"].isna() == frame["prefer"].isna()).all()


def test_unknown_ids_in_memory_do_not_break_any_analysis():
    """The loader refuses these, but a dataset built in memory may hold them."""
    from _datasets import D
    from peacetracker import Evidence, Stance

    extra = (
        Stance(
            "ghost",
            "army-size",
            D(2026, 1, 9),
            prefer=1.0,
            evidence=[Evidence("no-such-source", "words")],
        ),
        Stance(
            "northland",
            "no-such-issue",
            D(2026, 1, 9),
            prefer="x",
            evidence=[Evidence("wire-2026-01-05", "words")],
        ),
    )
    ds = mini(stances=(*mini().stances, *extra))
    assert len(ds.stances_frame) == 11
    assert ds.evidence_frame.outlet.isna().sum() == 1
    assert "ghost" in set(ds.gaps().party_b)
    assert "no-such-issue" not in set(ds.overlaps().issue)
    assert "no-such-issue" not in set(ds.gaps().issue)
    est = ds.outcomes()  # every issue with a scale; those with no estimate say why
    assert len(ds.timeline()) > 0 and "no-such-issue" not in set(est.issue)
    assert est.estimate.notna().sum() == 1 and est.why.notna().sum() == len(est) - 1
    assert ds.distance_matrix().shape == (4, 4)


def _evidence_row_by_row(ds) -> pd.DataFrame:
    """The evidence frame built citation by citation (the first implementation)."""
    from peacetracker.analysis._core import dates_column, text_column

    rows = []
    for i in ds._core.table["_i"]:
        s = ds.stances[i]
        for n, e in enumerate(s.evidence):
            src = ds.sources.get(e.source)
            rows.append((s, n, e, src))

    def of_source(attr: str) -> list:
        return [getattr(src, attr) if src is not None else None for *_, src in rows]

    return pd.DataFrame(
        {
            "party": text_column([s.party for s, *_ in rows]),
            "issue": text_column([s.issue for s, *_ in rows]),
            "date": dates_column([s.date for s, *_ in rows]),
            "status": text_column([s.status for s, *_ in rows]),
            "n": pd.Series([n for _, n, *_ in rows], dtype="int64"),
            "source": text_column([e.source for _, _, e, _ in rows]),
            "quote": text_column([e.quote for _, _, e, _ in rows]),
            "speaker": text_column([e.speaker for _, _, e, _ in rows]),
            "via": text_column([e.via for _, _, e, _ in rows]),
            "outlet": text_column(of_source("outlet")),
            "title": text_column(of_source("title")),
            "kind": text_column(of_source("kind")),
            "published": dates_column(of_source("published")),
            "url": text_column(of_source("url")),
        }
    )


@settings(max_examples=20, deadline=None)
@given(random_datasets(max_stances=20))
def test_evidence_frame_equals_the_citation_by_citation_frame(ds):
    pd.testing.assert_frame_equal(ds.evidence_frame, _evidence_row_by_row(ds))


def test_evidence_frame_of_an_unknown_source_equals_the_citation_by_citation_frame():
    from _datasets import D
    from peacetracker import Evidence, Stance

    ghost = Stance(
        "northland",
        "army-size",
        D(2026, 1, 9),
        prefer=1.0,
        evidence=[Evidence("no-such-source", "words")],
    )
    ds = mini(stances=(*mini().stances, ghost))
    pd.testing.assert_frame_equal(ds.evidence_frame, _evidence_row_by_row(ds))


def test_every_analysis_takes_its_options_by_keyword_in_one_order():
    """Seen: ``ds.gaps(as_of, parties, issues)`` but ``ds.overlaps(parties, as_of,
    issues)``, so ``ds.gaps(["ukraine", "russia"])`` took the list for a date."""
    import inspect

    import pytest

    from peacetracker import Dataset

    order = ["parties", "issues", "as_of"]
    for name in ("snapshot", "gaps", "distances", "distance_matrix", "overlaps", "outcomes"):
        params = list(inspect.signature(getattr(Dataset, name)).parameters.values())[1:]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params), name
        names = [p.name for p in params if p.name in order]
        assert names == [n for n in order if n in names], name
        assert inspect.signature(getattr(Dataset, name)).return_annotation != inspect._empty
    ds = mini()
    with pytest.raises(TypeError):
        ds.gaps(["northland", "southland"])
    assert set(ds.gaps(parties=["northland", "southland"]).party_a) == {"northland"}


# -- frames handed out are the caller's own ----------------------------------------
FRAMES = {
    "stances_frame": lambda ds: ds.stances_frame,
    "evidence_frame": lambda ds: ds.evidence_frame,
    "snapshot": lambda ds: ds.snapshot(),
    "gaps": lambda ds: ds.gaps(),
    "distances": lambda ds: ds.distances(),
    "distance_matrix": lambda ds: ds.distance_matrix(),
    "overlaps": lambda ds: ds.overlaps(),
    "outcomes": lambda ds: ds.outcomes(),
    "timeline": lambda ds: ds.timeline(party_a="northland", party_b="southland", issue="army-size"),
    "changes": lambda ds: ds.changes("2026-01-01"),
    "directions": lambda ds: ds.compare("2026-01-01").directions,
}


def _set_column(frame: pd.DataFrame) -> None:
    frame[frame.columns[0]] = "changed"


def _set_cell(frame: pd.DataFrame) -> None:
    frame.iloc[0, -1] = None


def _relabel_rows(frame: pd.DataFrame) -> None:
    frame.index = [f"row {i}" for i in range(len(frame))]


def _drop_column(frame: pd.DataFrame) -> None:
    del frame[frame.columns[0]]


def _rename(frame: pd.DataFrame) -> None:
    frame.index.name = "renamed"
    frame.columns.name = "renamed"
    frame.attrs["note"] = "added"


MUTATIONS = [_set_column, _set_cell, _relabel_rows, _drop_column, _rename]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("name", list(FRAMES))
def test_a_frame_changed_by_its_caller_does_not_change_the_next_answer(name, mutate):
    ds = mini()
    get = FRAMES[name]
    expected = get(mini())  # from another dataset: no cache shared
    first = get(ds)
    assert len(first), "the frame must have a row to change"
    mutate(first)
    again = get(ds)
    pd.testing.assert_frame_equal(again, expected)
    assert again.attrs == expected.attrs
    assert again is not first
