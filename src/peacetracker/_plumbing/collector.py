"""Building the stance table or a report allocates millions of short-lived
objects (rows, tuples, escaped strings) next to a loaded dataset of millions
of long-lived ones.  Each time Python's cycle collector runs a full
collection it walks all of them: at 100,000 stances that was more than half
the time spent rendering the HTML page.  These steps create no reference
cycles worth collecting early, so the collector is paused while they run and
resumed after (anything left for it is collected then)."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

__all__ = ["collector_paused", "without_collector"]

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (no-op when it is already off)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def without_collector(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate ``fn`` to run with the cycle collector paused."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return run
