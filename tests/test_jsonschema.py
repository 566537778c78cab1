"""JSON Schemas (peacetracker.loading._jsonschema): generated from the loader's own
definition, they accept the fixture dataset and reject what the loader rejects."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from peacetracker.loading._jsonschema import SCHEMA_FILES, schemas, write_schemas
from peacetracker.loading._spec import classify, dataset_files

SCHEMAS = schemas()
EVIDENCE = {"source": "s", "quote": "q"}


def as_json(value):
    """YAML data as an editor's language server sees it (dates are strings)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def errors(kind: str, data) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMAS[SCHEMA_FILES[kind]])
    return sorted(e.message for e in validator.iter_errors(as_json(data)))


def test_schemas_are_valid_draft_7():
    for schema in SCHEMAS.values():
        jsonschema.Draft7Validator.check_schema(schema)


def test_every_fixture_file_validates(mini_path):
    yaml = YAML(typ="safe", pure=False)
    checked = 0
    for rel in dataset_files(mini_path):
        data = yaml.load((mini_path / rel).read_text())
        kind = classify(rel, data)
        assert errors(kind, data) == [], rel
        checked += 1
    assert checked == 8


def test_the_fixture_points_at_the_committed_schemas(mini_path):
    for rel in dataset_files(mini_path):
        first = (mini_path / rel).read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        target = (mini_path / rel).parent / first.split("=", 1)[1]
        assert json.loads(target.read_text()) == SCHEMAS[target.name], rel


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("registry", {"parties": {"x": {"nmae": "X"}}},
         "'name' is a required property"),
        ("registry", {"parties": {"Bad_Id": {"name": "X"}}},
         "'Bad_Id' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'"),
        ("registry", {"issues": {"x": {"name": "X", "question": "Q?",
                                       "scale": {"type": "ordnial", "options": ["a"]}}}},
         "'ordnial' is not one of ['numeric', 'ordinal', 'categorical', 'yesno', 'set']"),
        ("stances", {"party": "x", "stances": {"y": [{"date": "2026-01-05", "prefer": 1,
                                                      "evidence": []}]}},
         "[] should be non-empty"),
        ("stances", {"party": "x", "stances": {"y": [{"date": "2026-01-05", "move": "demands",
                                                      "evidence": [EVIDENCE]}]}},
         "'demands' is not one of ['demand', 'offer', 'proposal', 'acceptance', 'rejection', "
         "'condition', 'denial']"),
        ("stances", {"party": "x", "stances": {"y": [{"date": "2026-01-05", "salience": 150,
                                                      "evidence": [EVIDENCE]}]}},
         "150 is greater than the maximum of 100"),
        ("registry", {"issues": {"x": {"name": "X", "question": "Q?",
                                       "scale": {"type": "yesno", "options": ["a", "b"]}}}},
         "'options' is not one of ['type']"),
        ("settings", {"bands": {"close": 2}}, "2 is greater than the maximum of 1"),
    ],
)
def test_schemas_reject_what_the_loader_rejects(kind, data, message):
    found = errors(kind, data)
    assert any(message in e for e in found), found


def test_write_schemas(tmp_path):
    written = write_schemas(tmp_path / "schema")
    assert sorted(p.name for p in written) == sorted(SCHEMA_FILES.values())
    assert json.loads(written[0].read_text()) == SCHEMAS[written[0].name]


@pytest.mark.parametrize("dataset", ["tests/data/mini", "positions"])
def test_committed_schemas_are_current(dataset):
    """A dataset's schema/ folder matches what `peacetracker schema` writes now
    (regenerate with: peacetracker schema -o DATASET/schema)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / dataset / "schema"
    if not folder.is_dir():
        pytest.skip(f"{dataset} has no schema/ folder")
    for name, schema in SCHEMAS.items():
        assert json.loads((folder / name).read_text()) == schema, f"{dataset}/schema/{name}"
