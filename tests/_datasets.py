"""Datasets built in memory for the analysis tests: the mini fixture of
tests/data/mini (written out by hand, so these tests do not depend on the
loader) and a builder for small synthetic ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peacetracker import (
    Claim,
    Condition,
    Dataset,
    Event,
    Evidence,
    Issue,
    Party,
    Settings,
    Source,
    Stance,
)
from peacetracker.scales import Interval, SetRange, parse_scale

D = dt.date

ISSUES = {
    "army-size": Issue(
        "army-size",
        "Size of Southland's army",
        "How large may Southland's armed forces be in peacetime?",
        parse_scale({"type": "numeric", "unit": "personnel", "min": 0, "max": 500000}),
        group="military",
    ),
    "guarantees": Issue(
        "guarantees",
        "Security guarantees",
        "How strong a security guarantee should Southland get?",
        parse_scale(
            {
                "type": "ordinal",
                "options": {
                    "none": "No guarantee",
                    "assurances": "Political assurances",
                    "binding": "Binding commitments",
                    "membership": "Alliance membership",
                },
            }
        ),
        group="security",
    ),
    "sequencing": Issue(
        "sequencing",
        "Ceasefire sequencing",
        "Ceasefire first, or a comprehensive settlement first?",
        parse_scale({"type": "categorical", "options": ["ceasefire-first", "settlement-first"]}),
        group="political",
    ),
    "alliance-membership": Issue(
        "alliance-membership",
        "Alliance membership",
        "May Southland join the alliance?",
        parse_scale({"type": "yesno"}),
        group="political",
    ),
    "foreign-troops": Issue(
        "foreign-troops",
        "Foreign troops in Southland",
        "Which states may station troops in Southland?",
        parse_scale({"type": "set", "universe": ["eastland", "westland", "farland"]}),
        group="security",
    ),
}

PARTIES = {
    "northland": Party("northland", "Northland", aliases=["the North"], capability=60),
    "southland": Party("southland", "Southland", capability=30),
    "eastern-league": Party(
        "eastern-league", "Eastern League", kind="coalition", members=["eastland", "westland"]
    ),
    "eastland": Party("eastland", "Eastland"),
    "westland": Party("westland", "Westland"),
    "draft-12-point": Party(
        "draft-12-point", "12-point draft framework", kind="plan", endorsed_by=["eastern-league"],
        claims=[Claim("endorsed-by", "eastern-league", basis="reported", confidence="medium",
                      evidence=[Evidence("wire-2026-01-07", "The Eastern League published a "
                                         "12-point draft framework")])],
    ),
}

SOURCES = {
    "wire-2026-01-05": Source(
        "wire-2026-01-05",
        "article",
        "Example Wire",
        "Northland and Southland resume talks in Geneva",
        D(2026, 1, 5),
        path="texts/wire.txt",
        lines=(1, 4),
    ),
    "wire-2026-01-07": Source(
        "wire-2026-01-07",
        "article",
        "Example Wire",
        "Mediators table a draft framework",
        D(2026, 1, 7),
        path="texts/wire.txt",
        lines=(5, 7),
    ),
    "northland-statement": Source(
        "northland-statement",
        "statement",
        "Government of Northland",
        "Statement by the Government of Northland",
        D(2026, 1, 12),
        url="https://example.org/northland/statement",
        path="texts/statement.txt",
    ),
}

EVENTS = {
    "geneva-talks": Event(
        "geneva-talks",
        D(2026, 1, 5),
        "Talks resume in Geneva",
        parties=["northland", "southland"],
        sources=["wire-2026-01-05"],
    ),
    "draft-published": Event(
        "draft-published",
        D(2026, 1, 7),
        "The Eastern League publishes a 12-point draft",
        parties=["eastern-league"],
        sources=["wire-2026-01-07"],
    ),
}


def ev(source: str, quote: str, speaker: str | None = None) -> Evidence:
    return Evidence(source, quote, speaker=speaker)


STANCES = (
    # eastern-league.yaml
    Stance(
        "eastern-league",
        "guarantees",
        D(2026, 1, 7),
        prefer="binding",
        accept=frozenset({"assurances", "binding"}),
        move="proposal",
        evidence=[
            ev(
                "wire-2026-01-07",
                "offers binding security commitments, though not membership of the alliance",
                "League spokesperson",
            )
        ],
    ),
    Stance(
        "eastern-league",
        "army-size",
        D(2026, 1, 7),
        prefer=150000.0,
        move="proposal",
        evidence=[ev("wire-2026-01-07", "proposing a ceiling of 150,000 troops")],
    ),
    # northland.yaml
    Stance(
        "northland",
        "army-size",
        D(2026, 1, 5),
        prefer=100000.0,
        move="demand",
        salience=90,
        event="geneva-talks",
        evidence=[
            ev(
                "wire-2026-01-05",
                "any settlement must leave Southland's army no larger than 100,000 troops",
                "Foreign minister of Northland",
            )
        ],
    ),
    Stance(
        "northland",
        "army-size",
        D(2026, 1, 12),
        prefer=150000.0,
        accept=Interval(None, 150000.0),
        move="offer",
        salience=90,
        conditions=[Condition("alliance-membership", False)],
        evidence=[
            ev(
                "northland-statement",
                "Northland is ready to consider a ceiling of 150,000 troops if the alliance "
                "rules out membership for Southland.",
            )
        ],
    ),
    Stance(
        "northland",
        "sequencing",
        D(2026, 1, 12),
        prefer="settlement-first",
        move="condition",
        salience=70,
        evidence=[
            ev(
                "northland-statement",
                "Northland will accept a ceasefire only after a comprehensive settlement is "
                "signed.",
            )
        ],
    ),
    Stance(
        "northland",
        "foreign-troops",
        D(2026, 1, 12),
        prefer=frozenset(),
        accept=SetRange(frozenset(), frozenset()),
        move="rejection",
        evidence=[
            ev(
                "northland-statement",
                "Northland rejects - in the strongest terms - the stationing of any foreign "
                "troops on Southland's territory.",
            )
        ],
    ),
    Stance(
        "northland",
        "alliance-membership",
        D(2026, 1, 12),
        prefer=False,
        accept=frozenset({False}),
        basis="inferred",
        confidence="medium",
        evidence=[ev("northland-statement", "if the alliance rules out membership for Southland")],
    ),
    # southland.yaml
    Stance(
        "southland",
        "army-size",
        D(2026, 1, 5),
        prefer=250000.0,
        accept=Interval(200000.0, None),
        move="demand",
        salience=100,
        evidence=[
            ev(
                "wire-2026-01-05",
                "our army will never be smaller than 250,000 personnel, and we could accept "
                "200,000 only with guarantees",
                "President of Southland",
            )
        ],
    ),
    Stance(
        "southland",
        "sequencing",
        D(2026, 1, 5),
        prefer="ceasefire-first",
        accept=frozenset({"ceasefire-first", "settlement-first"}),
        basis="reported",
        confidence="low",
        evidence=[ev("wire-2026-01-05", "Both sides said a ceasefire was possible.")],
    ),
)

SETTINGS = Settings(
    title="Northland–Southland talks (fixture)",
    description="A small invented dataset that exercises every scale type.",
    bands=[("agreed", 0), ("close", 0.25), ("apart", 0.6), ("far apart", 1)],
)

GROUPS = {"military": "Military", "security": "Security", "political": "Political"}


def mini(**changes: Any) -> Dataset:
    """The mini fixture, built in memory (keyword arguments replace fields)."""
    fields = dict(
        parties=PARTIES,
        issues=ISSUES,
        sources=SOURCES,
        events=EVENTS,
        groups=GROUPS,
        stances=STANCES,
        settings=SETTINGS,
    )
    fields.update(changes)
    return Dataset(**fields)


# -- hypothesis strategies: small random datasets over every scale type ----------------

from hypothesis import strategies as st  # noqa: E402

from peacetracker.scales import Interval as _Interval  # noqa: E402

RANDOM_ISSUES = {
    "num": Issue(
        "num",
        "Numeric",
        "How many?",
        parse_scale({"type": "numeric", "unit": "km2", "min": 0, "max": 100}),
    ),
    "num-open": Issue(
        "num-open",
        "Numeric, no range",
        "How much?",
        parse_scale({"type": "numeric", "unit": "usd"}),
    ),
    "ord": Issue(
        "ord",
        "Ordinal",
        "How strong?",
        parse_scale({"type": "ordinal", "options": ["o0", "o1", "o2", "o3"]}),
    ),
    "cat": Issue(
        "cat",
        "Categorical",
        "Which way?",
        parse_scale({"type": "categorical", "options": ["c0", "c1", "c2"]}),
    ),
    "yn": Issue("yn", "Yes/no", "Whether?", parse_scale({"type": "yesno"})),
    "set": Issue(
        "set", "Set", "Who?", parse_scale({"type": "set", "universe": ["u0", "u1", "u2", "u3"]})
    ),
}
RANDOM_SOURCES = {
    f"s{i}": Source(f"s{i}", "article", f"Outlet {i}", f"Title {i}", D(2026, 1, 1))
    for i in range(3)
}


@st.composite
def values(draw, issue: str):
    """A preferred point and an acceptable zone holding it (or None) on ``issue``'s scale."""
    scale = RANDOM_ISSUES[issue].scale
    stated = draw(st.booleans())
    if scale.type == "numeric":
        x = float(draw(st.integers(0, 100)))
        lo = draw(st.one_of(st.none(), st.integers(0, int(x)).map(float)))
        hi = draw(st.one_of(st.none(), st.integers(int(x), 100).map(float)))
        zone = _Interval(lo, hi) if lo is not None or hi is not None else None
        return x, zone if stated else None
    if scale.type in ("ordinal", "categorical"):
        x = draw(st.sampled_from(scale.options))
        extra = draw(st.frozensets(st.sampled_from(scale.options)))
        return x, (extra | {x}) if stated else None
    if scale.type == "yesno":
        x = draw(st.booleans())
        both = draw(st.booleans())
        return x, (frozenset({x, not x}) if both else frozenset({x})) if stated else None
    x = draw(st.frozensets(st.sampled_from(scale.universe)))
    lo = draw(st.frozensets(st.sampled_from(sorted(x)))) if x else frozenset()
    hi = x | draw(st.frozensets(st.sampled_from(scale.universe)))
    return x, SetRange(lo, hi) if stated else None


@st.composite
def stances(draw, parties: tuple[str, ...], max_size: int = 14, days: int = 6):
    """Random stances with unique (party, issue, date) keys."""
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(parties),
                st.sampled_from(sorted(RANDOM_ISSUES)),
                st.integers(1, days),
            ),
            max_size=max_size,
            unique=True,
        )
    )
    out = []
    for party, issue, day in keys:
        status = draw(st.sampled_from(["active"] * 6 + ["withdrawn", "deprecated", "disputed"]))
        prefer, accept = (None, None) if status == "withdrawn" else draw(values(issue))
        n_cites = draw(st.integers(1, 2))
        evidence = [
            Evidence(
                draw(st.sampled_from(sorted(RANDOM_SOURCES))),
                draw(st.sampled_from(["we will", "we might", "never"])),
            )
            for _ in range(n_cites)
        ]
        out.append(
            Stance(
                party,
                issue,
                D(2026, 1, day),
                prefer=prefer,
                accept=accept,
                status=status,
                reason="disputed by another report"
                if status in ("deprecated", "disputed")
                else None,
                salience=draw(st.one_of(st.none(), st.integers(0, 100).map(float))),
                confidence=draw(st.sampled_from(["high", "medium", "low"])),
                evidence=evidence,
            )
        )
    return tuple(out)


@st.composite
def random_datasets(draw, max_parties: int = 4, max_stances: int = 14):
    n = draw(st.integers(1, max_parties))
    parties = {
        f"p{i}": Party(
            f"p{i}",
            f"Party {i}",
            capability=draw(st.one_of(st.none(), st.integers(0, 100).map(float))),
        )
        for i in range(n)
    }
    return Dataset(
        parties=parties,
        issues=RANDOM_ISSUES,
        sources=RANDOM_SOURCES,
        stances=draw(stances(tuple(parties), max_stances)),
    )
