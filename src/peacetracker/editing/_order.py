"""The canonical key order of every kind of record: the order the fixture and
the bundled dataset are written in (for a stance: when, whether it is in
force, the position, how sure, then the note, conditions and evidence).
``add`` writes new entries in this order and ``fmt`` puts old ones into it;
keys it does not know keep their place after the known ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..loading._spec import REGISTRY_TABLES

__all__ = ["KEY_ORDERS", "STANCE_KEYS", "key_order_at", "ordered"]

STANCE_KEYS = (
    "date", "precision", "status", "reason", "prefer", "accept", "move", "salience", "basis",
    "confidence", "event", "note", "conditions", "evidence",
)  # fmt: skip

#: Record kind -> its keys in canonical order.
KEY_ORDERS: dict[str, tuple[str, ...]] = {
    "stance-file": ("party", "stances"),
    "registry-file": ("groups", "parties", "issues", "sources", "events"),
    "settings": ("title", "description", "bands"),
    "stance": STANCE_KEYS,
    "evidence": ("source", "quote", "speaker", "via", "note"),
    "condition": ("issue", "value", "note"),
    "party": (
        "name",
        "kind",
        "aliases",
        "members",
        "endorsed-by",
        "derived-from",
        "capability",
        "note",
    ),
    "issue": (
        "name", "question", "kind", "group", "scale", "salience", "salience-evidence", "note",
    ),
    "scale": ("type", "unit", "min", "max", "options", "universe"),
    "source": (
        "kind",
        "outlet",
        "affiliation",
        "title",
        "published",
        "precision",
        "url",
        "path",
        "lines",
        "author",
        "note",
    ),
    "event": ("date", "title", "parties", "sources", "note"),
}


def ordered(data: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """``data`` with its keys in the canonical order for ``kind``."""
    order = KEY_ORDERS[kind]
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(data, key=lambda k: (rank.get(k, len(order)), 0))
    return {k: data[k] for k in keys}


def key_order_at(path: Sequence[Any], top: Mapping[str, Any]) -> str | None:
    """The record kind of the mapping at key ``path`` in a file whose top-level
    mapping is ``top`` (None where the order is left as it is)."""
    depth = len(path)
    if "party" in top and "stances" in top:
        if depth == 0:
            return "stance-file"
        if depth == 3 and path[0] == "stances":
            return "stance"
        if depth == 5 and path[0] == "stances" and path[3] == "evidence":
            return "evidence"
        if depth == 5 and path[0] == "stances" and path[3] == "conditions":
            return "condition"
        return None
    if any(k in top for k in KEY_ORDERS["registry-file"]):
        if depth == 0:
            return "registry-file"
        if depth == 2 and path[0] in REGISTRY_TABLES:
            return REGISTRY_TABLES[path[0]]
        if depth == 3 and path[0] == "issues" and path[2] == "scale":
            return "scale"
        return None
    if depth == 0 and any(k in top for k in KEY_ORDERS["settings"]):
        return "settings"
    return None
