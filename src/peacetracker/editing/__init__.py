"""The editing API: open a dataset, add or withdraw stances, register parties,
issues and sources, and save, keeping every comment and every untouched byte.

    >>> from peacetracker.editing import Editor
    >>> ed = Editor.open("positions")                                # doctest: +SKIP
    >>> ed.add_stance("russia", "army-size", {"date": "2026-01-06", "prefer": 600000,
    ...     "evidence": [{"source": "reuters-2026-01-06", "quote": "..."}]})  # doctest: +SKIP
    >>> ed.save()                                                   # doctest: +SKIP
"""

from .._plumbing.atomic import atomic_write
from .._plumbing.hashing import content_hash
from ._document import Document
from ._editor import Editor, Placement
from ._errors import ConflictError, EditError, QuoteNotFound, RefusedError
from ._format import CANONICAL, format_text
from ._init import init_dataset
from ._layout import Indent
from ._lock import EditLock, LockedError
from ._passages import verbatim

__all__ = [
    "CANONICAL",
    "ConflictError",
    "Document",
    "EditError",
    "EditLock",
    "Editor",
    "Indent",
    "LockedError",
    "Placement",
    "QuoteNotFound",
    "RefusedError",
    "atomic_write",
    "content_hash",
    "format_text",
    "init_dataset",
    "verbatim",
]
