"""The model back to plain data: the inverse of the loader.

Values and zones go through each issue's scale (``value_to_data``,
``zone_to_data``); defaults are left out, as an editor would.  Dates stay
``datetime.date`` (YAML writes them unquoted).

    >>> import peacetracker
    >>> ds = peacetracker.load("tests/data/mini")                   # doctest: +SKIP
    >>> files = dataset_to_files(ds)                                  # doctest: +SKIP
    >>> sorted(files)[:3]                                             # doctest: +SKIP
    ['events.yaml', 'issues.yaml', 'parties.yaml']
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from ruamel.yaml import YAML

from ._dataset import Dataset
from ._model import Claim, Event, Evidence, Issue, Party, Settings, Source, Stance
from ._plumbing.atomic import atomic_write
from .scales import Scale

__all__ = [
    "claim_to_data",
    "dataset_to_files",
    "dump_yaml",
    "event_to_data",
    "evidence_to_data",
    "issue_to_data",
    "party_to_data",
    "settings_to_data",
    "source_to_data",
    "stance_file_to_data",
    "stance_to_data",
    "write_files",
]

_DEFAULT_BANDS = Settings().bands


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _put(data: dict[str, Any], key: str, value: Any, default: Any = None) -> None:
    """Set ``key`` unless the value is empty or the default."""
    if value is None or value == default or (isinstance(value, tuple) and not value):
        return
    data[key] = list(value) if isinstance(value, tuple) else value


def party_to_data(party: Party) -> dict[str, Any]:
    data: dict[str, Any] = {"name": party.name}
    _put(data, "kind", party.kind, "state")
    _put(data, "aliases", party.aliases)
    _put(data, "members", party.members)
    claims: dict[str, list[Any]] = {c.relation: [] for c in party.claims}
    for c in party.claims:
        claims[c.relation].append(claim_to_data(c))
    _put(data, "endorsed-by", tuple(claims.get("endorsed-by", ())))
    if claims.get("derived-from"):
        data["derived-from"] = claims["derived-from"][0]
    if party.capability is not None:
        data["capability"] = _number(party.capability)
    _put(data, "note", party.note)
    return data


def evidence_to_data(ev: Evidence) -> dict[str, Any]:
    item: dict[str, Any] = {"source": ev.source, "quote": ev.quote}
    _put(item, "speaker", ev.speaker)
    _put(item, "via", ev.via)
    _put(item, "note", ev.note)
    return item


def claim_to_data(claim: Claim) -> Any:
    """A structural claim as written: its id when bare, else a mapping with its evidence."""
    if not claim.evidence:
        return claim.party
    data: dict[str, Any] = {"party" if claim.relation == "endorsed-by" else "plan": claim.party}
    _put(data, "basis", claim.basis, "stated")
    _put(data, "confidence", claim.confidence, "high")
    data["evidence"] = [evidence_to_data(ev) for ev in claim.evidence]
    _put(data, "note", claim.note)
    return data


def issue_to_data(issue: Issue) -> dict[str, Any]:
    data: dict[str, Any] = {"name": issue.name, "question": issue.question}
    _put(data, "group", issue.group)
    _put(data, "kind", issue.kind, "term")
    _put(data, "salience", issue.salience)
    if issue.salience_evidence:
        data["salience-evidence"] = [evidence_to_data(ev) for ev in issue.salience_evidence]
    scale = issue.scale.to_data()
    for key in ("min", "max"):
        if key in scale:
            scale[key] = _number(scale[key])
    data["scale"] = scale
    _put(data, "note", issue.note)
    return data


def source_to_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": source.kind}
    _put(data, "outlet", source.outlet)
    data["title"] = source.title
    data["published"] = source.published
    if source.precision != "day":
        data["precision"] = source.precision
    _put(data, "url", source.url)
    _put(data, "path", source.path)
    if source.lines is not None:
        data["lines"] = f"{source.lines[0]}-{source.lines[1]}"
    _put(data, "author", source.author)
    _put(data, "affiliation", source.affiliation)
    _put(data, "note", source.note)
    return data


def event_to_data(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {"date": event.date, "title": event.title}
    _put(data, "parties", event.parties)
    _put(data, "sources", event.sources)
    _put(data, "note", event.note)
    return data


class Scaled(Protocol):
    """What writing a stance needs of its issue: the scale."""

    @property
    def scale(self) -> Scale: ...


def stance_to_data(stance: Stance, issues: Mapping[str, Scaled]) -> dict[str, Any]:
    """One stance as written under its issue (``issues`` maps ids to issues, for scales)."""
    scale = issues[stance.issue].scale
    data: dict[str, Any] = {"date": stance.date}
    _put(data, "precision", stance.precision, "day")
    if stance.prefer is not None:
        data["prefer"] = scale.value_to_data(stance.prefer)
    if stance.accept is not None:
        data["accept"] = scale.zone_to_data(stance.accept)
    if stance.salience is not None:
        data["salience"] = _number(stance.salience)
    _put(data, "move", stance.move)
    if stance.conditions:
        data["conditions"] = []
        for c in stance.conditions:
            cond: dict[str, Any] = {
                "issue": c.issue,
                "value": issues[c.issue].scale.value_to_data(c.value),
            }
            _put(cond, "note", c.note)
            data["conditions"].append(cond)
    _put(data, "confidence", stance.confidence, "high")
    _put(data, "basis", stance.basis, "stated")
    _put(data, "status", stance.status, "active")
    _put(data, "reason", stance.reason)
    _put(data, "event", stance.event)
    data["evidence"] = [evidence_to_data(ev) for ev in stance.evidence]
    _put(data, "note", stance.note)
    return data


def stance_file_to_data(
    party: str, stances: Iterable[Stance], issues: Mapping[str, Scaled]
) -> dict[str, Any]:
    """A party's stance file: ``{party, stances: {issue: [stance, ...]}}``, dated order."""
    by_issue: dict[str, list[Stance]] = {}
    for s in sorted(stances, key=lambda s: (s.issue, s.date)):
        by_issue.setdefault(s.issue, []).append(s)
    return {
        "party": party,
        "stances": {
            issue: [stance_to_data(s, issues) for s in items] for issue, items in by_issue.items()
        },
    }


def settings_to_data(settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = {"title": settings.title}
    _put(data, "description", settings.description)
    if settings.bands != _DEFAULT_BANDS:
        data["bands"] = {word: _number(bound) for word, bound in settings.bands}
    if settings.focus:
        data["focus"] = list(settings.focus)
    if settings.issue_order:
        data["issue-order"] = list(settings.issue_order)
    return data


def dataset_to_files(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """Relative path -> plain data, one file per registry and per party with stances."""
    files: dict[str, dict[str, Any]] = {
        "peacetracker.yaml": settings_to_data(dataset.settings),
    }
    if dataset.parties:
        files["parties.yaml"] = {
            "parties": {k: party_to_data(p) for k, p in dataset.parties.items()}
        }
    issues: dict[str, Any] = {}
    if dataset.groups:
        issues["groups"] = dict(dataset.groups)
    if dataset.issues:
        issues["issues"] = {k: issue_to_data(i) for k, i in dataset.issues.items()}
    if issues:
        files["issues.yaml"] = issues
    if dataset.sources:
        files["sources.yaml"] = {
            "sources": {k: source_to_data(s) for k, s in dataset.sources.items()}
        }
    if dataset.events:
        files["events.yaml"] = {"events": {k: event_to_data(e) for k, e in dataset.events.items()}}
    by_party: dict[str, list[Stance]] = {}
    for s in dataset.stances:
        by_party.setdefault(s.party, []).append(s)
    for party, stances in sorted(by_party.items()):
        files[f"stances/{party}.yaml"] = stance_file_to_data(party, stances, dataset.issues)
    return files


def dump_yaml(data: Any) -> str:
    """Plain data as block-style YAML text (ruamel.yaml)."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write_files(dataset: Dataset, directory: str | os.PathLike[str]) -> list[str]:
    """Write ``dataset`` as YAML files into ``directory``; the relative paths written."""
    from pathlib import Path

    root = Path(directory)
    written = []
    for rel, data in dataset_to_files(dataset).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, dump_yaml(data))
        written.append(rel)
    return written
