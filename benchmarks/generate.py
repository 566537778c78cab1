"""A deterministic generator of realistic synthetic datasets (docs/format.md).

``generate(root, size, seed)`` writes a dataset of exactly ``size`` stances:
20 parties (states, an organisation, a coalition with members, two draft plans
in a lineage), up to 500 issues cycling through every scale type, dated
histories of several stances per party and issue (some withdrawn, deprecated
or disputed, some with conditions or events), evidence whose quotes really
occur in generated stored texts (with typographic quotes, dashes, ``...``
skips and ``lines`` ranges, so quote verification does real work), comments,
and registries split over several files.  Stance files are split by issue so
a large dataset spreads over thousands of files: ``stances/<party>/<n>.yaml``.

``variant=True`` writes the same dataset with 1% of its stances changed
(moved, re-rated, evidence added, withdrawn or removed): the second version
for the diff benchmark.  The same (size, seed, variant) always gives the same
bytes.  YAML is written as text directly (fast: about 100k stances in a few
seconds), not through a YAML emitter.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

__all__ = ["GENERATOR_VERSION", "DatasetStats", "generate"]

#: Bump whenever the output changes, so cached datasets are regenerated.
GENERATOR_VERSION = 2

N_PARTIES = 20
MAX_ISSUES = 500
#: Aim for about this many stances per stance file.
STANCES_PER_FILE = 50
#: Aim for about this many stances citing each source.
STANCES_PER_SOURCE = 10
#: Share of stances changed in the variant (the second version for the diff).
VARIANT_SHARE = 0.01

SYLLABLES = ("nor", "ves", "tal", "mar", "kor", "el", "sun", "bri", "cal", "dra", "fen", "gor",
             "hal", "is", "jur", "lom", "ost", "pel", "rav", "sel")
ENDINGS = ("land", "ia", "mark", "stan", "vale", "heim", "ora", "ovia")
TOPICS = ("army-size", "troop-ceiling", "security-guarantees", "ceasefire-line",
          "sanctions-relief", "reparations", "prisoner-exchange", "buffer-zone",
          "election-timing", "language-rights", "frozen-assets", "power-plant", "port-access",
          "grain-corridor", "monitoring-mission", "amnesty", "border-crossings", "energy-transit",
          "reconstruction-fund", "alliance-membership", "bloc-accession", "foreign-troops",
          "guarantor-states", "demilitarised-zone", "referendum")
PLACES = ("north", "south", "east", "west", "coast", "river", "capital", "border", "central",
          "highlands", "delta", "islands", "plains", "valley", "mountains", "lakes", "forest",
          "steppe", "harbour", "corridor")
GROUPS = {"security": "Security", "territory": "Territory", "military": "Military",
          "political": "Political", "economic": "Economic"}
SCALE_TYPES = ("numeric", "ordinal", "categorical", "yesno", "set")
UNITS = (("personnel", 500_000), ("km2", 100_000), ("EUR bn", 800), ("km", 300), ("days", 720))
ORDINAL_WORDS = ("none", "minimal", "limited", "partial", "substantial", "full", "maximal")
CATEGORY_WORDS = ("ceasefire-first", "settlement-first", "phased", "joint-commission",
                  "third-party", "referendum-first")
OUTLETS = (("continental-wire", "Continental Wire", "article"),
           ("harbour-herald", "The Harbour Herald", "article"),
           ("ministry-bulletin", "Ministry Bulletin", "statement"),
           ("evening-post", "Evening Post", "interview"))
SPEAKERS = ("the foreign minister", "the president", "a senior diplomat", "the chief negotiator",
            "a government spokesperson", "the defence minister", "an unnamed official")
VIAS = ("an aide reporting a phone call", "a mediator briefing reporters",
        "two people familiar with the talks")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
VERBS = {"demand": "insists on", "offer": "is ready to offer", "proposal": "proposes",
         "acceptance": "accepts", "rejection": "rejects anything beyond", "condition":
         "would agree only to", "denial": "denies ever seeking more than"}
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()'-]*[A-Za-z0-9.)]\Z")
START = dt.date(2016, 1, 4)


class DatasetStats(dict):
    """What was generated (stances, files, bytes...), as written to ``dataset.json``."""


def _scalar(text: str) -> str:
    """A YAML scalar for ``text``: plain when that reads back as the same string."""
    if PLAIN.match(text) and ": " not in text and " #" not in text and not text[0].isdigit() \
            and text.lower() not in ("yes", "no", "true", "false", "null", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


# -- the registries ------------------------------------------------------------------------


def _parties(rng: random.Random) -> list[dict[str, Any]]:
    names: list[str] = []
    while len(names) < N_PARTIES:
        word = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(ENDINGS)
        if word not in names:
            names.append(word)
    parties = []
    for i, word in enumerate(names[:16]):
        p = {"id": word, "name": word.capitalize(), "kind": "state"}
        if i % 3 == 0:
            p["aliases"] = [f"the {word.capitalize()} government"]
        if i % 2 == 0:
            p["capability"] = rng.randint(5, 95)
        parties.append(p)
    parties.append({"id": f"{names[16]}-council", "name": f"{names[16].capitalize()} Council",
                    "kind": "organisation"})
    coalition = f"{names[17]}-coalition"
    parties.append({"id": coalition, "name": f"{names[17].capitalize()} Coalition",
                    "kind": "coalition", "members": [p["id"] for p in parties[1:4]]})
    plan = f"{names[18]}-framework"
    parties.append({"id": plan, "name": f"{names[18].capitalize()} framework",
                    "kind": "plan", "endorsed-by": [coalition]})
    parties.append({"id": f"{names[19]}-revised-framework",
                    "name": f"{names[19].capitalize()} revised framework", "kind": "plan",
                    "endorsed-by": [coalition, parties[0]["id"]], "derived-from": plan,
                    "note": "Revised from the first framework after the second round."})
    return parties


def _issues(rng: random.Random, n: int) -> list[dict[str, Any]]:
    combos = [f"{t}-{p}" for p in PLACES for t in TOPICS]
    issues = []
    for i, iid in enumerate(combos[:n]):
        kind = SCALE_TYPES[i % len(SCALE_TYPES)]
        topic, place = iid.rsplit("-", 1)
        scale: dict[str, Any] = {"type": kind}
        if kind == "numeric":
            unit, top = UNITS[i % len(UNITS)]
            scale["unit"] = unit
            if i % 4:  # one in four has no declared range (observed range used)
                scale["min"], scale["max"] = 0, top
            scale["_top"] = top
        elif kind == "ordinal":
            k = rng.randint(3, 6)
            scale["options"] = list(ORDINAL_WORDS[:k])
            scale["_labels"] = i % 2 == 0
        elif kind == "categorical":
            scale["options"] = rng.sample(CATEGORY_WORDS, rng.randint(2, 4))
        elif kind == "set":
            scale["universe"] = rng.sample([p for p in PLACES if p != place], rng.randint(3, 6))
        issues.append({
            "id": iid, "name": f"{topic.replace('-', ' ').capitalize()} ({place})",
            "question": f"What should be agreed on {topic.replace('-', ' ')} in the {place}?",
            "group": list(GROUPS)[i % len(GROUPS)], "scale": scale,
        })
    return issues


def _write_parties(parties: list[dict[str, Any]]) -> str:
    out = ["# Who takes positions (generated benchmark data).\n", "parties:\n"]
    for p in parties:
        out.append(f"  {p['id']}:\n    name: {_scalar(p['name'])}\n    kind: {p['kind']}\n")
        if "aliases" in p:
            out.append(f"    aliases: [{_scalar(p['aliases'][0])}]\n")
        for key in ("members", "endorsed-by"):
            if key in p:
                out.append(f"    {key}: {_flow(p[key])}\n")
        if "derived-from" in p:
            out.append(f"    derived-from: {p['derived-from']}\n")
        if "capability" in p:
            out.append(f"    capability: {p['capability']}\n")
        if "note" in p:
            out.append(f"    note: {_scalar(p['note'])}\n")
    return "".join(out)


def _write_issues(issues: list[dict[str, Any]]) -> str:
    out = ["issues:\n"]
    for iss in issues:
        s = iss["scale"]
        out.append(f"  {iss['id']}:\n    name: {_scalar(iss['name'])}\n"
                   f"    question: {_scalar(iss['question'])}\n    group: {iss['group']}\n")
        if s["type"] == "numeric":
            rng_part = f", min: {s['min']}, max: {s['max']}" if "min" in s else ""
            note = "" if rng_part else "  # no declared range: the observed one is used"
            out.append(f"    scale: {{type: numeric, unit: {s['unit']}{rng_part}}}{note}\n")
        elif s["type"] == "yesno":
            out.append("    scale: {type: yesno}\n")
        elif s["type"] == "ordinal" and s["_labels"]:
            out.append("    scale:\n      type: ordinal\n      options:\n")
            out.extend(f"        {o}: {_scalar(o.replace('-', ' ').capitalize())}\n"
                       for o in s["options"])
        else:
            key = "universe" if s["type"] == "set" else "options"
            out.append(f"    scale:\n      type: {s['type']}\n      {key}: {_flow(s[key])}\n")
    return "".join(out)


# -- values on each scale --------------------------------------------------------------------


def _value(rng: random.Random, scale: dict[str, Any]) -> tuple[Any, Any]:
    """A preferred point and (sometimes) an acceptable zone that holds it, as YAML text."""
    kind = scale["type"]
    with_zone = rng.random() < 0.9
    if kind == "numeric":
        top = scale["_top"]
        v = rng.randrange(0, top + 1, max(1, top // 100))
        if not with_zone:
            return str(v), None
        lo, hi = max(0, v - rng.randint(0, top // 5)), min(top, v + rng.randint(0, top // 5))
        form = rng.random()
        if form < 0.3:
            return str(v), f"{{min: {lo}}}"
        if form < 0.5:
            return str(v), f"{{max: {hi}}}"
        return str(v), f"{{min: {lo}, max: {hi}}}"
    if kind in ("ordinal", "categorical"):
        opts = scale["options"]
        i = rng.randrange(len(opts))
        if not with_zone:
            return opts[i], None
        if kind == "ordinal" and rng.random() < 0.5:
            lo, hi = max(0, i - rng.randint(0, 2)), min(len(opts) - 1, i + rng.randint(0, 2))
            return opts[i], f"{{min: {opts[lo]}, max: {opts[hi]}}}"
        others = [o for o in opts if o != opts[i]]
        zone = [opts[i], *rng.sample(others, rng.randint(0, min(2, len(others))))]
        return opts[i], _flow([o for o in opts if o in zone])
    if kind == "yesno":
        v = rng.choice(("yes", "no"))
        return v, (rng.choice((f"[{v}]", "[yes, no]")) if with_zone else None)
    universe = scale["universe"]
    chosen = [u for u in universe if rng.random() < 0.4]
    if not with_zone:
        return _flow(chosen), None
    must = [u for u in chosen if rng.random() < 0.5]
    may = [u for u in universe if u in chosen or rng.random() < 0.5]
    return _flow(chosen), f"{{min: {_flow(must)}, max: {_flow(may)}}}"


def _words(value: str) -> str:
    return value.strip("[]{}").replace("-", " ") or "nothing at all"


# -- stances, sources and texts ------------------------------------------------------------


class _Builder:
    def __init__(self, size: int, seed: int):
        self.size = size
        self.rng = random.Random(seed)
        self.parties = _parties(self.rng)
        n_issues = min(MAX_ISSUES, max(len(SCALE_TYPES), size // 20))
        self.issues = _issues(self.rng, n_issues)
        self.scales = {i["id"]: i["scale"] for i in self.issues}
        self.yesno = [i["id"] for i in self.issues if i["scale"]["type"] == "yesno"]
        #: source id -> record; texts: source id -> list of lines
        self.sources: dict[str, dict[str, Any]] = {}
        self.lines: dict[str, list[str]] = defaultdict(list)
        self.events: list[dict[str, Any]] = []
        #: (party, issue) -> list of stance records (dicts)
        self.stances: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def source_for(self, date: dt.date) -> str:
        sid_, outlet, kind = OUTLETS[self.rng.randrange(len(OUTLETS))]
        sid = f"{sid_}-{date.isoformat()}"
        if sid not in self.sources:
            rec = {"id": sid, "kind": kind, "outlet": outlet, "published": date,
                   "title": f"{outlet} report of {date.day} {date:%B %Y}"}
            if sid_ == "continental-wire":
                rec["file"] = f"texts/{sid_}-{date:%Y-%m}.txt"  # one file, many articles
                rec["shared"] = True
            elif self.rng.random() < 0.85:
                rec["file"] = f"texts/{sid}.txt"
            if self.rng.random() < 0.5:
                rec["url"] = f"https://example.org/{sid_}/{date:%Y/%m/%d}/"
            if self.rng.random() < 0.3:
                rec["author"] = f"{self.rng.choice(SYLLABLES).capitalize()} Reporter"
            self.sources[sid] = rec
            self.lines[sid].append(rec["title"])
        return sid

    def quote(self, sid: str, party: dict[str, Any], issue: dict[str, Any], value: str,
              move: str, date: dt.date) -> tuple[str, str]:
        """A sentence added to the source's stored text, and a quote from it."""
        rng = self.rng
        speaker = rng.choice(SPEAKERS)
        clause = (f"{party['name']}'s position on {issue['name'].lower()} is that it "
                  f"{VERBS[move]} {_words(value)} - no more, no less, as of {date.day} "
                  f"{date:%B}")
        stored = clause.replace("'", "\u2019").replace(" - ", " \u2014 ")
        self.lines[sid].append(f"Speaking on {WEEKDAYS[date.weekday()]}, {speaker} said "
                               f"\u201c{stored}\u201d, according to officials.")
        form = rng.random()
        if form < 0.6:
            q = clause
        elif form < 0.8:
            q = f'{speaker} said "{clause}"'
        else:
            words = clause.split()
            q = " ".join(words[:4]) + " ... " + " ".join(words[-5:])
        return q, speaker

    def build(self) -> None:
        rng = self.rng
        pairs = [(p["id"], i["id"]) for p in self.parties for i in self.issues]
        # every party-issue pair with a stance has a history of three or more
        active = sorted(rng.sample(range(len(pairs)), min(len(pairs), max(1, self.size // 3))))
        pairs = [pairs[k] for k in active]
        base, extra = divmod(self.size, len(pairs))
        lucky = set(rng.sample(range(len(pairs)), extra))
        by_id = {p["id"]: p for p in self.parties}
        issues = {i["id"]: i for i in self.issues}
        # News days: about STANCES_PER_SOURCE stances per source, at most 4 sources a day.
        n_days = max(base + 1, min(7000, self.size // (4 * STANCES_PER_SOURCE)), 5)
        span = max(2400, n_days * 3 // 2)
        days = sorted(START + dt.timedelta(days=d) for d in rng.sample(range(span), n_days))
        n_events = max(1, self.size // 200)
        for k in range(n_events):
            date = rng.choice(days)
            self.events.append({"id": f"round-{k + 1}-talks", "date": date,
                                "title": f"Round {k + 1} of talks",
                                "parties": rng.sample([p["id"] for p in self.parties], 2)})
        for n, (pid, iid) in enumerate(pairs):
            count = base + (n in lucky)
            if not count:
                continue
            scale = self.scales[iid]
            history = []
            for j, date in enumerate(sorted(rng.sample(days, count))):
                st: dict[str, Any] = {"date": date}
                r = rng.random()
                if j and r < 0.03:
                    st["status"] = "withdrawn"
                else:
                    st["prefer"], zone = _value(rng, scale)
                    if zone is not None:
                        st["accept"] = zone
                    if r > 0.985:
                        st["status"] = "deprecated"
                        st["reason"] = "Later shown to be misreported."
                    elif r > 0.975:
                        st["status"] = "disputed"
                        st["reason"] = "Another outlet reported a different figure."
                st["move"] = rng.choice(tuple(VERBS))
                if rng.random() < 0.5:
                    st["salience"] = rng.randint(10, 100)
                if rng.random() < 0.2:
                    st["basis"] = rng.choice(("reported", "inferred"))
                # hearsay is rarely marked high confidence (check warns when it is)
                if rng.random() < (0.95 if "basis" in st else 0.1):
                    st["confidence"] = rng.choice(("medium", "low"))
                if rng.random() < 0.1:
                    st["precision"] = rng.choice(("month", "before"))
                if rng.random() < 0.05 and self.yesno:
                    st["conditions"] = [(rng.choice(self.yesno), rng.choice(("yes", "no")))]
                if rng.random() < 0.03:
                    st["event"] = rng.choice(self.events)["id"]
                if rng.random() < 0.05:
                    st["comment"] = rng.choice(("Confirmed by a second outlet.",
                                                "Date inferred from the article.",
                                                "Wording differs between translations."))
                st["evidence"] = [self.citation(by_id[pid], issues[iid],
                                                st.get("prefer", "withdrawal"), st["move"], date)
                                  for _ in range(1 + (rng.random() < 0.15))]
                history.append(st)
            self.stances[(pid, iid)] = history

    def citation(self, party, issue, value, move, date) -> dict[str, Any]:
        sid = self.source_for(date)
        quote, speaker = self.quote(sid, party, issue, value, move, date)
        ev = {"source": sid, "quote": quote}
        if self.rng.random() < 0.5:
            ev["speaker"] = speaker.capitalize()
        if self.rng.random() < 0.1:
            ev["via"] = self.rng.choice(VIAS)
        return ev

    # -- the variant: 1% of stances changed ----------------------------------------------------
    def mutate(self, seed: int) -> None:
        rng = random.Random(seed * 7919 + 1)
        keys = [(k, j) for k, hist in self.stances.items() for j in range(len(hist))]
        chosen = rng.sample(keys, max(1, int(len(keys) * VARIANT_SHARE)))
        removed: dict[tuple[str, str], set[int]] = defaultdict(set)
        for (key, j) in chosen:
            st = self.stances[key][j]
            kind = rng.random()
            if kind < 0.4 and "prefer" in st:
                st["prefer"], zone = _value(rng, self.scales[key[1]])
                st.pop("accept", None)
                if zone is not None:
                    st["accept"] = zone
            elif kind < 0.6:
                st["confidence"] = "low" if st.get("confidence") != "low" else "high"
            elif kind < 0.8:
                first = st["evidence"][0]
                st["evidence"] = [*st["evidence"], {"source": first["source"],
                                                    "quote": self.lines[first["source"]][0]}]
            elif kind < 0.9:
                st["status"] = "withdrawn"
                for k in ("prefer", "accept", "reason"):
                    st.pop(k, None)
            else:
                removed[key].add(j)
        for key, js in removed.items():
            self.stances[key] = [s for j, s in enumerate(self.stances[key]) if j not in js]

    # -- writing -------------------------------------------------------------------------------
    def files(self) -> dict[str, str]:
        """Every file of the dataset: relative path -> text."""
        files: dict[str, str] = {}
        files["peacetracker.yaml"] = (
            f"# Generated by benchmarks.generate (version {GENERATOR_VERSION}).\n"
            f"title: Synthetic benchmark dataset ({self.size} stances)\n"
            "description: Invented parties and issues, for measuring speed only.\n")
        files["parties.yaml"] = _write_parties(self.parties)
        files["issues.yaml"] = "groups:\n" + "".join(f"  {k}: {v}\n" for k, v in GROUPS.items())
        for g in GROUPS:
            part = [i for i in self.issues if i["group"] == g]
            files[f"issues/{g}.yaml"] = f"# Issues in the {g} group.\n" + _write_issues(part)
        ev = ["events:\n"]
        for e in self.events:
            ev.append(f"  {e['id']}:\n    date: {e['date'].isoformat()}\n    title: {e['title']}\n"
                      f"    parties: {_flow(e['parties'])}\n")
        files["events.yaml"] = "".join(ev)
        # stored texts: one per source, or several articles per file with line ranges
        by_file: dict[str, list[str]] = defaultdict(list)
        for sid, rec in self.sources.items():
            if "file" in rec:
                lines = by_file[rec["file"]]
                start = len(lines) + 1
                lines.extend(self.lines[sid])
                rec["lines"] = (start, len(lines))
        for path, lines in by_file.items():
            files[path] = "\n".join(lines) + "\n"
        by_year: dict[int, list[str]] = defaultdict(list)
        for sid in sorted(self.sources):
            rec = self.sources[sid]
            out = by_year[rec["published"].year]
            out.append(f"  {sid}:\n    kind: {rec['kind']}\n    outlet: {_scalar(rec['outlet'])}\n"
                       f"    title: {_scalar(rec['title'])}\n"
                       f"    published: {rec['published'].isoformat()}\n")
            if "url" in rec:
                out.append(f"    url: {rec['url']}\n")
            if "file" in rec:
                out.append(f"    path: {rec['file']}\n")
                if rec.get("shared"):  # a monthly file holding several articles
                    out.append(f"    lines: {rec['lines'][0]}-{rec['lines'][1]}\n")
            if "author" in rec:
                out.append(f"    author: {_scalar(rec['author'])}\n")
        for year, out in by_year.items():
            files[f"sources/{year}.yaml"] = f"# Sources published in {year}.\nsources:\n" \
                + "".join(out)
        per_file = max(1, round(STANCES_PER_FILE * len(self.parties) * len(self.issues)
                                / max(1, self.size)))
        for p in self.parties:
            for k in range(0, len(self.issues), per_file):
                chunk = [i["id"] for i in self.issues[k:k + per_file]]
                body = [self._stances(p["id"], iid) for iid in chunk
                        if self.stances.get((p["id"], iid))]
                if body:
                    files[f"stances/{p['id']}/{k // per_file + 1:03d}.yaml"] = (
                        f"# Positions of {p['name']} on issues {k + 1} to {k + len(chunk)}.\n"
                        f"party: {p['id']}\n\nstances:\n" + "".join(body))
        return files

    def _stances(self, pid: str, iid: str) -> str:
        out = [f"  {iid}:\n"]
        for st in self.stances[(pid, iid)]:
            if "comment" in st:
                out.append(f"    # {st['comment']}\n")
            out.append(f"    - date: {st['date'].isoformat()}\n")
            for key in ("precision", "status", "prefer", "accept", "move", "salience",
                        "confidence", "basis", "event"):
                if key in st:
                    out.append(f"      {key}: {st[key]}\n")
            if "reason" in st:
                out.append(f"      reason: {_scalar(st['reason'])}\n")
            if "conditions" in st:
                out.append("      conditions:\n")
                for issue, value in st["conditions"]:
                    out.append(f"        - issue: {issue}\n          value: {value}\n")
            out.append("      evidence:\n")
            for ev in st["evidence"]:
                out.append(f"        - source: {ev['source']}\n"
                           f"          quote: {_scalar(ev['quote'])}\n")
                for key in ("speaker", "via"):
                    if key in ev:
                        out.append(f"          {key}: {_scalar(ev[key])}\n")
        return "".join(out)


def generate(root: str | Path, size: int, seed: int = 1, variant: bool = False) -> DatasetStats:
    """Write a dataset of ``size`` stances under ``root`` (created; must be empty or absent).

    With ``variant``, 1% of the stances differ (the second version for diffs).
    Returns what was written (counts of stances, files and bytes).
    """
    builder = _Builder(size, seed)
    builder.build()
    if variant:
        builder.mutate(seed)
    root = Path(root)
    files = builder.files()
    total = 0
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    n_stances = sum(len(h) for h in builder.stances.values())
    return DatasetStats(
        size=size, seed=seed, variant=variant, stances=n_stances,
        parties=len(builder.parties), issues=len(builder.issues), sources=len(builder.sources),
        events=len(builder.events),
        files=len(files), yaml_files=sum(1 for f in files if f.endswith(".yaml")),
        bytes=total, generator_version=GENERATOR_VERSION,
    )
