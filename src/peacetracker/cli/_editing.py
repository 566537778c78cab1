"""What the editing commands (``add``, ``quote``) share: the dataset option,
shell completion from the registries, and turning errors into messages."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click
from click.shell_completion import CompletionItem

from .._plumbing.safe_text import terminal_safe
from ..editing import ConflictError, EditError, Editor, LockedError, RefusedError
from ..problems import render_text
from ._options import F, find_dataset, shown_as_given

__all__ = [
    "Completer",
    "complete_id_list",
    "complete_ids",
    "complete_options",
    "dataset_option",
    "default_root",
    "fail",
    "is_terminal",
    "open_editor",
    "save_or_fail",
    "show_diff",
    "shown",
    "stance_options",
]

#: A click ``shell_complete`` callback: the items that complete ``incomplete``.
Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def default_root() -> Path:
    """The editing commands' dataset when none is given: :func:`find_dataset`'s
    rule with ``positions/`` as the fallback (the current directory comes back
    as ``.``, so paths are shown as typed)."""
    root, _ = find_dataset(None, how="-d", fallback=Path("positions"))
    return root if root == Path("positions") else Path(".")


def dataset_option(func: F) -> F:
    """``-d``/``--dataset``: the dataset directory (a :class:`~pathlib.Path` or None)."""
    return click.option(
        "-d",
        "--dataset",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The dataset directory (default: the current one, or positions/).",
    )(func)


def stance_options(required: bool = False) -> Callable[[F], F]:
    """``--party``, ``--issue`` and ``--date``: the three that name an existing
    stance (``add evidence``, ``edit stance``), completed from the registries,
    and ``--citing SOURCE`` for a day with several stances."""

    def decorate(func: F) -> F:
        func = click.option(
            "--citing",
            shell_complete=complete_ids("sources"),
            metavar="SOURCE",
            help="Of several stances of that date (a disputed claim beside another), "
            "the one citing this source.",
        )(func)
        func = click.option(
            "--date",
            "date_",
            required=required,
            shell_complete=complete_stance_dates,
            metavar="YYYY-MM-DD",
            help="The date of the stance (with the party and issue, it names the stance).",
        )(func)
        func = click.option(
            "--issue",
            required=required,
            shell_complete=complete_ids("issues"),
            metavar="ID",
            help="Issue id.",
        )(func)
        return click.option(
            "--party",
            required=required,
            shell_complete=complete_ids("parties"),
            metavar="ID",
            help="Party id.",
        )(func)

    return decorate


def is_terminal() -> bool:
    """True when a person is typing (prompts are offered only then)."""
    return sys.stdin.isatty()


def fail(message: str, fix: str | None = None, code: int = 2) -> NoReturn:
    """Print ``error: message`` and a fix to try, and exit with ``code``."""
    click.echo(terminal_safe(f"error: {message}"), err=True)
    if fix:
        click.echo(terminal_safe(f"  fix: {fix}"), err=True)
    raise SystemExit(code)


def open_editor(root: Path | None, lock: bool = True) -> Editor:
    """The dataset at ``root`` (or the default one) open for editing, holding
    its edit lock unless ``lock`` is false (commands that only read)."""
    from ..errors import NoDirectoryError, NotADatasetError
    from ..loading import require_dataset
    from ..problems import NO_REGISTRY

    try:
        if root is not None:
            require_dataset(root)
    except NoDirectoryError:
        pass  # Editor.open says so
    except NotADatasetError as err:
        # A folder inside a dataset (its stances/, say): every entry would be unknown.
        if err.nearest is not None and root is not None:
            shown_above = shown_as_given(Path(err.nearest), root)
            fail(
                f"'{root}' is not a dataset: {NO_REGISTRY}",
                f"the nearest dataset above it is {shown_above}: give -d {shown_above}",
            )
    root = root or default_root()
    try:
        return Editor.open(root, lock=lock)
    except LockedError as exc:
        fail(exc.message, exc.fix, code=1)
        raise  # unreachable
    except EditError as exc:
        fail(exc.message, exc.fix)
        raise  # unreachable


def shown(editor: Editor, relpath: str) -> str:
    """A path of the dataset as the user would type it: relative to the
    current directory when the dataset is elsewhere (``positions/parties.yaml``)."""
    base = str(editor.root)
    return relpath if base in (".", "./", "") else f"{base.rstrip('/')}/{relpath}"


def save_or_fail(editor: Editor) -> list[str]:
    """Save, or explain why not (exit 1 when check refuses or a file changed)."""
    try:
        return editor.save()
    except RefusedError as exc:
        click.echo(terminal_safe(f"error: {exc.message}"), err=True)
        if exc.problems:  # as check shows them, paths as the user would type them
            click.echo(render_text(exc.problems, str(editor.root)), err=True)
        raise SystemExit(1) from None
    except (ConflictError, LockedError) as exc:
        fail(exc.message, exc.fix, code=1)
        raise  # unreachable
    except EditError as exc:
        fail(exc.message, exc.fix)
        raise  # unreachable
    except OSError as exc:  # e.g. a read-only file or folder: nothing was replaced
        fail(f"not saved: {exc.filename or editor.root}: {exc.strerror or exc}",
             "check that you may write the dataset's files and folders")
        raise  # unreachable


def show_diff(editor: Editor) -> None:
    """Print what saving would change, as a unified diff."""
    for rel, text in editor.changes().items():
        old = editor.document(rel).original
        click.echo(
            terminal_safe("".join(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=shown(editor, rel),
                    tofile=shown(editor, rel),
                )
            )),
            nl=False,
        )


def _root_of(ctx: click.Context) -> Path:
    while ctx is not None:
        root = ctx.params.get("dataset")
        if root:
            return Path(root)
        ctx = ctx.parent
    try:
        return default_root()
    except click.UsageError:
        return Path("positions")


def _registry_ids(ctx: click.Context, key: str) -> list[str]:
    try:
        return list(Editor.open(_root_of(ctx), lock=False).registry(key))
    except Exception:  # completion must never fail loudly
        return []


def complete_ids(key: str) -> Completer:
    """Shell completion of ids from a registry (``parties``, ``issues``, ``sources``, ...)."""

    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return [CompletionItem(i) for i in _registry_ids(ctx, key) if i.startswith(incomplete)]

    return complete


def complete_id_list(key: str) -> Completer:
    """Shell completion of a comma-separated list of ids from a registry
    (``--parties northland,sou`` -> ``northland,southland``), ids listed once."""

    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        head, _, last = incomplete.rpartition(",")
        listed = set(head.split(",")) if head else set()
        prefix = f"{head}," if head else ""
        return [
            CompletionItem(prefix + i)
            for i in _registry_ids(ctx, key)
            if i.startswith(last) and i not in listed
        ]

    return complete


def complete_stance_dates(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of the dates of the stances of ``--party`` on ``--issue``."""
    party, issue = ctx.params.get("party"), ctx.params.get("issue")
    if not party or not issue:
        return []
    try:
        editor = Editor.open(_root_of(ctx))
        if party not in editor.files.stance_files:
            return []
        stances = editor.document(editor.stance_file(party, issue)).data["stances"]
        dates = sorted({str(s["date"]) for s in stances.get(issue) or ()})
    except Exception:  # completion must never fail loudly
        return []
    return [CompletionItem(d) for d in dates if d.startswith(incomplete)]


def scale_choices(issue: Any) -> list[str]:
    """The option ids (or universe ids, or yes/no) of an issue's scale."""
    scale = issue.get("scale") if hasattr(issue, "get") else None
    if scale is None or not hasattr(scale, "get"):
        return []
    if scale.get("type") == "yesno":
        return ["yes", "no"]
    ids = scale.get("options") or scale.get("universe") or []
    return [str(x) for x in ids]


def complete_options(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of the options of the issue given with ``--issue``."""
    issue = ctx.params.get("issue")
    if not issue:
        return []
    try:
        issues = Editor.open(_root_of(ctx), lock=False).registry("issues")
    except Exception:
        return []
    return [CompletionItem(o) for o in scale_choices(issues.get(issue)) if o.startswith(incomplete)]
