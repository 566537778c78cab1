"""Evidence quality: how well a stance is supported, and the filters that keep
only the stances a reader may rely on (docs/api.md, "Evidence quality").

A stance's **strength** is the weakest of three levels (``high`` > ``medium``
> ``low``):

- its ``confidence`` (how sure the editor is);
- its ``basis``: ``stated`` is high, ``reported`` medium, ``inferred`` low;
- its best-supported source: a party's own words (``statement``,
  ``transcript``, ``draft``, ``interview``) are high; reporting (``article``,
  ``report``, ``post``, ``other``) medium; ``opinion`` low; a source whose
  ``affiliation`` is ``state-media`` one level lower.  More sources never
  weaken a stance; a stance citing no known source is low.

A row comparing several stances (a gap, an overlap, a change) is only as
strong as its weakest stance (the weakest link).

Evidence is **weak** (the report names why and hatches it; docs/cli.md) when
its confidence is low, it is inferred, or every known source it cites is an
opinion piece, or state media (:func:`weak_reasons`).  Each reason but the last
makes the strength ``low``; a stance resting only on state media is one level
lower, not always ``low`` (a state-media statement is ``medium``), but named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from attrs import frozen

from .._model import AFFILIATIONS, BASES, CONFIDENCES, SOURCE_KINDS, Source, Stance
from .._plumbing.suggest import did_you_mean
from ..errors import FilterError

__all__ = [
    "BASIS_RANK",
    "LEVELS",
    "RANK",
    "WEAK_REASONS",
    "Quality",
    "source_level",
    "stance_quality",
    "weak_reasons",
    "weakest",
]

#: Strength levels, weakest first (a confidence uses the same words:
#: :data:`~peacetracker._model.CONFIDENCES` read backwards).
LEVELS: tuple[str, ...] = CONFIDENCES[::-1]
#: The one ranking of a strength or confidence word: 0 (``low``) .. 2 (``high``),
#: higher is stronger.
RANK: dict[str, int] = {w: i for i, w in enumerate(LEVELS)}
#: A basis's level: 0 (``inferred``) .. 2 (``stated``), higher is stronger
#: (:data:`~peacetracker._model.BASES` read backwards).
BASIS_RANK: dict[str, int] = {w: i for i, w in enumerate(BASES[::-1])}
_KIND = {
    "statement": 2,
    "transcript": 2,
    "draft": 2,
    "interview": 2,
    "article": 1,
    "report": 1,
    "post": 1,
    "other": 1,
    "opinion": 0,
}


def source_level(source: Source | None) -> int:
    """A source's level (0 low .. 2 high) by its kind and affiliation."""
    if source is None:
        return 0
    level = _KIND.get(source.kind, 1)
    if getattr(source, "affiliation", None) == "state-media":
        level -= 1
    return max(level, 0)


def stance_quality(stance: Stance, sources: Mapping[str, Source]) -> tuple[str, str]:
    """``(kinds, strength)`` of a stance: its sources' distinct kinds joined by
    ``", "`` in citation order, and its strength (module docstring)."""
    kinds: dict[str, None] = {}
    best = 0
    for e in stance.evidence:
        src = sources.get(e.source)
        if src is not None:
            kinds[src.kind] = None
        best = max(best, source_level(src))
    level = min(
        RANK.get(stance.confidence, 0),
        BASIS_RANK.get(stance.basis, 0),
        best,
    )
    return ", ".join(kinds), LEVELS[level]


#: Why evidence is weak, in the order they are named.
WEAK_REASONS = ("low confidence", "inferred", "opinion only", "state media only")


def weak_reasons(
    confidence: str | None, basis: str | None, cited: Iterable[Source | None]
) -> tuple[str, ...]:
    """Why evidence of this ``confidence`` and ``basis``, citing the sources
    ``cited`` (None: an unknown source, which supports nothing), is weak, in
    :data:`WEAK_REASONS` order; empty when it is not (module docstring)."""
    known = [s for s in cited if s is not None]
    out = []
    if confidence == "low":
        out.append("low confidence")
    if basis == "inferred":
        out.append("inferred")
    if known and all(s.kind == "opinion" for s in known):
        out.append("opinion only")
    if known and all(getattr(s, "affiliation", None) == "state-media" for s in known):
        out.append("state media only")
    return tuple(out)


def weakest(*levels: Any) -> np.ndarray:
    """Element-wise weakest of strength columns (NaN/None where every side is missing)."""
    arrays = [np.asarray(v, dtype=object) for v in levels]
    n = len(arrays[0]) if arrays else 0
    ranks = np.full((len(arrays), n), 99, dtype="int64")
    for k, arr in enumerate(arrays):
        ranks[k] = [RANK.get(v, 99) if isinstance(v, str) else 99 for v in arr]
    low = ranks.min(axis=0) if len(arrays) else np.zeros(0, "int64")
    out = np.empty(n, dtype=object)
    out[:] = [LEVELS[r] if r < 99 else None for r in low]
    return out


def _ids(value: Iterable[str] | str | None, allowed: Sequence[str], what: str,
         name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    for x in items:
        if x not in allowed:
            raise FilterError(
                f"unknown {what} '{x}': {did_you_mean(str(x), allowed, 'one of')}", name, str(x)
            )
    return tuple(dict.fromkeys(items))


@frozen
class Quality:
    """The evidence filters of every analysis: ``min_confidence`` (keep stances
    at least this sure), ``exclude_kinds`` (drop stances that rest only on
    sources of these kinds or affiliations, e.g. ``opinion``, ``state-media``),
    ``basis`` (keep only stances on these bases)."""

    min_confidence: str | None = None
    exclude_kinds: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        min_confidence: str | None = None,
        exclude_kinds: Iterable[str] | str | None = None,
        basis: Iterable[str] | str | None = None,
    ) -> Quality:
        """Validated filters (an unknown word raises :class:`~peacetracker.FilterError`,
        a ValueError naming the valid ones)."""
        if min_confidence is not None and min_confidence not in CONFIDENCES:
            raise FilterError(
                f"unknown confidence '{min_confidence}': "
                f"{did_you_mean(str(min_confidence), CONFIDENCES, 'one of')}",
                "min_confidence", str(min_confidence),
            )
        kinds = _ids(exclude_kinds, (*SOURCE_KINDS, *AFFILIATIONS), "source kind",
                     "exclude_kinds")
        return cls(min_confidence, kinds, _ids(basis, BASES, "basis", "basis"))

    @property
    def active(self) -> bool:
        return bool(self.min_confidence or self.exclude_kinds or self.basis)

    def keeps(self, stance: Stance, sources: Mapping[str, Source]) -> bool:
        """Whether a stance passes every filter."""
        if self.min_confidence is not None and RANK.get(stance.confidence, 0) < RANK.get(
            self.min_confidence, 0
        ):
            return False
        if self.basis and stance.basis not in self.basis:
            return False
        if self.exclude_kinds:
            excluded = set(self.exclude_kinds)
            for e in stance.evidence:
                src = sources.get(e.source)
                if src is None:
                    continue
                if src.kind not in excluded and getattr(src, "affiliation", None) not in excluded:
                    return True
            return False
        return True
