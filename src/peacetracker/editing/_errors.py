"""Errors raised by the editing API (defined in :mod:`peacetracker.errors`).  Each
carries a message that names the item and a fix to try, ready to show to an editor."""

from __future__ import annotations

from ..errors import ConflictError, EditError, QuoteNotFound, RefusedError

__all__ = ["ConflictError", "EditError", "QuoteNotFound", "RefusedError"]
