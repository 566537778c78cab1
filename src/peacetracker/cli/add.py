"""``peacetracker add stance|party|issue|source|event``: add an entry to the dataset's
YAML without typing its structure; comments and layout are kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, TypeVarTuple

import click
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .._model import (
    AFFILIATIONS,
    BASES,
    CONFIDENCES,
    MOVES,
    PARTY_KINDS,
    PRECISIONS,
    SOURCE_KINDS,
    STATUSES,
)
from .._plumbing.safe_text import terminal_safe
from .._plumbing.suggest import list_choices
from ..editing import EditError, Editor, QuoteNotFound
from ..problems import Problem, render_text
from ..scales import SCALE_TYPES, Scale
from ._editing import (
    complete_id_list,
    complete_ids,
    complete_options,
    dataset_option,
    fail,
    is_terminal,
    open_editor,
    save_or_fail,
    scale_choices,
    show_diff,
    shown,
    stance_options,
)
from ._values import split_ids

__all__ = ["add"]

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

_interactive = click.option(
    "--interactive/--no-interactive",
    default=None,
    help="Ask for missing fields (default: only when typing in a terminal).",
)
_dry_run = click.option("--dry-run", is_flag=True, help="Show the change; write nothing.")


def _value(text: str | None, what: str) -> Any:
    """A value given on the command line, read as YAML (``[a, b]``, ``{max: 5}``, ``120000``)."""
    if text is None:
        return None
    try:
        return YAML(typ="safe", pure=True).load(text)
    except (YAMLError, RecursionError):
        fail(f"{what} '{text}' cannot be read", "write e.g. 120000, binding, [a, b] or {max: 5}")


def _ask(
    interactive: bool,
    value: Any,
    flag: str,
    text: str,
    choices: list[str] | None = None,
    default: Any = None,
    strict: bool = True,
) -> Any:
    """``value`` if given; else ask (in a terminal) or stop with what to give.
    With ``strict``, an answer not among ``choices`` is asked again."""
    if value not in (None, ""):
        return value
    hint = f" ({list_choices(choices)})" if choices else ""
    if not interactive:
        fail(f"missing {flag}", f"give {flag}{hint}")
    return click.prompt(
        f"{text}{hint}",
        default=default,
        show_default=default is not None,
        type=click.Choice(choices) if choices and strict else None,
        show_choices=False,
    )


def _finish(editor: Editor, dry_run: bool, done: str) -> None:
    if dry_run:
        show_diff(editor)
        click.echo("(dry run: nothing written)", err=True)
        return
    save_or_fail(editor)
    click.echo(terminal_safe(done))


@click.group()
def add() -> None:
    """Add a stance, party, group, issue, source, event or citation to a dataset.

    \b
    Examples:
      peacetracker add source reuters-2026-01-06 --kind article --outlet Reuters \\
          --title "..." --published 2026-01-06 --path texts/reuters.txt
      peacetracker add event talks-resume --date 2026-01-06 --title "..." \\
          --parties northland,southland --sources reuters-2026-01-06
      peacetracker add stance --party russia --issue army-size --date 2026-01-06 \\
          --prefer 600000 --source reuters-2026-01-06 --quote "..."
    """


@add.command("stance")
@dataset_option
@click.option("--party", shell_complete=complete_ids("parties"), metavar="ID", help="Party id.")
@click.option("--issue", shell_complete=complete_ids("issues"), metavar="ID", help="Issue id.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="When the party held it.")
@click.option(
    "--prefer",
    shell_complete=complete_options,
    metavar="VALUE",
    help="Preferred point: a number, an option, yes/no, or [a, b] for a set.",
)
@click.option(
    "--accept",
    shell_complete=complete_options,
    metavar="VALUE",
    help="What it would accept: {min: .., max: ..} or [option, ...].",
)
@click.option("--salience", type=click.FloatRange(0, 100), help="How much it matters, 0..100.")
@click.option("--move", type=click.Choice(MOVES), help="What kind of move it is.")
@click.option("--confidence", type=click.Choice(CONFIDENCES), help="How sure you are.")
@click.option("--basis", type=click.Choice(BASES), help="Said, reported, or inferred.")
@click.option("--status", type=click.Choice(STATUSES), help="active (default), withdrawn, ...")
@click.option("--reason", help="Why (for deprecated or disputed).")
@click.option("--precision", type=click.Choice(PRECISIONS), help="How precise the date is.")
@click.option(
    "--event", shell_complete=complete_ids("events"), metavar="ID", help="Event id it follows."
)
@click.option(
    "--condition",
    "conditions",
    multiple=True,
    metavar="ISSUE=VALUE",
    help="Holds only if ISSUE is settled at VALUE (repeatable).",
)
@click.option("--note", help="Free text.")
@click.option(
    "--source", shell_complete=complete_ids("sources"), metavar="ID", help="Source id of the quote."
)
@click.option("--quote", help="The exact words, as in the source (see `peacetracker quote`).")
@click.option("--speaker", help="Who said it.")
@click.option("--via", help="Who relayed it.")
@_interactive
@_dry_run
def add_stance(
    dataset: Path | None,
    party: str | None,
    issue: str | None,
    date_: str | None,
    prefer: str | None,
    accept: str | None,
    salience: float | None,
    move: str | None,
    confidence: str | None,
    basis: str | None,
    status: str | None,
    reason: str | None,
    precision: str | None,
    event: str | None,
    conditions: tuple[str, ...],
    note: str | None,
    source: str | None,
    quote: str | None,
    speaker: str | None,
    via: str | None,
    interactive: bool | None,
    dry_run: bool,
) -> None:
    """Add a party's stance on an issue, with its quote.

    The quote must be found in the source's stored text; the stance lands in
    the party's file, in date order, formatted like its neighbours.

    \b
    Example:
      peacetracker add stance --party northland --issue army-size \\
          --date 2026-01-14 --prefer 150000 --accept "{max: 150000}" --move offer \\
          --source northland-statement \\
          --quote "ready to consider a ceiling of 150,000 troops"
    """
    ask = is_terminal() if interactive is None else interactive
    editor = open_editor(dataset)
    parties, issues = editor.registry("parties"), editor.registry("issues")
    sources = editor.registry("sources")
    party = _ask(ask, party, "--party", "Party", list(parties))
    issue = _ask(ask, issue, "--issue", "Issue", list(issues))
    source = _ask(ask, source, "--source", "Source", list(sources))
    quote = _ask(ask, quote, "--quote", "Quote (exact words from the source)")
    published = sources.get(source, {}).get("published") if source in sources else None
    date_ = _ask(ask, date_, "--date", "Date (YYYY-MM-DD)", default=_iso(published))
    if status != "withdrawn":
        scale = _scale_class(issues.get(issue))
        prefer = _ask(
            ask,
            prefer,
            "--prefer",
            "Preferred point" + (f" ({scale.value_hint})" if scale.value_hint else ""),
            scale_choices(issues.get(issue)) or None,
            strict=scale.value_is_choice,
        )
    data: dict[str, Any] = {
        "date": date_,
        "precision": precision,
        "prefer": _value(prefer, "--prefer"),
        "accept": _value(accept, "--accept"),
        "salience": salience,
        "move": move,
        "confidence": confidence,
        "basis": basis,
        "status": status,
        "reason": reason,
        "event": event,
        "note": note,
        "conditions": [_condition(c) for c in conditions],
        "evidence": [{"source": source, "quote": quote, "speaker": speaker, "via": via}],
    }
    data["evidence"] = [{k: v for k, v in data["evidence"][0].items() if v is not None}]
    if salience is not None and float(salience).is_integer():
        data["salience"] = int(salience)
    try:
        where = editor.add_stance(party, issue, data)
    except EditError as exc:
        fix = exc.fix
        if isinstance(exc, QuoteNotFound):
            fix = f'{fix}; find the exact words with: peacetracker quote {exc.source} "..."'
        fail(exc.message, fix)
    _finish(
        editor,
        dry_run,
        f"added {party}'s stance on {issue} ({date_}) at {shown(editor, where.file)}:{where.line}",
    )
    _warn_if_unverified(editor, where.file, source)


def _scale_class(issue: Any) -> type[Scale]:
    """The scale class of an issue's data (the base class when the type is unknown)."""
    scale: Any = issue.get("scale") if hasattr(issue, "get") else None
    kind = scale.get("type") if hasattr(scale, "get") else None
    return SCALE_TYPES.get(kind, Scale) if isinstance(kind, str) else Scale


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _condition(text: str) -> dict[str, Any]:
    issue, sep, value = text.partition("=")
    if not sep or not issue.strip():
        fail(f"--condition '{text}' is not ISSUE=VALUE", "write e.g. --condition neutrality=yes")
    return {"issue": issue.strip(), "value": _value(value.strip(), "--condition")}


def _edit(editor: Editor, func: Callable[[*Ts], T], *args: *Ts) -> T:
    try:
        return func(*args)
    except EditError as exc:
        fail(exc.message, exc.fix)


@add.command("party")
@dataset_option
@click.argument("party_id", required=False)
@click.option("--name", help="Display name.")
@click.option("--kind", type=click.Choice(PARTY_KINDS), help="What it is (default: state).")
@click.option("--alias", "aliases", multiple=True, help="Another name it goes by (repeatable).")
@click.option(
    "--member",
    "members",
    multiple=True,
    shell_complete=complete_ids("parties"),
    help="A member party id, for a coalition or bloc (repeatable).",
)
@click.option(
    "--endorsed-by",
    "endorsed_by",
    multiple=True,
    shell_complete=complete_ids("parties"),
    help="For a plan: a party id that backs it (repeatable).",
)
@click.option(
    "--derived-from",
    shell_complete=complete_ids("parties"),
    help="For a plan: the plan it revises.",
)
@click.option("--capability", type=click.FloatRange(0, 100), help="0..100, for the model.")
@click.option("--note", help="Free text.")
@_interactive
@_dry_run
def add_party(
    dataset: Path | None,
    party_id: str | None,
    name: str | None,
    kind: str | None,
    aliases: tuple[str, ...],
    members: tuple[str, ...],
    endorsed_by: tuple[str, ...],
    derived_from: str | None,
    capability: float | None,
    note: str | None,
    interactive: bool | None,
    dry_run: bool,
) -> None:
    """Register a party.

    \b
    Example:
      peacetracker add party farland --name Farland --kind state --alias "the Far"
    """
    ask = is_terminal() if interactive is None else interactive
    editor = open_editor(dataset)
    party_id = _ask(ask, party_id, "PARTY_ID", "Party id (e.g. farland)")
    name = _ask(ask, name, "--name", "Display name")
    data = {
        "name": name,
        "kind": kind,
        "aliases": list(aliases),
        "members": list(members),
        "endorsed-by": list(endorsed_by),
        "derived-from": derived_from,
        "capability": _number(capability),
        "note": note,
    }
    where = _edit(editor, editor.add_party, party_id, data)
    _finish(editor, dry_run, f"added party {party_id} at {shown(editor, where.file)}:{where.line}")


@add.command("issue")
@dataset_option
@click.argument("issue_id", required=False)
@click.option("--name", help="Short display name.")
@click.option("--question", help="The question a stance answers.")
@click.option("--group", shell_complete=complete_ids("groups"), help="Group id.")
@click.option(
    "--scale",
    "scale_type",
    type=click.Choice(list(SCALE_TYPES)),
    help="How stances compare.",
)
@click.option("--unit", help="Numeric scale: the unit.")
@click.option("--min", "min_", type=float, help="Numeric scale: the lowest value.")
@click.option("--max", "max_", type=float, help="Numeric scale: the highest value.")
@click.option(
    "--option",
    "options",
    multiple=True,
    metavar='ID[="Label"]',
    help="Ordinal (lowest first) or categorical: an option id, with the label "
    "reports show if given (repeatable).",
)
@click.option(
    "--universe",
    multiple=True,
    metavar='ID[="Label"]',
    help="Set scale: an id it may hold, with its label if given (repeatable).",
)
@click.option("--note", help="Free text.")
@_interactive
@_dry_run
def add_issue(
    dataset: Path | None,
    issue_id: str | None,
    name: str | None,
    question: str | None,
    group: str | None,
    scale_type: str | None,
    unit: str | None,
    min_: float | None,
    max_: float | None,
    options: tuple[str, ...],
    universe: tuple[str, ...],
    note: str | None,
    interactive: bool | None,
    dry_run: bool,
) -> None:
    """Register an issue and its scale.

    Options and universe ids may carry the label reports show
    (--option binding="Binding commitments"): give every one a label, or none.

    \b
    Examples:
      peacetracker add issue sanctions --name Sanctions \\
          --question "Should sanctions be lifted?" --group political --scale yesno
      peacetracker add issue guarantees --name "Security guarantees" \\
          --question "How strong a guarantee?" --scale ordinal \\
          --option none="No guarantee" --option binding="Binding commitments"
    """
    ask = is_terminal() if interactive is None else interactive
    editor = open_editor(dataset)
    issue_id = _ask(ask, issue_id, "ISSUE_ID", "Issue id (e.g. sanctions)")
    name = _ask(ask, name, "--name", "Short name")
    question = _ask(ask, question, "--question", "The question a stance answers")
    scale_type = _ask(ask, scale_type, "--scale", "Scale", list(SCALE_TYPES))
    options, universe = _labelled(options, "--option"), _labelled(universe, "--universe")
    given = {"unit": unit, "min": _number(min_), "max": _number(max_)}
    scale = _scale_data(scale_type, ask, given, {"options": options, "universe": universe})
    data = {"name": name, "question": question, "group": group, "scale": scale, "note": note}
    where = _edit(editor, editor.add_issue, issue_id, data)
    _finish(editor, dry_run, f"added issue {issue_id} at {shown(editor, where.file)}:{where.line}")


@add.command("source")
@dataset_option
@click.argument("source_id", required=False)
@click.option("--kind", type=click.Choice(SOURCE_KINDS), help="What kind of document.")
@click.option("--outlet", help="Who published it.")
@click.option(
    "--no-outlet", is_flag=True, help="The document names no outlet (reports say 'outlet unknown')."
)
@click.option(
    "--affiliation", type=click.Choice(AFFILIATIONS), help="Who stands behind the outlet."
)
@click.option("--title", help="Its title.")
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    help="Publication date (with --precision when only the month, or a latest day, is known).",
)
@click.option(
    "--precision",
    type=click.Choice(PRECISIONS),
    help="How precise --published is: day (default); month (write its first day); "
    "before (published some time before that day, e.g. the day you retrieved it).",
)
@click.option("--url", help="Its address.")
@click.option("--path", help="Its stored text, relative to the dataset (e.g. texts/x.txt).")
@click.option("--lines", help="Where the file holds several articles: e.g. 12-40.")
@click.option("--author", help="Byline.")
@click.option("--note", help="Free text.")
@_interactive
@_dry_run
def add_source(
    dataset: Path | None,
    source_id: str | None,
    kind: str | None,
    outlet: str | None,
    no_outlet: bool,
    affiliation: str | None,
    title: str | None,
    published: str | None,
    precision: str | None,
    url: str | None,
    path: str | None,
    lines: str | None,
    author: str | None,
    note: str | None,
    interactive: bool | None,
    dry_run: bool,
) -> None:
    """Register a source document (an article, statement, draft, ...).

    A document that names no outlet is registered with --no-outlet; one whose
    date is not printed gets the latest day it can have been published with
    --precision before (or its month's first day with --precision month):
    reports then say "outlet unknown", "before 2026-01-20", "Jan 2026".

    \b
    Examples:
      peacetracker add source wire-2026-01-20 --kind article --outlet "Example Wire" \\
          --title "Talks stall" --published 2026-01-20 --path texts/wire-0120.txt
      peacetracker add source leaked-draft --kind draft --no-outlet \\
          --title "Draft framework" --published 2026-01-20 --precision before
    """
    ask = is_terminal() if interactive is None else interactive
    editor = open_editor(dataset)
    source_id = _ask(ask, source_id, "SOURCE_ID", "Source id (e.g. reuters-2026-01-06)")
    kind = _ask(ask, kind, "--kind", "Kind", list(SOURCE_KINDS))
    if no_outlet and outlet:
        fail("--outlet and --no-outlet contradict each other", "give one of them")
    if not no_outlet:
        if outlet in (None, "") and not ask:
            fail("missing --outlet", "give --outlet, or --no-outlet when the document names none")
        outlet = outlet or click.prompt(
            "Outlet (Enter if the document names none)", default="", show_default=False
        )
    title = _ask(ask, title, "--title", "Title")
    published = _ask(ask, published, "--published", "Published (YYYY-MM-DD)")
    data = {
        "kind": kind,
        "outlet": outlet or None,
        "affiliation": affiliation,
        "title": title,
        "published": published,
        "precision": precision,
        "url": url,
        "path": path,
        "lines": lines,
        "author": author,
        "note": note,
    }
    where = _edit(editor, editor.add_source, source_id, data)
    _finish(
        editor, dry_run, f"added source {source_id} at {shown(editor, where.file)}:{where.line}"
    )


@add.command("event")
@dataset_option
@click.argument("event_id", required=False)
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="When it happened.")
@click.option("--title", help="What happened, in one line.")
@click.option(
    "--parties",
    multiple=True,
    shell_complete=complete_id_list("parties"),
    metavar="ID,...",
    help="Party ids involved, separated by commas (repeatable).",
)
@click.option(
    "--sources",
    multiple=True,
    shell_complete=complete_id_list("sources"),
    metavar="ID,...",
    help="Source ids that report it, separated by commas (repeatable).",
)
@click.option("--note", help="Free text.")
@_interactive
@_dry_run
def add_event(
    dataset: Path | None,
    event_id: str | None,
    date_: str | None,
    title: str | None,
    parties: tuple[str, ...],
    sources: tuple[str, ...],
    note: str | None,
    interactive: bool | None,
    dry_run: bool,
) -> None:
    """Register an event: a summit, an attack, a draft published.

    A stance it explains names it with `add stance --event ID`.

    \b
    Example:
      peacetracker add event vienna-talks --date 2026-01-20 \\
          --title "Talks move to Vienna" --parties northland,southland \\
          --sources wire-2026-01-07
    """
    ask = is_terminal() if interactive is None else interactive
    editor = open_editor(dataset)
    event_id = _ask(ask, event_id, "EVENT_ID", "Event id (e.g. geneva-summit)")
    date_ = _ask(ask, date_, "--date", "Date (YYYY-MM-DD)")
    title = _ask(ask, title, "--title", "What happened (one line)")
    data = {
        "date": date_,
        "title": title,
        "parties": split_ids(parties),
        "sources": split_ids(sources),
        "note": note,
    }
    where = _edit(editor, editor.add_event, event_id, data)
    _finish(editor, dry_run, f"added event {event_id} at {shown(editor, where.file)}:{where.line}")


def _labelled(items: Iterable[str], flag: str) -> list[str] | dict[str, str]:
    """``--option a --option b`` -> ``[a, b]``; ``--option a="A" --option b="B"``
    -> ``{a: A, b: B}`` (the labels reports show)."""
    pairs = []
    for item in items:
        ident, sep, label = str(item).partition("=")
        ident, label = ident.strip(), label.strip().strip("\"'").strip()
        if not ident:
            continue
        if sep and not label:
            fail(f"{flag} {item}: the label after '=' is empty", f'write {flag} {ident}="Label"')
        pairs.append((ident, label if sep else None))
    ids = [i for i, _ in pairs]
    repeated = next((i for n, i in enumerate(ids) if i in ids[:n]), None)
    if repeated is not None:
        fail(f"{flag} {repeated} is given twice", "name each id once")
    labelled = [i for i, label in pairs if label is not None]
    if not labelled:
        return [i for i, _ in pairs]
    bare = [i for i, label in pairs if label is None]
    if bare:
        fail(
            f"{flag} {bare[0]} has no label while {labelled[0]} has one",
            f'give every one a label ({flag} {bare[0]}="Label"), or none',
        )
    return {i: label for i, label in pairs if label is not None}


#: The flag that gives each list key of a scale (its labels read as that flag's).
_LIST_FLAGS = {"options": "--option", "universe": "--universe"}


def _scale_data(
    kind: str, ask: bool, given: dict[str, Any], lists: dict[str, Any]
) -> dict[str, Any]:
    """An issue's scale as written in issues.yaml: the keys its type takes, from
    the flags given; in a terminal, a list it takes that was not given is asked for."""
    cls = SCALE_TYPES[kind]
    scale: dict[str, Any] = {"type": kind}
    for key in cls.keys:
        if key not in lists:
            if given.get(key) is not None:
                scale[key] = given[key]
            continue
        value = lists[key]
        if not value and ask and key in cls.questions:
            value = _labelled(tuple(click.prompt(cls.questions[key]).split(",")), _LIST_FLAGS[key])
        scale[key] = value
    return scale


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@add.command("group")
@dataset_option
@click.argument("group_id", required=False)
@click.option("--name", help="Display name of the group (reports head its issues with it).")
@_interactive
@_dry_run
def add_group(
    dataset: Path | None,
    group_id: str | None,
    name: str | None,
    interactive: bool | None,
    dry_run: bool,
) -> None:
    """Register a group of issues (military, political, ...).

    Groups live under 'groups:' (id -> display name), in the file that
    holds them, else in the one that holds the issues; an issue joins one
    with 'add issue --group ID'.

    \b
    Example:
      peacetracker add group economy --name Economy
    """
    ask = is_terminal() if interactive is None else interactive
    editor = open_editor(dataset)
    group_id = _ask(ask, group_id, "GROUP_ID", "Group id (e.g. military)")
    name = _ask(ask, name, "--name", "Display name")
    where = _edit(editor, editor.add_group, group_id, name)
    _finish(editor, dry_run, f"added group {group_id} at {shown(editor, where.file)}:{where.line}")


@add.command("evidence")
@dataset_option
@stance_options()
@click.option(
    "--source", shell_complete=complete_ids("sources"), metavar="ID", help="Source id of the quote."
)
@click.option("--quote", help="The exact words, as in the source (see `peacetracker quote`).")
@click.option("--speaker", help="Who said it.")
@click.option("--via", help="Who relayed it.")
@click.option("--note", help="Free text.")
@_interactive
@_dry_run
def add_evidence(
    dataset: Path | None,
    party: str | None,
    issue: str | None,
    date_: str | None,
    citing: str | None,
    source: str | None,
    quote: str | None,
    speaker: str | None,
    via: str | None,
    note: str | None,
    interactive: bool | None,
    dry_run: bool,
) -> None:
    """Cite another source for an existing stance.

    The stance is the one of --party on --issue dated --date; the quote
    must be found in the source's stored text, as for 'add stance'.

    \b
    Example:
      peacetracker add evidence --party northland --issue army-size \\
          --date 2026-01-12 --source wire-2026-01-07 \\
          --quote "150,000 troops" --speaker "Foreign minister of Northland"
    """
    ask = is_terminal() if interactive is None else interactive
    editor = open_editor(dataset)
    party = _ask(ask, party, "--party", "Party", list(editor.registry("parties")))
    issue = _ask(ask, issue, "--issue", "Issue", list(editor.registry("issues")))
    date_ = _ask(ask, date_, "--date", "Date of the stance (YYYY-MM-DD)")
    source = _ask(ask, source, "--source", "Source", list(editor.registry("sources")))
    quote = _ask(ask, quote, "--quote", "Quote (exact words from the source)")
    cite = {"source": source, "quote": quote, "speaker": speaker, "via": via, "note": note}
    try:
        where = editor.add_evidence(party, issue, date_, cite, citing)
    except EditError as exc:
        fix = exc.fix
        if isinstance(exc, QuoteNotFound):
            fix = f'{fix}; find the exact words with: peacetracker quote {exc.source} "..."'
        fail(exc.message, fix)
    _finish(
        editor,
        dry_run,
        f"added a citation of {source} to {party}'s stance on {issue} ({date_}) "
        f"at {shown(editor, where.file)}:{where.line}",
    )
    _warn_if_unverified(editor, where.file, source)


def _warn_if_unverified(editor: Editor, file: str, source: str) -> None:
    """Not an error (many sources have no stored text), but the quote was
    taken on trust: say so, as ``check`` words the warning."""
    if editor.source_text(source) is None:
        warning = Problem.create("unverified-quote", file, (), source=source)
        click.echo(render_text([warning], position=False), err=True)
