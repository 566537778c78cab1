"""The CLI's last line of defence: no input ever ends in a Python traceback.

A dataset with errors (:class:`~peacetracker.DatasetError`) prints its
problems and exits 2 (an input error); any other unexpected exception says
which file was being read and asks for a bug report (exit 2).  Set
``PEACETRACKER_DEBUG=1`` to see the traceback instead.

A reader that goes away early (``peacetracker check positions | head -1``)
is no error: the command stops quietly with status 141 (128 + SIGPIPE), what
a shell shows for git or grep in the same pipe (:func:`closed_stdout`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

import click

__all__ = ["PIPE_CLOSED", "closed_stdout", "guarded"]

#: The exit status after the reader of standard output went away (128 + SIGPIPE).
PIPE_CLOSED = 141

T = TypeVar("T")

_PASS_THROUGH = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort)


def guarded(ctx: click.Context, run: Callable[[], T]) -> T:
    from .._plumbing.safe_text import terminal_safe
    from ..errors import DatasetError, InternalError
    from ..problems import render_text, summary

    try:
        return run()
    except BrokenPipeError:
        closed_stdout()
    except (*_PASS_THROUGH, KeyboardInterrupt, SystemExit):
        raise
    except DatasetError as err:
        click.echo(render_text(err.problems), err=True)
        click.echo(summary(err.problems), err=True)
        click.echo("peacetracker: the dataset has errors; run 'peacetracker check' on it", err=True)
        ctx.exit(2)
    except Exception as err:
        if os.environ.get("PEACETRACKER_DEBUG"):
            raise
        where = err.file if isinstance(err, InternalError) else None
        cause = err.cause if isinstance(err, InternalError) else err
        what = f" while reading {where}" if where else ""
        if isinstance(err, InternalError) and not where:
            what = " while checking across files"
        click.echo(  # a path or an exception's text may hold control sequences
            terminal_safe(f"peacetracker: internal error{what}: {type(cause).__name__}: {cause}")
            + "\nThis is a bug in peacetracker, not in your data. Please report it, with the "
            "file and this message, to the peacetracker issue tracker "
            "(PEACETRACKER_DEBUG=1 shows the traceback).",
            err=True,
        )
        ctx.exit(2)


def closed_stdout() -> NoReturn:
    """Stop quietly: the reader of standard output has gone (a closed pipe).

    Standard output is pointed at the null device first, so that Python's own
    flush at exit does not fail again (the recipe in Python's ``signal`` docs).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner)
        pass
    sys.exit(PIPE_CLOSED)
