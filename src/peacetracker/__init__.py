"""peacetracker: track where the parties to a negotiation stand, issue by issue.

    >>> import peacetracker
    >>> ds = peacetracker.load("positions")            # doctest: +SKIP
    >>> ds.gaps().head()                                # doctest: +SKIP
"""

from ._dataset import Dataset
from ._model import (
    Condition,
    Event,
    Evidence,
    Issue,
    Origin,
    Party,
    Settings,
    Source,
    Stance,
)
from .scales import (
    CategoricalScale,
    Interval,
    NumericScale,
    OrdinalScale,
    Overlap,
    Scale,
    SetRange,
    SetScale,
    YesNoScale,
)

__all__ = [
    "CategoricalScale",
    "Condition",
    "Dataset",
    "Event",
    "Evidence",
    "Interval",
    "Issue",
    "NumericScale",
    "OrdinalScale",
    "Origin",
    "Overlap",
    "Party",
    "Scale",
    "SetRange",
    "SetScale",
    "Settings",
    "Source",
    "Stance",
    "YesNoScale",
]
