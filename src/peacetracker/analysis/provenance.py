"""The provenance graph in W3C PROV terms, as a PROV-JSON document.

- every source is an entity; every quote is an entity derived from its source
  by quotation (``wasQuotedFrom``), and attributed to its speaker
  (``wasAttributedTo``, role ``speaker``) and to whoever relayed it (role
  ``relay``);
- a speaker of a stance the party stated itself acted on behalf of that party
  (``actedOnBehalfOf``);
- every stance is an entity attributed to its party and derived from its
  quotes;
- parties are agents (states and coalitions as organisations, persons as
  persons); a plan is also an entity, and a plan derived from another is a
  revision of it (``wasRevisionOf``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._core import DatasetLike

__all__ = ["NAMESPACE", "provenance"]

#: The namespace of peacetracker's own terms and identifiers.
NAMESPACE = "https://peacetracker.invalid/ns#"

#: PROV agent types by party kind (a plan is a document: an agent with no PROV type).
_AGENT_TYPE = {"person": "prov:Person", "plan": None}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def _typed(value: str, kind: str) -> dict[str, str]:
    return {"$": value, "type": kind}


def provenance(ds: DatasetLike) -> dict[str, Any]:
    """The dataset's provenance graph as a PROV-JSON document (a plain dict)."""
    doc: dict[str, dict[str, Any]] = {
        "prefix": {"pt": NAMESPACE},
        "entity": {},
        "agent": {},
        "wasAttributedTo": {},
        "actedOnBehalfOf": {},
        "wasDerivedFrom": {},
    }
    counters = {"n": 0}

    def relation(kind: str, body: dict[str, Any]) -> None:
        counters["n"] += 1
        doc[kind][f"_:{kind}{counters['n']}"] = body

    for party in ds.parties.values():
        pid = f"pt:party/{party.id}"
        agent: dict[str, Any] = {"prov:label": party.name, "pt:kind": party.kind}
        kind = _AGENT_TYPE.get(party.kind, "prov:Organization")
        if kind:
            agent["prov:type"] = _typed(kind, "xsd:QName")
        doc["agent"][pid] = agent
        if party.kind == "plan":
            doc["entity"][pid] = {
                "prov:type": _typed("prov:Plan", "xsd:QName"),
                "prov:label": party.name,
            }
            if party.derived_from:
                relation(
                    "wasDerivedFrom",
                    {
                        "prov:generatedEntity": pid,
                        "prov:usedEntity": f"pt:party/{party.derived_from}",
                        "prov:type": _typed("prov:Revision", "xsd:QName"),
                    },
                )
            for backer in party.endorsed_by:
                relation(
                    "wasAttributedTo",
                    {
                        "prov:entity": pid,
                        "prov:agent": f"pt:party/{backer}",
                        "prov:role": "endorser",
                    },
                )

    for source in ds.sources.values():
        body: dict[str, Any] = {
            "prov:type": _typed("pt:" + source.kind, "xsd:QName"),
            "prov:label": source.title,
            "pt:outlet": source.outlet or "unknown",
            "pt:published": _typed(source.published.isoformat(), "xsd:date"),
        }
        if source.url:
            body["prov:location"] = _typed(source.url, "xsd:anyURI")
        if source.author:
            body["pt:author"] = source.author
        doc["entity"][f"pt:source/{source.id}"] = body

    seen: dict[tuple, int] = {}
    acted: set[tuple[str, str]] = set()
    for stance in ds.stances:
        key = (stance.party, stance.issue, stance.date.isoformat())
        seen[key] = seen.get(key, 0) + 1
        sid = "pt:stance/" + "/".join(key) + (f"/{seen[key]}" if seen[key] > 1 else "")
        doc["entity"][sid] = {
            "prov:type": _typed("pt:Stance", "xsd:QName"),
            "pt:party": stance.party,
            "pt:issue": stance.issue,
            "pt:date": _typed(stance.date.isoformat(), "xsd:date"),
            "pt:status": stance.status,
            "pt:basis": stance.basis,
        }
        relation("wasAttributedTo", {"prov:entity": sid, "prov:agent": f"pt:party/{stance.party}"})
        for n, cite in enumerate(stance.evidence):
            qid = f"{sid}/quote/{n}"
            doc["entity"][qid] = {
                "prov:type": _typed("pt:Quote", "xsd:QName"),
                "prov:value": cite.quote,
            }
            relation(
                "wasDerivedFrom",
                {
                    "prov:generatedEntity": qid,
                    "prov:usedEntity": f"pt:source/{cite.source}",
                    "prov:type": _typed("prov:Quotation", "xsd:QName"),
                },
            )
            relation("wasDerivedFrom", {"prov:generatedEntity": sid, "prov:usedEntity": qid})
            for role, who in (("speaker", cite.speaker), ("relay", cite.via)):
                if not who:
                    continue
                aid = f"pt:person/{_slug(who)}"
                doc["agent"].setdefault(aid, {"prov:label": who})
                relation(
                    "wasAttributedTo", {"prov:entity": qid, "prov:agent": aid, "prov:role": role}
                )
                if (
                    role == "speaker"
                    and stance.basis == "stated"
                    and (aid, stance.party) not in acted
                ):
                    acted.add((aid, stance.party))
                    relation(
                        "actedOnBehalfOf",
                        {"prov:delegate": aid, "prov:responsible": f"pt:party/{stance.party}"},
                    )
    return {k: v for k, v in doc.items() if v}
