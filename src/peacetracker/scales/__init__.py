"""Scales: how stances on an issue compare.  One module per scale type holds
its gap and overlap semantics; :func:`parse_scale` builds one from YAML data."""

from __future__ import annotations

from typing import Any

from .._plumbing.suggest import did_you_mean
from ._base import Overlap, Scale, ScaleError
from .categorical import CategoricalScale
from .numeric import Interval, NumericScale
from .ordinal import OrdinalScale
from .sets import SetRange, SetScale
from .yesno import YesNoScale

__all__ = [
    "SCALE_TYPES",
    "CategoricalScale",
    "Interval",
    "NumericScale",
    "OrdinalScale",
    "Overlap",
    "Scale",
    "ScaleError",
    "SetRange",
    "SetScale",
    "YesNoScale",
    "parse_scale",
]

#: Scale classes by the ``type`` written in issues.yaml.
SCALE_TYPES: dict[str, type[Scale]] = {
    cls.type: cls for cls in (NumericScale, OrdinalScale, CategoricalScale, YesNoScale, SetScale)
}

#: Keys each scale type takes besides ``type``.
SCALE_KEYS: dict[str, tuple[str, ...]] = {kind: cls.keys for kind, cls in SCALE_TYPES.items()}


def parse_scale(raw: Any) -> Scale:
    """Build a scale from its YAML mapping, e.g. ``{type: ordinal, options: [a, b]}``.

    Raises :class:`ScaleError` (with a fix) when the definition is wrong.
    """
    if isinstance(raw, str) and raw in SCALE_TYPES:
        raw = {"type": raw}
    if not isinstance(raw, dict) and not hasattr(raw, "keys"):
        raise ScaleError("scale must be a mapping with a type", "write e.g. 'scale: {type: yesno}'")
    kind = raw.get("type")
    if kind not in SCALE_TYPES:
        if kind is None:
            raise ScaleError("scale has no type", f"add 'type:' ({', '.join(SCALE_TYPES)})")
        raise ScaleError(f"unknown scale type '{kind}'", did_you_mean(str(kind), SCALE_TYPES))
    allowed = {"type", *SCALE_TYPES[kind].keys}
    for key in raw:
        if key not in allowed:
            raise ScaleError(
                f"unknown key '{key}' for a {kind} scale",
                did_you_mean(str(key), sorted(allowed - {"type"}) or ["type"]),
            )
    return SCALE_TYPES[kind].from_data(raw)
