"""Scales: parsing, gaps and overlaps for every scale type, with worked examples
computed by hand and hypothesis properties that must always hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetracker.scales import (
    CategoricalScale,
    Interval,
    NumericScale,
    OrdinalScale,
    ScaleError,
    SetRange,
    SetScale,
    YesNoScale,
    parse_scale,
)

ORD = parse_scale(
    {"type": "ordinal", "options": ["none", "assurances", "binding", "article-5", "membership"]}
)
NUM = parse_scale({"type": "numeric", "unit": "km2", "min": 0, "max": 50000})
CAT = parse_scale({"type": "categorical", "options": ["ceasefire-first", "settlement-first"]})
YN = parse_scale({"type": "yesno"})
SET = parse_scale({"type": "set", "universe": ["uk", "france", "germany", "turkey"]})


# -- parsing definitions -------------------------------------------------------


def test_parse_scale_builds_each_type():
    assert isinstance(ORD, OrdinalScale)
    assert isinstance(NUM, NumericScale) and NUM.unit == "km2" and NUM.declared_span == 50000
    assert isinstance(CAT, CategoricalScale)
    assert isinstance(YN, YesNoScale)
    assert isinstance(SET, SetScale)


def test_parse_scale_with_labels_keeps_order_and_labels():
    s = parse_scale({"type": "ordinal", "options": {"low": "Low", "high": None}})
    assert s.options == ("low", "high")
    assert s.describe("low") == "Low"
    assert s.describe("high") == "high"


@pytest.mark.parametrize(
    ("raw", "message", "fix"),
    [
        (
            {"type": "ordnial", "options": ["a", "b"]},
            "unknown scale type 'ordnial'",
            "did you mean 'ordinal'?",
        ),
        (
            {"options": ["a"]},
            "scale has no type",
            "add 'type:' (numeric, ordinal, categorical, yesno, set)",
        ),
        (
            {"type": "ordinal", "options": ["a"]},
            "an ordinal scale needs at least two options",
            "add another option",
        ),
        (
            {"type": "numeric", "units": "km2"},
            "unknown key 'units' for a numeric scale",
            "did you mean 'unit'?",
        ),
        ({"type": "numeric", "min": 10, "max": 1}, "min (10) is greater than max (1)", "swap them"),
        (
            {"type": "set", "universe": ["a", "a"]},
            "universe lists 'a' twice",
            "remove the repeated id",
        ),
    ],
)
def test_bad_scale_definitions_say_what_and_how_to_fix(raw, message, fix):
    with pytest.raises(ScaleError) as err:
        parse_scale(raw)
    assert err.value.message == message
    assert err.value.fix == fix


# -- parsing values ------------------------------------------------------------


def test_unknown_option_suggests_the_closest():
    with pytest.raises(ScaleError) as err:
        ORD.parse_value("artcle-5")
    assert err.value.message == "unknown option 'artcle-5'"
    assert err.value.fix == "did you mean 'article-5'?"


def test_number_written_with_commas_gets_a_plain_number_fix():
    with pytest.raises(ScaleError) as err:
        NUM.parse_value("5,000")
    assert err.value.message == "the value must be a number, not '5,000'"
    assert err.value.fix == "write it as a plain number: 5000"


def test_number_outside_declared_range():
    with pytest.raises(ScaleError) as err:
        NUM.parse_value(60000)
    assert err.value.message == "60,000 is outside the scale's range 0 to 50,000 km2"


def test_yesno_accepts_words_and_booleans():
    assert YN.parse_value("yes") is True
    assert YN.parse_value("No") is False
    assert YN.parse_value(True) is True
    with pytest.raises(ScaleError):
        YN.parse_value("maybe")


def test_ordinal_range_zone_is_the_options_between():
    assert ORD.parse_zone({"min": "assurances", "max": "article-5"}) == frozenset(
        {"assurances", "binding", "article-5"}
    )
    assert ORD.parse_zone({"min": "article-5"}) == frozenset({"article-5", "membership"})


def test_set_zone_defaults_and_checks():
    assert SET.parse_zone({"min": ["uk"]}) == SetRange(
        {"uk"}, {"uk", "france", "germany", "turkey"}
    )
    with pytest.raises(ScaleError) as err:
        SET.parse_zone({"min": ["uk"], "max": ["france"]})
    assert err.value.fix == "add 'uk' to max"


# -- gaps: worked examples -----------------------------------------------------


def test_worked_gaps():
    assert NUM.distance(5000, 0) == 5000 and NUM.normalised(5000, 0) == 0.1
    assert ORD.distance("none", "binding") == 2 and ORD.normalised("none", "binding") == 0.5
    assert CAT.normalised("ceasefire-first", "settlement-first") == 1.0
    assert YN.normalised(True, True) == 0.0
    a, b = frozenset({"uk", "france"}), frozenset({"france", "germany"})
    assert SET.distance(a, b) == 2 and SET.normalised(a, b) == pytest.approx(2 / 3)


def test_numeric_without_declared_range_is_relative_to_the_larger_magnitude():
    s = NumericScale(unit="personnel")
    assert s.norm_basis == "relative" and NUM.norm_basis == "declared"
    assert s.normalised(600000, 800000) == 0.25  # 200,000 of 800,000: close, not far apart
    assert s.normalised(1, 2) == 0.5 and s.normalised(0, 0) == 0.0
    assert s.normalised(-5, 5) == 1.0  # at most 1


# -- overlaps: worked examples -------------------------------------------------


def test_numeric_overlap_and_concession():
    ok = NUM.overlap({"a": Interval(0, 5000), "b": Interval(3000, None)})
    assert ok.zone == Interval(3000, 5000) and not ok.empty
    none = NUM.overlap(
        {"ru": Interval(5000, None), "ua": Interval(None, 0), "us": Interval(0, 10000)}
    )
    assert none.empty and none.concession == 5000 and none.concession_norm == 0.1
    assert none.movers == ("ru", "ua")


def test_ordinal_overlap_and_concession():
    z = ORD.overlap(
        {"a": ORD.parse_zone({"min": "binding"}), "b": ORD.parse_zone({"max": "article-5"})}
    )
    assert z.zone == frozenset({"binding", "article-5"})
    e = ORD.overlap({"a": frozenset({"membership"}), "b": frozenset({"none", "assurances"})})
    assert e.empty and e.concession == 3 and e.concession_norm == 0.75 and e.movers == ("a", "b")


def test_categorical_overlap_names_who_must_move():
    e = CAT.overlap(
        {
            "a": frozenset({"ceasefire-first"}),
            "b": frozenset({"ceasefire-first"}),
            "c": frozenset({"settlement-first"}),
        }
    )
    assert e.empty and e.concession == 1 and e.movers == ("c",)


def test_set_overlap():
    z = SET.overlap(
        {"a": SetRange({"uk"}, {"uk", "france"}), "b": SetRange(set(), {"uk", "germany"})}
    )
    assert z.zone == SetRange({"uk"}, {"uk"})
    e = SET.overlap(
        {"a": SetRange({"uk", "france"}, {"uk", "france"}), "b": SetRange(set(), set())}
    )
    assert e.empty and e.concession == 2 and e.concession_norm == 0.5 and e.movers == ("a", "b")


def test_compare_zones():
    assert NUM.compare_zones(Interval(0, 10), Interval(0, 20)) == "widened"
    assert NUM.compare_zones(Interval(0, 10), Interval(5, 10)) == "narrowed"
    assert NUM.compare_zones(Interval(0, 10), Interval(5, 20)) == "shifted"
    assert ORD.compare_zones(frozenset({"none"}), frozenset({"none"})) == "same"


# -- properties ----------------------------------------------------------------

SCALES = [NUM, ORD, CAT, YN, SET]


def values(scale):
    if scale is NUM:
        return st.integers(0, 50000).map(float)
    if scale is YN:
        return st.booleans()
    if scale is SET:
        return st.frozensets(st.sampled_from(SET.universe))
    return st.sampled_from(scale.options)


@st.composite
def scale_and_points(draw, n=2):
    scale = draw(st.sampled_from(SCALES))
    return scale, [draw(values(scale)) for _ in range(n)]


@given(scale_and_points())
def test_gap_is_symmetric_bounded_and_zero_only_when_equal(sp):
    scale, (a, b) = sp
    g = scale.normalised(a, b)
    assert g == scale.normalised(b, a)
    assert 0.0 <= g <= 1.0
    assert (g == 0.0) == (a == b)
    assert scale.distance(a, b) == scale.distance(b, a)


@given(scale_and_points(3))
def test_overlap_of_points_is_commutative_and_inside_every_zone(sp):
    scale, points = sp
    zones = {f"p{i}": scale.point_zone(v) for i, v in enumerate(points)}
    forward = scale.overlap(zones)
    backward = scale.overlap(dict(reversed(list(zones.items()))))
    assert forward == backward
    if not forward.empty:
        assert len(set(points)) == 1
        assert all(scale.contains(forward.zone, v) for v in points)
    else:
        assert forward.concession > 0 and 0 < forward.concession_norm <= 1
        assert set(forward.movers) <= set(zones)


@given(scale_and_points(1))
def test_values_round_trip_through_plain_data(sp):
    scale, (v,) = sp
    assert scale.parse_value(scale.value_to_data(v)) == v
    zone = scale.point_zone(v)
    assert scale.parse_zone(scale.zone_to_data(zone)) == zone


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: s.type)
def test_definitions_round_trip(scale):
    assert parse_scale(scale.to_data()) == scale


def test_yes_no_deadlock_between_two_parties_names_both_as_movers():
    # one party on each side: either could give way, so both are named
    e = YN.overlap({"ua": frozenset({True}), "ru": frozenset({False})})
    assert e.empty and e.movers == ("ru", "ua")
    e = YN.overlap({"ua": frozenset({False}), "ru": frozenset({True})})
    assert e.movers == ("ru", "ua")
    # more parties: the minority side moves, whichever answer it holds
    e = YN.overlap({"a": frozenset({False}), "b": frozenset({False}), "c": frozenset({True})})
    assert e.movers == ("c",)
    e = YN.overlap({"a": frozenset({True}), "b": frozenset({True}), "c": frozenset({False})})
    assert e.movers == ("c",)
    # two against two: every side could move
    e = YN.overlap(
        {k: frozenset({v}) for k, v in {"a": True, "b": False, "c": True, "d": False}.items()}
    )
    assert e.movers == ("a", "b", "c", "d")


def test_categorical_tie_names_every_side_that_could_move():
    e = CAT.overlap({"a": frozenset({"settlement-first"}), "b": frozenset({"ceasefire-first"})})
    assert e.empty and e.movers == ("a", "b")
    three = parse_scale({"type": "categorical", "options": ["x", "y", "z"]})
    # x and y each accepted by two parties, z by one: the z-only party moves in
    # every case, and the x-only and y-only parties could each be the ones to move
    e = three.overlap(
        {
            "p": frozenset({"x"}),
            "q": frozenset({"y"}),
            "r": frozenset({"x", "y"}),
            "s": frozenset({"z"}),
        }
    )
    assert e.movers == ("p", "q", "s")


WIDE = parse_scale({"type": "categorical", "options": [f"o{i}" for i in range(8)]})


@given(
    st.sampled_from([CAT, ORD, WIDE]).flatmap(
        lambda scale: st.tuples(
            st.just(scale),
            st.dictionaries(
                st.sampled_from("abcdef"),
                st.frozensets(st.sampled_from(scale.options), min_size=1),
                min_size=1,
            ),
        )
    )
)
def test_most_accepted_counts_each_zone_once_per_option(scale_zones):
    """Who must move when no option is common: the count of zones holding each
    option, as first written (a sum over the zones per option)."""
    scale, zones = scale_zones
    counts = {o: sum(o in z for z in zones.values()) for o in scale.options}
    best = [o for o in scale.options if counts[o] == max(counts.values())]
    movers = tuple(sorted(p for p, z in zones.items() if not all(o in z for o in best)))
    assert scale._most_accepted(zones).movers == movers


def zones(scale):
    """Random acceptable zones on a scale."""
    if scale is NUM:
        lo, hi = st.one_of(st.none(), st.integers(0, 50000).map(float)), st.one_of(
            st.none(), st.integers(0, 50000).map(float)
        )
        return st.tuples(lo, hi).filter(lambda t: None in t or t[0] <= t[1]).map(
            lambda t: Interval(*t)
        )
    if scale is SET:
        return st.tuples(
            st.frozensets(st.sampled_from(SET.universe)),
            st.frozensets(st.sampled_from(SET.universe)),
        ).map(lambda t: SetRange(t[0], t[0] | t[1]))
    options = (True, False) if scale is YN else scale.options
    return st.frozensets(st.sampled_from(options), min_size=1)


@given(st.data())
def test_zones_meet_is_the_rule_overlaps_follow(data):
    """One function per scale decides zone compatibility: two zones meet exactly
    when their overlap is not empty, and the common zone sits in both."""
    scale = data.draw(st.sampled_from(SCALES))
    a, b = data.draw(zones(scale)), data.draw(zones(scale))
    meet = scale.zones_meet(a, b)
    assert meet == scale.zones_meet(b, a)
    assert meet == (not scale.overlap({"a": a, "b": b}).empty)
    assert scale.zones_meet(a, a)


@given(scale_and_points(2))
def test_vectorised_gaps_equal_the_scalar_ones(sp):
    import numpy as np

    scale, (a, b) = sp
    pa, pb = np.empty(2, dtype=object), np.empty(2, dtype=object)
    pa[:], pb[:] = [a, None], [b, b]
    x = np.array([scale.as_number(a) if scale.as_number(a) is not None else np.nan, np.nan])
    y = np.array([scale.as_number(b) if scale.as_number(b) is not None else np.nan] * 2)
    units, norm = scale.gaps(pa, pb, x, y)
    assert units[0] == scale.distance(a, b)
    assert norm[0] == pytest.approx(scale.normalised(a, b))
    assert np.isnan(units[1]) and np.isnan(norm[1])


def test_move_words_on_the_scale_s_own_axis():
    assert NUM.axis(100.0, 200.0) == 1 and NUM.move_text(200.0, 100.0) == "lowered to 100 km2"
    assert ORD.axis("none", "binding") == 1
    assert ORD.move_text("binding", "none").startswith("moved down the scale to ")
    assert CAT.axis("ceasefire-first", "settlement-first") is None
    assert YN.move_text(False, True) == "switched to yes"
    a, b = frozenset({"uk"}), frozenset({"uk", "france"})
    assert SET.axis(a, b) == 1 and SET.axis(b, a) == -1
    assert SET.move_text(a, b) == "added " + SET.describe(frozenset({"france"}))
    assert NUM.gap_text(5000) == "5,000 km2" and ORD.gap_text(1) == "1 step"


def test_loading_the_package_and_the_cli_imports_neither_numpy_nor_pandas():
    """``peacetracker check`` starts fast: the scales import numpy only when a
    vectorised gap is computed (importing it at the top had doubled the time
    to import the CLI, 160 ms to 356 ms)."""
    import subprocess
    import sys

    code = (
        "import sys, peacetracker, peacetracker.cli, peacetracker.scales; "
        "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


_ZONE_WORD_BACK = {"same": "same", "widened": "narrowed", "narrowed": "widened",
                   "shifted": "shifted"}


@given(
    st.sampled_from([
        (ORD, st.frozensets(st.sampled_from(ORD.options), min_size=1)),
        (CAT, st.frozensets(st.sampled_from(CAT.options), min_size=1)),
        (YN, st.frozensets(st.booleans(), min_size=1)),
        (NUM, st.tuples(st.integers(0, 50000), st.integers(0, 50000)).map(
            lambda t: Interval(min(t), max(t)))),
        (SET, st.tuples(st.frozensets(st.sampled_from(SET.universe)),
                        st.frozensets(st.sampled_from(SET.universe))).map(
            lambda t: SetRange(t[0], t[0] | t[1]))),
    ]).flatmap(lambda pair: st.tuples(st.just(pair[0]), pair[1], pair[1])),
)
def test_a_zone_change_read_backwards_is_its_opposite(case) -> None:
    """One rule for every scale (Scale.compare_zones over each scale's
    zone_covers): a zone compared with itself is "same", and undoing a change
    gives the opposite word."""
    scale, old, new = case
    assert scale.compare_zones(old, old) == "same"
    assert scale.compare_zones(new, old) == _ZONE_WORD_BACK[scale.compare_zones(old, new)]
    assert (scale.compare_zones(old, new) == "same") == (old == new)
