"""Datasets for the report tests: the mini fixture, and a hostile copy whose
data text is full of HTML and Markdown metacharacters."""

from __future__ import annotations

import attrs

from _datasets import mini
from peacetracker import Dataset

HOSTILE_QUOTE = "<script>window.pwned=1</script> *not bold* [a](javascript:alert(1)) | pipe"


def hostile() -> Dataset:
    """The mini fixture with markup in names, quotes, titles and addresses."""
    ds = mini()
    parties = dict(ds.parties)
    parties["northland"] = attrs.evolve(parties["northland"], name="<b>North</b> & *Co* | [x]")
    issues = dict(ds.issues)
    issues["army-size"] = attrs.evolve(
        issues["army-size"], name="Army <img src=x onerror=alert(1)>"
    )
    sources = {
        k: attrs.evolve(
            s, title="</title><script>window.pwned=1</script>", url="javascript:alert(1)"
        )
        for k, s in ds.sources.items()
    }
    stances = []
    for s in ds.stances:
        evidence = [
            attrs.evolve(e, quote=HOSTILE_QUOTE, speaker="# Not a heading") for e in s.evidence
        ]
        stances.append(attrs.evolve(s, evidence=evidence))
    settings = attrs.evolve(
        ds.settings,
        title="Talks <script>window.pwned=1</script>",
        description="- not a list item\n1. nor this",
    )
    return attrs.evolve(
        ds, parties=parties, issues=issues, sources=sources, stances=stances, settings=settings
    )
