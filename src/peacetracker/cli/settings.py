"""``peacetracker set KEY VALUE``: the dataset's settings (peacetracker.yaml)
from the command line, with the guarantees of ``add``."""

from __future__ import annotations

from pathlib import Path

import click

from ._editing import dataset_option, fail, open_editor, shown
from .add import _dry_run, _finish, _value

__all__ = ["set_"]


def _keys() -> list[str]:
    from ..loading._spec import SETTINGS

    return list(SETTINGS.keys)


@click.command("set")
@dataset_option
@click.argument("key", metavar="KEY")
@click.argument("value", metavar="VALUE")
@_dry_run
def set_(dataset: Path | None, key: str, value: str, dry_run: bool) -> None:
    """Set one of the dataset's settings (peacetracker.yaml, created if missing).

    KEY is a settings key (title, description, bands, ...); VALUE is text for
    title and description, and is read as YAML for the others
    (bands: "{agreed: 0, close: 0.3, apart: 0.7, far apart: 1}").

    \b
    Examples:
      peacetracker set title "Northland-Southland talks"
      peacetracker set description "Positions in the talks, from wire reports"
    """
    keys = _keys()
    if key not in keys:
        from .._plumbing.suggest import did_you_mean

        hint = did_you_mean(key, keys)
        if hint.startswith("did you mean"):
            hint += f" (settings: {', '.join(keys)})"
        fail(f"unknown setting '{key}'", hint)
    parsed = value if key in ("title", "description") else _value(value, "VALUE")
    editor = open_editor(dataset)
    from ..editing import EditError

    try:
        where = editor.set_setting(key, parsed)
    except EditError as exc:
        fail(exc.message, exc.fix)
    _finish(editor, dry_run, f"set {key} at {shown(editor, where.file)}:{where.line}")
