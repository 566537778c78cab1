"""Datasets for the report tests: the mini fixture, and a hostile copy whose
data text is full of HTML and Markdown metacharacters."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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


def git_dataset(tmp: Path, source: Path, where: str = "data") -> Path:
    """A git repository whose folder ``where`` is ``source`` at HEAD~1 and, at
    HEAD, the same with Southland's army-size demand lowered from 250,000 to
    220,000.  Returns that folder."""
    repo = tmp / "repo"
    shutil.copytree(source, repo / where)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    lower_southland(repo / where)
    git("commit", "-qam", "second")
    return repo / where


def lower_southland(root: Path) -> None:
    """Southland's army-size demand: 250,000 -> 220,000 (a softening)."""
    path = root / "stances" / "southland.yaml"
    text = path.read_text(encoding="utf-8")
    assert "prefer: 250000" in text
    path.write_text(text.replace("prefer: 250000", "prefer: 220000"), encoding="utf-8")


def two_plans() -> Dataset:
    """A dataset of two plans and no negotiators: the 12-point draft holds
    Northland's stances, and a 15-point revision of it (``derived-from``)
    keeps some, changes one, drops one and adds Southland's."""
    from peacetracker import Party

    ds = mini()
    parties = {
        "eastern-league": ds.parties["eastern-league"],
        "draft-12-point": ds.parties["draft-12-point"],
        "draft-15-point": Party(
            "draft-15-point", "15-point revised framework", kind="plan",
            endorsed_by=("eastern-league",), derived_from="draft-12-point",
        ),
    }
    active = [s for s in ds.stances if s.status == "active"]
    latest: dict[tuple[str, str], object] = {}
    for s in sorted(active, key=lambda s: s.date):
        latest[(s.party, s.issue)] = s
    old = [attrs.evolve(s, party="draft-12-point", move="proposal")
           for (p, _), s in latest.items() if p == "northland"]
    new = []
    for s in old:
        if s.issue == "alliance-membership":
            continue  # dropped
        if s.issue == "army-size":
            s = attrs.evolve(s, prefer=200000, accept=None)  # changed
        new.append(attrs.evolve(s, party="draft-15-point"))
    taken = {s.issue for s in new}
    new += [attrs.evolve(s, party="draft-15-point", move="proposal")  # added
            for (p, i), s in latest.items() if p == "eastern-league" and i not in taken]
    return attrs.evolve(ds, parties=parties, stances=[*old, *new])
