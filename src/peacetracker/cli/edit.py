"""``peacetracker edit stance``: change an existing stance (its acceptable zone,
preferred point, confidence, status ...) without editing the YAML by hand, with
the guarantees of ``add``: checked first, atomic, comments kept, ``--dry-run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .._model import BASES, CONFIDENCES, MOVES, PRECISIONS
from ._editing import (
    complete_ids,
    complete_options,
    dataset_option,
    fail,
    open_editor,
    shown,
    stance_options,
)
from .add import _dry_run, _finish, _value

__all__ = ["edit"]

#: --status choices ("withdrawn" is refused with the way to record a withdrawal).
_STATUSES = ("active", "deprecated", "disputed", "withdrawn")


@click.group()
def edit() -> None:
    """Change an existing entry of a dataset.

    \b
    Example:
      peacetracker edit stance --party northland --issue army-size \\
          --date 2026-01-05 --accept "{max: 120000}" --confidence medium
    """


@edit.command("stance")
@dataset_option
@stance_options(required=True)
@click.option("--prefer", shell_complete=complete_options, metavar="VALUE",
              help="New preferred point.")
@click.option("--accept", shell_complete=complete_options, metavar="VALUE",
              help="New acceptable zone: {min: .., max: ..} or [option, ...].")
@click.option("--no-accept", is_flag=True, help="Remove the acceptable zone.")
@click.option("--confidence", type=click.Choice(CONFIDENCES), help="How sure you are.")
@click.option("--basis", type=click.Choice(BASES), help="Said, reported, or inferred.")
@click.option("--move", type=click.Choice(MOVES), help="What kind of move it is.")
@click.option("--salience", type=click.FloatRange(0, 100), help="How much it matters, 0..100.")
@click.option("--precision", type=click.Choice(PRECISIONS), help="How precise the date is.")
@click.option("--status", type=click.Choice(_STATUSES),
              help="deprecated (misreported; needs --reason), disputed (needs --reason), "
              "or active again (a withdrawal is a new stance: add stance --status withdrawn).")
@click.option("--reason", help="Why it is deprecated or disputed.")
@click.option("--event", shell_complete=complete_ids("events"), metavar="ID",
              help="Event id it follows.")
@click.option("--note", help="Free text (replaces the note).")
@_dry_run
def edit_stance(
    dataset: Path | None,
    party: str,
    issue: str,
    date_: str,
    citing: str | None,
    prefer: str | None,
    accept: str | None,
    no_accept: bool,
    confidence: str | None,
    basis: str | None,
    move: str | None,
    salience: float | None,
    precision: str | None,
    status: str | None,
    reason: str | None,
    event: str | None,
    note: str | None,
    dry_run: bool,
) -> None:
    """Change keys of an existing stance; the others, and every comment, stay.

    The stance is the one of --party on --issue dated --date. Only the
    options given change. A party that drops a stance is recorded with a new,
    dated stance ('add stance --status withdrawn'); a stance that was
    misreported is marked '--status deprecated --reason "..."' and kept for
    the record. A second source for it: 'add evidence'.

    \b
    Examples:
      peacetracker edit stance --party northland --issue army-size \\
          --date 2026-01-05 --accept "{max: 120000}" --confidence medium
      peacetracker edit stance --party southland --issue army-size \\
          --date 2026-01-05 --status deprecated --reason "misquoted by the wire"
    """
    if accept is not None and no_accept:
        fail("--accept and --no-accept contradict each other", "give one of them")
    changes: dict[str, Any] = {
        "prefer": _value(prefer, "--prefer"),
        "accept": _value(accept, "--accept"),
        "confidence": confidence,
        "basis": basis,
        "move": move,
        "salience": int(salience) if salience is not None and salience.is_integer() else salience,
        "precision": precision,
        "status": status,
        "reason": reason,
        "event": event,
        "note": note,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    if no_accept:
        changes["accept"] = None
    if not changes:
        fail(
            "nothing to change",
            'give what changes, e.g. --accept "{max: 120000}" '
            "or --status deprecated --reason ...",
        )
    editor = open_editor(dataset)
    from ..editing import EditError

    try:
        before = editor.stance(party, issue, date_, citing)
        where = editor.edit_stance(party, issue, date_, changes, citing)
        after = editor.stance(party, issue, date_, citing)
    except EditError as exc:
        fail(exc.message, exc.fix)
    named = ", ".join(sorted(k for k in {*before, *after} if before.get(k) != after.get(k)))
    _finish(
        editor,
        dry_run,
        f"changed {named} of {party}'s stance on {issue} ({date_}) "
        f"at {shown(editor, where.file)}:{where.line}",
    )
