"""``peacetracker quote SOURCE TEXT``: find the exact passage of a source's
stored text, so the editor can paste it verbatim as a stance's quote."""

from __future__ import annotations

from pathlib import Path

import click

from .._plumbing.safe_text import terminal_safe
from ..editing import EditError, verbatim
from ..editing._reading import read_stored_text
from ..loading._quotes import closest_passage, find_passage
from ._editing import complete_ids, dataset_option, fail, open_editor, shown

__all__ = ["quote"]


@click.command("quote")
@dataset_option
@click.argument("source", shell_complete=complete_ids("sources"))
@click.argument("text")
def quote(dataset: Path | None, source: str, text: str) -> None:
    """Find TEXT in the stored text of SOURCE and print the exact passage.

    Matching ignores differences of white space, typographic quotes and
    dashes; words skipped with `...` may be anything.  When the words are not
    there, the closest passage is shown instead (exit 1).

    \b
    Example:
      peacetracker quote northland-statement "rejects - in the strongest terms"
    """
    editor = open_editor(dataset, lock=False)
    try:
        stored = editor.source_text(source)
    except EditError as exc:
        fail(exc.message, exc.fix)
    if stored is None:
        fail(
            f"source '{source}' has no stored text",
            "save the article under texts/ and give its path in sources.yaml",
        )
    body, first = stored
    raw_path = str(editor.registry("sources")[source].get("path"))
    path = shown(editor, raw_path)
    found = find_passage(text, body, first)
    if found is not None:
        click.echo(terminal_safe(f"{path}:{found.line}: found"))
        click.echo(terminal_safe(verbatim(body, found, first)))
        return
    lines = editor.registry("sources")[source].get("lines")
    if lines:  # the file holds other articles too: is it in one of those?
        try:
            whole = read_stored_text(editor.root / raw_path)
        except EditError as exc:
            fail(exc.message, exc.fix)
        elsewhere = find_passage(text, whole)
        if elsewhere is not None:
            click.echo(terminal_safe(
                f"{path}:{elsewhere.line}: found, but outside the lines of {source} "
                f"({lines}): cite the source of "
                "that article"
            ))
            click.echo(terminal_safe(verbatim(whole, elsewhere)))
            raise SystemExit(1)
    near = closest_passage(text, body, first)
    if near is None or near.similarity < 0.3:
        click.echo(terminal_safe(f"{path}: not found: nothing like it in {source}"), err=True)
        raise SystemExit(1)
    click.echo(terminal_safe(
        f"{path}:{near.line}: not found; the closest passage "
        f"({round(near.similarity * 100)}% alike) is:"
    ))
    click.echo(terminal_safe(verbatim(body, near, first)))
    raise SystemExit(1)
