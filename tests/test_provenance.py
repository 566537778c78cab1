"""The provenance graph as PROV-JSON, read back by the reference PROV library."""

from __future__ import annotations

import json

import attrs
import pytest

from _datasets import mini

prov_model = pytest.importorskip("prov.model")


def relations(doc, kind):
    return list(doc.get(kind, {}).values())


def test_the_document_parses_as_prov_json():
    doc = mini().provenance()
    parsed = prov_model.ProvDocument.deserialize(content=json.dumps(doc), format="json")
    assert len(parsed.records) == sum(len(v) for k, v in doc.items() if k != "prefix")


def test_quotes_sources_speakers_and_parties():
    doc = mini().provenance()
    quote = "pt:stance/northland/army-size/2026-01-05/quote/0"
    assert doc["entity"][quote]["prov:value"].startswith("any settlement must leave")
    quoted = [
        r
        for r in relations(doc, "wasDerivedFrom")
        if r["prov:generatedEntity"] == quote and "prov:type" in r
    ]
    assert quoted == [
        {
            "prov:generatedEntity": quote,
            "prov:usedEntity": "pt:source/wire-2026-01-05",
            "prov:type": {"$": "prov:Quotation", "type": "xsd:QName"},
        }
    ]
    minister = "pt:person/foreign-minister-of-northland"
    assert {"prov:delegate": minister, "prov:responsible": "pt:party/northland"} in relations(
        doc, "actedOnBehalfOf"
    )
    # the stance is the party's, and rests on its quote
    stance = "pt:stance/northland/army-size/2026-01-05"
    assert {"prov:entity": stance, "prov:agent": "pt:party/northland"} in relations(
        doc, "wasAttributedTo"
    )
    assert {"prov:generatedEntity": stance, "prov:usedEntity": quote} in relations(
        doc, "wasDerivedFrom"
    )
    source = doc["entity"]["pt:source/northland-statement"]
    assert source["prov:location"]["$"] == "https://example.org/northland/statement"
    assert source["pt:published"] == {"$": "2026-01-12", "type": "xsd:date"}


def test_plans_are_revisions_and_endorsed():
    ds = mini()
    later = attrs.evolve(
        ds.parties["draft-12-point"],
        id="draft-15-point",
        name="15 points",
        derived_from="draft-12-point",
    )
    doc = mini(parties={**ds.parties, "draft-15-point": later}).provenance()
    assert {
        "prov:generatedEntity": "pt:party/draft-15-point",
        "prov:usedEntity": "pt:party/draft-12-point",
        "prov:type": {"$": "prov:Revision", "type": "xsd:QName"},
    } in relations(doc, "wasDerivedFrom")
    assert {
        "prov:entity": "pt:party/draft-12-point",
        "prov:agent": "pt:party/eastern-league",
        "prov:role": "endorser",
    } in relations(doc, "wasAttributedTo")
    assert "pt:party/draft-12-point" in doc["entity"] and "pt:party/draft-12-point" in doc["agent"]


def test_a_reported_stance_gives_no_delegation():
    ds = mini()
    stances = tuple(
        attrs.evolve(
            s, evidence=[attrs.evolve(s.evidence[0], speaker="A diplomat", via="Example Wire")]
        )
        if (s.party, s.issue) == ("southland", "sequencing")
        else s
        for s in ds.stances
    )
    doc = mini(stances=stances).provenance()
    quote = "pt:stance/southland/sequencing/2026-01-05/quote/0"
    roles = {
        (r["prov:agent"], r.get("prov:role"))
        for r in relations(doc, "wasAttributedTo")
        if r["prov:entity"] == quote
    }
    assert roles == {("pt:person/a-diplomat", "speaker"), ("pt:person/example-wire", "relay")}
    delegates = {r["prov:delegate"] for r in relations(doc, "actedOnBehalfOf")}
    assert delegates == {
        "pt:person/foreign-minister-of-northland",
        "pt:person/president-of-southland",
        "pt:person/league-spokesperson",
    }
