"""JSON Schemas of the file formats, generated from :mod:`._spec` (the same
definition the loader validates against), for editors such as VS Code.

    >>> sorted(schemas())
    ['registry.schema.json', 'settings.schema.json', 'stances.schema.json']
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._plumbing.atomic import atomic_write
from ..scales import SCALE_KEYS
from ._spec import ID_PATTERN, REGISTRY, SETTINGS, STANCE_FILE, Field, Record

__all__ = ["MODELINE", "SCHEMA_FILES", "schemas", "write_schemas"]

DRAFT = "http://json-schema.org/draft-07/schema#"

#: Schema file name by file kind.
SCHEMA_FILES = {
    "registry": "registry.schema.json",
    "stances": "stances.schema.json",
    "settings": "settings.schema.json",
}

#: The first line of a dataset file, pointing editors at its schema
#: (``{path}`` is relative to the YAML file, e.g. ``../schema/stances.schema.json``).
MODELINE = "# yaml-language-server: $schema={path}"

_ID = {"type": "string", "pattern": ID_PATTERN}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
_SCALAR = {"type": ["string", "number", "boolean"]}
_VALUE = {"anyOf": [_SCALAR, {"type": "array", "items": _SCALAR}]}
_OPTIONS = {
    "anyOf": [
        {"type": "array", "items": {"type": "string"}, "minItems": 1},
        {"type": "object", "additionalProperties": {"type": ["string", "null"]},
         "minProperties": 1},
    ]
}


def _scale() -> dict[str, Any]:
    props: dict[str, Any] = {
        "type": {"enum": list(SCALE_KEYS), "description": "how stances on the issue compare"},
        "unit": {"type": "string", "description": "numeric: the unit (personnel, km2)"},
        "min": {"type": "number", "description": "numeric: the lowest possible value"},
        "max": {"type": "number", "description": "numeric: the highest possible value"},
        "options": {**_OPTIONS, "description": "ordinal (lowest first) or categorical options"},
        "universe": {**_OPTIONS, "description": "set: the ids a set is drawn from"},
    }
    rules = []
    for kind, keys in SCALE_KEYS.items():
        then: dict[str, Any] = {"propertyNames": {"enum": ["type", *keys]}}
        needed = [k for k in keys if k in ("options", "universe")]
        if needed:
            then["required"] = needed
        rules.append({"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                      "then": then})
    return {"type": "object", "properties": props, "required": ["type"],
            "additionalProperties": False, "allOf": rules}


def _field(spec: Field) -> dict[str, Any]:
    kind = spec.type
    if kind == "text":
        out: dict[str, Any] = {"type": "string"}
    elif kind == "texts":
        out = {"type": "array", "items": {"type": "string"}}
    elif kind == "id":
        out = dict(_ID)
    elif kind == "ids":
        out = {"type": "array", "items": _ID}
    elif kind == "date":
        out = dict(_DATE)
    elif kind == "number":
        out = {"type": "number"}
        if spec.lo is not None:
            out["minimum"] = spec.lo
        if spec.hi is not None:
            out["maximum"] = spec.hi
    elif kind == "choice":
        out = {"type": "string", "enum": list(spec.choices)}
    elif kind == "value":
        out = dict(_VALUE)
    elif kind == "zone":
        out = {"anyOf": [
            _VALUE,
            {"type": "object", "properties": {"min": _VALUE, "max": _VALUE},
             "additionalProperties": False, "minProperties": 1},
        ]}
    elif kind in ("claim", "claims"):
        assert spec.record is not None
        one = {"anyOf": [dict(_ID), {"$ref": f"#/definitions/{_name(spec.record)}"}]}
        out = one if kind == "claim" else {"type": "array", "items": one}
    elif kind == "lines":
        out = {"anyOf": [{"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*$"},
                         {"type": "integer", "minimum": 1}]}
    elif kind == "scale":
        out = _scale()
    elif kind == "labels":
        out = {"type": ["object", "null"], "propertyNames": _ID,
               "additionalProperties": {"type": ["string", "null"]}}
    elif kind == "bands":
        out = {"type": "object", "minProperties": 1,
               "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1}}
    elif kind == "records":
        assert spec.record is not None
        out = {"type": "array", "items": {"$ref": f"#/definitions/{_name(spec.record)}"}}
        if spec.nonempty:
            out["minItems"] = 1
    elif kind == "table":
        assert spec.record is not None
        out = {"type": ["object", "null"], "propertyNames": _ID,
               "additionalProperties": {"$ref": f"#/definitions/{_name(spec.record)}"}}
    elif kind == "table-of-lists":
        assert spec.record is not None
        out = {"type": "object", "propertyNames": _ID,
               "additionalProperties": {
                   "type": "array", "items": {"$ref": f"#/definitions/{_name(spec.record)}"}}}
    else:  # pragma: no cover - every type of _spec is handled above
        raise ValueError(f"no schema for field type {kind!r}")
    out["description"] = spec.about
    if spec.default is not None:
        out["default"] = spec.default
    return out


def _name(record: Record) -> str:
    return record.name.replace(" ", "-")


def _record(record: Record) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "description": record.about,
        "properties": {f.key: _field(f) for f in record.fields},
        "additionalProperties": False,
    }
    if record.required:
        out["required"] = list(record.required)
    return out


def _nested(record: Record, found: dict[str, Record]) -> None:
    for f in record.fields:
        if f.record is not None and _name(f.record) not in found:
            found[_name(f.record)] = f.record
            _nested(f.record, found)


def _document(record: Record, title: str) -> dict[str, Any]:
    nested: dict[str, Record] = {}
    _nested(record, nested)
    doc = {"$schema": DRAFT, "title": title, **_record(record)}
    if nested:
        doc["definitions"] = {name: _record(r) for name, r in sorted(nested.items())}
    return doc


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for each kind of dataset file."""
    return {
        SCHEMA_FILES["registry"]: _document(REGISTRY, "peacetracker registry file"),
        SCHEMA_FILES["stances"]: _document(STANCE_FILE, "peacetracker stance file"),
        SCHEMA_FILES["settings"]: _document(SETTINGS, "peacetracker settings (peacetracker.yaml)"),
    }


def write_schemas(directory: str | Path) -> list[Path]:
    """Write every schema into ``directory`` (created if needed); the paths written."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = target / name
        atomic_write(path, json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written
