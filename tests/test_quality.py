"""Evidence quality (analysis/_quality.py): the strength rule, the columns it
gives every frame, and the filters, which never add a row."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetracker
from _datasets import D, mini, random_datasets
from conftest import ROOT
from peacetracker import Evidence, Source, Stance
from peacetracker.analysis._quality import Quality, stance_quality

KINDS = ("statement", "article", "opinion", "draft")


def _source(i: int, kind: str) -> Source:
    return Source(f"s{i}", kind, f"Outlet {i}", f"Title {i}", D(2026, 1, 1))


@st.composite
def graded_datasets(draw):
    """Random datasets whose sources have random kinds and stances random bases."""
    ds = draw(random_datasets(max_parties=4, max_stances=16))
    sources = {f"s{i}": _source(i, draw(st.sampled_from(KINDS))) for i in range(3)}
    stances = tuple(
        attrs.evolve(s, basis=draw(st.sampled_from(["stated", "reported", "inferred"])))
        for s in ds.stances
    )
    return attrs.evolve(ds, sources=sources, stances=stances)


filters = st.fixed_dictionaries(
    {
        "min_confidence": st.sampled_from([None, "low", "medium", "high"]),
        "exclude_kinds": st.one_of(st.none(), st.lists(st.sampled_from(KINDS), unique=True)),
        "basis": st.one_of(
            st.none(), st.lists(st.sampled_from(["stated", "reported", "inferred"]), unique=True)
        ),
    }
)


@settings(max_examples=40, deadline=None)
@given(graded_datasets(), filters)
def test_filters_never_add_rows(ds, kw):
    gaps, cut = ds.gaps(), ds.gaps(**kw)
    assert len(cut) <= len(gaps)
    pairs = set(zip(gaps.issue, gaps.party_a, gaps.party_b, strict=True))
    assert set(zip(cut.issue, cut.party_a, cut.party_b, strict=True)) <= pairs
    ov, ov_cut = ds.overlaps(), ds.overlaps(**kw)
    assert len(ov_cut) <= len(ov)
    n = dict(zip(ov.issue, ov.n_parties, strict=True))
    assert all(k <= n[i] for i, k in zip(ov_cut.issue, ov_cut.n_parties, strict=True))
    ch, ch_cut = ds.compare("2026-01-02"), ds.compare("2026-01-02", **kw)
    assert len(ch_cut.changes) <= len(ch.changes)
    assert len(ch_cut.directions) <= len(ch.directions)
    assert set(ch_cut.directions.change) <= set(ch_cut.changes.change)
    # what is left passes every filter
    q = Quality.of(**kw)
    kept = {(s.party, s.issue, s.date) for s in ds.stances if q.keeps(s, ds.sources)}
    snap = ds.snapshot()
    dated = {(r.party, r.issue): r.date.date() for r in snap.itertuples()}
    for r in cut.itertuples():
        assert (r.party_a, r.issue, dated[(r.party_a, r.issue)]) in kept
        assert (r.party_b, r.issue, dated[(r.party_b, r.issue)]) in kept


@settings(max_examples=40, deadline=None)
@given(graded_datasets())
def test_a_row_is_as_strong_as_its_weakest_stance(ds):
    rank = {"low": 0, "medium": 1, "high": 2}
    g = ds.gaps()
    for r in g.itertuples():
        assert rank[r.strength] == min(rank[r.strength_a], rank[r.strength_b])
        assert rank[r.strength_a] <= rank[r.confidence_a]
    snap = ds.snapshot()
    for r in ds.overlaps().itertuples():
        held = snap[snap.issue == r.issue]
        assert rank[r.strength] == min(rank[w] for w in held.strength)


def test_the_strength_rule():
    sources = {
        "own": _source(0, "statement"),
        "wire": _source(1, "article"),
        "op": _source(2, "opinion"),
    }
    e = {k: Evidence(k, "words") for k in sources}

    def strength(cites, **kw):
        s = Stance("p", "i", D(2026, 1, 1), prefer=1.0, evidence=[e[c] for c in cites], **kw)
        return stance_quality(s, sources)

    assert strength(["own"]) == ("statement", "high")
    assert strength(["op"]) == ("opinion", "low")
    # more sources never weaken a stance: the best-supported one counts
    assert strength(["op", "wire"]) == ("opinion, article", "medium")
    # the weakest of confidence, basis and sources
    assert strength(["own"], basis="inferred")[1] == "low"
    assert strength(["own"], confidence="medium")[1] == "medium"
    assert strength(["own"], basis="reported")[1] == "medium"


def test_state_media_is_one_level_lower():
    class Affiliated:  # a source with the `affiliation` field the data format adds
        kind, affiliation = "article", "state-media"

    s = Stance("p", "i", D(2026, 1, 1), prefer=1.0, evidence=[Evidence("rt", "words")])
    assert stance_quality(s, {"rt": Affiliated()}) == ("article", "low")


def test_unknown_filter_words_name_the_valid_ones():
    with pytest.raises(ValueError, match="unknown confidence 'hihg'"):
        mini().gaps(min_confidence="hihg")
    with pytest.raises(ValueError, match=r"unknown source kind 'opinon'.*opinion"):
        mini().overlaps(exclude_kinds=["opinon"])
    with pytest.raises(ValueError, match="unknown basis 'said'"):
        mini().changes("2026-01-06", basis="said")


def test_bundled_filters_leave_out_stances_resting_only_on_opinion():
    """Seen on positions/: 20 stances rest only on opinion pieces, and nothing
    downstream could tell or leave them out."""
    ds = peacetracker.load(ROOT / "positions")
    frame = ds.stances_frame
    only_opinion = frame[frame.kinds == "opinion"]
    assert len(only_opinion) and (only_opinion.strength == "low").all()
    g = ds.gaps(exclude_kinds="opinion")
    assert len(g) < len(ds.gaps())
    assert not (g.kinds_a == "opinion").any() and not (g.kinds_b == "opinion").any()
    strong = ds.gaps(min_confidence="high", basis="stated")
    assert set(strong.confidence_a) | set(strong.confidence_b) <= {"high"}
    assert set(strong.basis_a) | set(strong.basis_b) <= {"stated"}
    ch = ds.changes("2025-12-26", exclude_kinds="opinion")
    assert not (ch.kinds_after == "opinion").any() and not (ch.kinds_before == "opinion").any()


# One ranking of evidence words: the analysis's, read by the overlaps and the report.

SRC = ROOT / "src" / "peacetracker"
#: Dicts that rank the same words for another idea (issue salience is not evidence).
_OTHER_IDEAS = {("_model.py", "SALIENCE_RANK")}


def test_one_ranking_of_confidence_and_basis():
    from peacetracker._model import BASES, CONFIDENCES
    from peacetracker.analysis._quality import BASIS_RANK, LEVELS, RANK

    assert LEVELS == ("low", "medium", "high")
    # the model lists the words strongest first; the ranks say higher is stronger
    assert sorted(CONFIDENCES, key=RANK.__getitem__, reverse=True) == list(CONFIDENCES)
    assert sorted(BASES, key=BASIS_RANK.__getitem__, reverse=True) == list(BASES)
    assert RANK["high"] > RANK["medium"] > RANK["low"]
    assert BASIS_RANK["stated"] > BASIS_RANK["reported"] > BASIS_RANK["inferred"]


def test_no_module_ranks_the_evidence_words_again():
    """A dict literal giving the confidence (or basis) words numbers lives only in
    analysis/_quality.py: the report once had its own, in the opposite order."""
    import ast

    words = ({"high", "medium", "low"}, {"stated", "reported", "inferred"})
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "analysis/_quality.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or not isinstance(
                node.value, ast.Dict
            ):
                continue
            keys = {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
            ranks = all(
                isinstance(v, ast.Constant) and isinstance(v.value, int)
                for v in node.value.values
            )
            if not ranks or not any(keys >= w for w in words):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {getattr(t, "id", None) for t in targets}
            if not any((rel, n) in _OTHER_IDEAS for n in names):
                found.append(f"{rel}:{node.lineno} {sorted(n for n in names if n)}")
    assert not found, found


def test_overlaps_give_the_lowest_confidence_of_their_stances():
    from peacetracker.analysis.overlaps import _quality_cells

    sides = [("high", "stated", "statement", "high"), ("low", "inferred", "opinion", "low"),
             ("medium", "reported", "article", "medium")]
    confidence, bases, _, strength = _quality_cells(sides)
    assert (confidence, bases, strength) == ("low", "stated, inferred, reported", "low")
    assert _quality_cells(sides[::2])[::3] == ("medium", "medium")


# The weak-evidence rule (the report's hatching) lives here too, beside the strength.


@settings(max_examples=30, deadline=None)
@given(graded_datasets())
def test_each_weak_reason_but_state_media_means_low_strength(ds):
    from peacetracker.analysis._quality import weak_reasons

    for s in ds.stances:
        why = weak_reasons(s.confidence, s.basis, [ds.sources.get(e.source) for e in s.evidence])
        assert list(why) == sorted(why, key=WEAK_ORDER.index)
        if set(why) - {"state media only"}:
            assert stance_quality(s, ds.sources)[1] == "low"


def test_state_media_only_is_named_though_a_statement_is_medium():
    from peacetracker.analysis._quality import weak_reasons

    own = attrs.evolve(_source(0, "statement"), affiliation="state-media")
    s = Stance("p", "i", D(2026, 1, 1), prefer=1.0, evidence=[Evidence("s0", "words")])
    assert stance_quality(s, {"s0": own}) == ("statement", "medium")
    assert weak_reasons(s.confidence, s.basis, [own]) == ("state media only",)
    # an unknown source supports nothing: the known ones decide
    opinion = _source(1, "opinion")
    assert weak_reasons("high", "stated", [None, opinion]) == ("opinion only",)
    assert weak_reasons("low", "inferred", [None]) == ("low confidence", "inferred")


WEAK_ORDER = ("low confidence", "inferred", "opinion only", "state media only")
