"""The base error and the errors of bad arguments (public in :mod:`peacetracker.errors`).

They live apart from :mod:`peacetracker.errors` because :mod:`peacetracker.problems`
raises :class:`FormatError` while ``errors`` needs ``problems`` (a not-a-dataset
error carries its problem): this module imports nothing of the package, so
neither closes an import circle.  Their ``__module__`` is ``peacetracker.errors``,
where callers import them from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ._plumbing.suggest import did_you_mean

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "DateError",
    "FormatError",
    "InvalidValueError",
    "PeacetrackerError",
    "UnknownIdError",
]


class PeacetrackerError(Exception):
    """The base of every peacetracker error: ``slug`` names its kind, ``fields``
    its structured data (attributes of the error)."""

    slug: ClassVar[str] = "error"
    fields: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """``slug``, ``message`` (``str()``) and each field, in a dict."""
        return {"slug": self.slug, "message": str(self),
                **{name: getattr(self, name) for name in self.fields}}


# -- bad arguments from a library caller --------------------------------------------------


class ArgumentError(PeacetrackerError, ValueError):
    """A bad ``value`` for the argument named ``argument`` (e.g. ``since``)."""

    slug = "bad-argument"
    fields: ClassVar[tuple[str, ...]] = ("argument", "value")

    def __init__(self, message: str, argument: str, value: Any):
        super().__init__(message)
        self.argument = argument
        self.value = value


class UnknownIdError(ArgumentError):
    """An id that names no ``kind`` (``party``, ``issue``) of the dataset;
    ``choices`` are the ids it has, in order."""

    slug = "unknown-id"
    fields: ClassVar[tuple[str, ...]] = ("kind", "value", "choices")

    def __init__(self, kind: str, value: str, choices: Iterable[str]):
        self.kind = kind
        self.choices = tuple(choices)
        super().__init__(f"unknown {kind} '{value}': {did_you_mean(value, self.choices)}",
                         kind, value)


class DateError(ArgumentError):
    """A ``value`` given for the date argument ``argument`` that is not a date."""

    slug = "bad-date"

    def __init__(self, argument: str, value: Any):
        super().__init__(
            f"{argument} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-07",
            argument, value)


class FormatError(ArgumentError):
    """An output format (``value``) that is none of ``choices``."""

    slug = "unknown-format"
    fields: ClassVar[tuple[str, ...]] = ("argument", "value", "choices")

    def __init__(self, message: str, argument: str, value: Any, choices: Iterable[str]):
        super().__init__(message, argument, value)
        self.choices = tuple(choices)


class ArgumentTypeError(PeacetrackerError, TypeError):
    """A ``value`` of the wrong type for the argument named ``argument``."""

    slug = "bad-argument-type"
    fields: ClassVar[tuple[str, ...]] = ("argument", "value")

    def __init__(self, message: str, argument: str, value: Any):
        super().__init__(message)
        self.argument = argument
        self.value = value


class InvalidValueError(PeacetrackerError, ValueError):
    """A record's ``attribute`` given a ``value`` that is none of ``allowed``
    (the attrs validator of the model)."""

    slug = "invalid-value"
    fields: ClassVar[tuple[str, ...]] = ("attribute", "allowed", "value")

    def __init__(self, attribute: str, allowed: Iterable[str], value: Any):
        self.attribute = attribute
        self.allowed = tuple(allowed)
        self.value = value
        super().__init__(f"{attribute} must be one of {', '.join(self.allowed)}; got {value!r}")


for _cls in (PeacetrackerError, ArgumentError, UnknownIdError, DateError, FormatError,
             ArgumentTypeError, InvalidValueError):
    _cls.__module__ = "peacetracker.errors"  # where callers import them from
del _cls
