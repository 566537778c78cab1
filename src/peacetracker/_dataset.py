"""The :class:`Dataset`: every registry and stance of one version of a dataset."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import field, frozen

from ._model import Event, Issue, Party, Settings, Source, Stance, freeze_mapping

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Dataset"]


@frozen(cache_hash=False)
class Dataset:
    """One version of a dataset: registries by id, and every stance.

    Datasets are immutable; operations return new objects (DataFrames, or new
    datasets).  Load one with :func:`peacetracker.load`.
    """

    parties: Mapping[str, Party] = field(converter=freeze_mapping, factory=dict)
    issues: Mapping[str, Issue] = field(converter=freeze_mapping, factory=dict)
    sources: Mapping[str, Source] = field(converter=freeze_mapping, factory=dict)
    events: Mapping[str, Event] = field(converter=freeze_mapping, factory=dict)
    #: Issue groups: id -> display name.
    groups: Mapping[str, str] = field(converter=freeze_mapping, factory=dict)
    stances: tuple[Stance, ...] = field(converter=tuple, factory=tuple)
    settings: Settings = field(factory=Settings)
    #: Where the dataset was read from (None for one built in memory).
    root: Path | None = field(default=None, eq=False)
    #: What version this is, for reports: a directory, ``git:REV`` or ``as of DATE``.
    label: str = field(default="", eq=False)

    @functools.cached_property
    def stances_frame(self) -> pd.DataFrame:
        """Every stance as a tidy DataFrame, one row per stance (see docs/api.md)."""
        from .analysis._frames import stances_frame

        return stances_frame(self, self.stances)
