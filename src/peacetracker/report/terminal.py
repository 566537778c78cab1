"""The report in the terminal: rich tables, colour on a terminal that supports
it, plain text when piped (no colour, no box-drawing decoration)."""

from __future__ import annotations

from typing import IO, Any

from rich import box
from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from ._charts import gap_colour
from ._content import Cell, Change, Report
from ._escape import SafeConsole
from ._words import direction_text
from .text import (
    FIRST_RECORDS_INTRO,
    PLANS_HEADING,
    clause_text,
    first_records_text,
    intro_lines,
    notes_text,
    plan_heading,
    render_plain,
    source_line,
)

__all__ = ["make_console", "render_terminal"]


class _Console(SafeConsole):
    """A rich console that lets a closed pipe surface as ``BrokenPipeError``
    (rich's own handler exits 1; the CLI ends quietly with 141, like git)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError("standard output was closed")


def make_console(
    file: IO[str] | None = None, *, width: int | None = None, force_terminal: bool | None = None
) -> Console:
    """A console for the report: colour only on a real terminal (rich honours
    ``NO_COLOR``); when piped, a fixed width so the text wraps predictably."""
    console = _Console(
        file=file, force_terminal=force_terminal, highlight=False, emoji=False, soft_wrap=False
    )
    if not console.is_terminal:
        console = _Console(
            file=file,
            force_terminal=False,
            no_color=True,
            highlight=False,
            emoji=False,
            width=width or 120,
            color_system=None,
        )
    elif width:
        console.width = width
    return console


_notes = notes_text


def _table(console: Console, *headers: str, **kw: Any) -> Table:
    styled = console.is_terminal
    table = Table(
        box=box.SIMPLE_HEAD if styled else box.ASCII2,
        header_style="bold" if styled else "",
        show_edge=False,
        pad_edge=False,
        expand=False,
        **kw,
    )
    for h in headers:
        justify: JustifyMethod = "right" if h in ("Gap", "Norm.") else "left"
        table.add_column(Text(h), justify=justify, overflow="fold")
    return table


def _add(table: Table, *cells: Text | str) -> None:
    """Add a row; plain strings become Text, so data text is never read as rich markup."""
    table.add_row(*(c if isinstance(c, Text) else Text(c) for c in cells))


def _band(console: Console, word: str, value: float) -> Text:
    if not console.is_terminal:
        return Text(word)
    return Text(
        f" {word} ",
        style=f"black on {gap_colour(value)}" if value <= 0.7 else f"white on {gap_colour(value)}",
    )


def _heading(console: Console, text: str) -> None:
    console.print()
    if console.is_terminal:
        console.rule(Text(text, style="bold"), align="left")
    else:
        console.print(text, markup=False)
        console.print("=" * len(text), markup=False)


#: Width a party's column needs in the wide matrix; narrower terminals get one row per stance.
_PARTY_COLUMN = 24
#: Below this width the matrix's issue is a heading row, not a column of its own.
_MATRIX_ISSUE_COLUMN = 100


def _cell_text(c: Cell, plain: bool, with_prefer: bool = True) -> Text:
    t = Text(c.prefer, style="" if plain else "bold") if with_prefer else Text()
    t.append(_notes(c.notes), style="" if plain else "cyan")
    if c.accept:
        t.append(f"\naccepts {c.accept}", style="" if plain else "dim")
    extra = [x for x in (c.move, c.date_text) if x]
    t.append("\n" + ", ".join(extra), style="" if plain else "dim")
    t.append("\n" + c.quality_text + "; " + "; ".join(c.outlets), style="" if plain else "dim")
    if c.weak:
        t.append(f"\nweak: {', '.join(c.weak)}", style="" if plain else "yellow")
    return t


def _matrix(r: Report, console: Console, cap: int | None = None) -> None:
    """The stance matrix: issues by parties when the terminal is wide enough,
    else one row per party under each issue (at most ``cap`` issues); below
    100 columns the issue is a heading row above its parties, so the
    positions get the width an issue column would take."""
    plain = not console.is_terminal
    cells = {(c.issue, c.party): c for c in r.matrix}
    used = {c.issue for c in r.matrix}
    wide = 28 + _PARTY_COLUMN * len(r.matrix_parties) <= console.width
    headed = not wide and console.width < _MATRIX_ISSUE_COLUMN
    if wide:
        table = _table(console, "Issue", *(p.name for p in r.matrix_parties))
    elif headed:
        table = _table(console, "Issue, party", "Position")
        table.columns[0].max_width = 24
    else:
        table = _table(console, "Issue", "Party", "Position")
        table.columns[0].max_width = 26
        table.columns[1].max_width = 22
    for issue in r.matrix_issues[:cap]:
        if issue.id not in used:
            continue
        name = Text(issue.name, style="" if plain else "bold")
        if wide:
            row: list[Text | str] = [name]
            for p in r.matrix_parties:
                c = cells.get((issue.id, p.id))
                row.append(_cell_text(c, plain) if c else Text("-", style="" if plain else "dim"))
            _add(table, *row)
            continue
        held = [cells[(issue.id, p.id)] for p in r.matrix_parties if (issue.id, p.id) in cells]
        if headed:
            name.stylize("underline")
            _add(table, name, "")
        for n, c in enumerate(held):
            party, cell = r.party_name(c.party), _cell_text(c, plain)
            if headed:
                _add(table, party, cell)
            else:
                _add(table, name if n == 0 else "", party, cell)
        table.rows[-1].end_section = True
    console.print(table)
    _more(console, len(r.matrix_issues[:cap]), len(r.matrix_issues), "issues")


def _more(console: Console, shown: int, total: int, what: str) -> None:
    if total > shown:
        console.print(
            Text(
                f"Showing {shown:,} of {total:,} {what}: --top 0 shows all, or write the "
                "whole report with --format markdown or html.",
                style="italic",
            )
        )


def render_terminal(report: Report, console: Console, *, top: int | None = None) -> None:
    """Print the report to ``console``: rich tables on a terminal (at most
    ``top`` rows per section, the largest first, when given), plain text
    (:func:`~peacetracker.report.text.render_plain`) anywhere else."""
    if not console.is_terminal:
        console.file.write(render_plain(report))
        console.file.flush()
        return
    r = report
    plain = False
    cap = top or None
    lines = intro_lines(r)
    console.print(Text(lines[0], style="bold"))
    for line in lines[1:]:
        console.print(Text(line))

    _heading(console, "Where the parties stand")
    if cut := r.cut_text("issues"):
        console.print(Text(cut, style="italic"))
    if r.matrix:
        _matrix(r, console, cap)
    else:
        console.print(Text("No stances in force."))

    _heading(console, "Gaps between the parties, largest first")
    for note in (r.pairs_text, r.cut_text("gaps")):
        if note:
            console.print(Text(note, style="italic"))
    if r.gaps:
        table = _gaps_table(r, console, cap)
        console.print(table)
        marked = sorted({part for g in r.gaps[:cap] if g.basis for part in g.basis.split("; ")})
        if marked:
            console.print(Text("* " + "; ".join(_basis_note(m) for m in marked)))
        _more(console, len(r.gaps[:cap]), len(r.gaps), "gaps")
    else:
        console.print(Text("No issue has stances from two or more of these parties."))

    _heading(console, "Agreement zones")
    if r.plans_text:
        console.print(Text(r.plans_text, style="" if plain else "italic"))
    if r.zones:
        table = _zones_table(r, console, cap)
        console.print(table)
        _more(console, len(r.zones[:cap]), len(r.zones), "issues")
    else:
        console.print(Text("No issue has stances from two or more of these parties."))

    if r.plans:
        _heading(console, PLANS_HEADING)
        for p in r.plans:
            console.print(Text(plan_heading(r, p), style="bold"))
            for c in p.clauses[:cap]:
                console.print(Text("  " + clause_text(r, c)))
            _more(console, len(p.clauses[:cap]), len(p.clauses), "clauses")

    if r.since is not None:
        _heading(console, f"What changed since {r.since}")
        if not r.changes and not r.first_records:
            console.print(Text("Nothing changed."))
        elif r.changes:
            _changes(r, console, cap)
        else:
            console.print(Text("No party moved: every change is a stance first recorded."))
        if r.first_records:
            console.print(Text(FIRST_RECORDS_INTRO, style="italic"))
            for f in r.first_records:
                line = Text(f"{r.party_name(f.party)}: ", style="bold")
                line.append(f"{f.headline}: ", style="yellow")
                line.append(first_records_text(r, f))
                console.print(line)

    _heading(console, "Sources")
    shown = set(r.citations_by_number)
    if cap is not None:
        issues = {i.id for i in r.matrix_issues[:cap]}
        shown = {n for c in r.matrix if c.issue in issues for n in c.notes}
        shown |= {n for g in r.gaps[:cap] for n in g.notes}
        shown |= {n for z in r.zones[:cap] for n in z.notes}
        shown |= {n for c in r.changes[:cap] for n in c.notes + c.old_notes}
        shown |= {n for f in r.first_records for x in f.records for n in x.notes}
        shown |= {n for p in r.plans for c in p.clauses[:cap] for n in c.notes + c.old_notes}
        shown |= {n for s in r.lede for n in s.notes}
    if not r.citations:
        console.print(Text("No sources cited."))
    for c in r.citations:
        if c.number in shown:
            line = Text()
            line.append(f"[{c.number}] ", style="cyan")
            line.append(source_line(r, c))
            console.print(line)


#: Below this width the smallest concession and who would make it go under the
#: zone (two columns, not four).
_ZONES_FOUR_COLUMNS = 100


def _zones_table(r: Report, console: Console, cap: int | None) -> Table:
    """The agreement zones: four columns on a wide terminal, two on a narrow one."""
    four = console.width >= _ZONES_FOUR_COLUMNS
    if four:
        headers = ("Issue and parties", "Zone of agreement", "Smallest concession",
                   "Who would move")
        table = _table(console, *headers)
        for column, width in zip(table.columns, (36, None, 22, 28), strict=True):
            column.max_width = width
    else:
        table = _table(console, "Issue and parties", "Zone of agreement, or who would move")
        table.columns[0].max_width = 24
    for z in r.zones[:cap]:
        issue = Text(r.issue_name(z.issue), style="bold")
        issue.append("\n" + ", ".join(r.party_name(p) for p in z.parties))
        zone = Text(
            z.zone if z.exists and z.zone is not None else "none",
            style="bold green" if z.exists else "bold red",
        )
        zone.append(_notes(z.notes), style="cyan")
        if z.assumed:
            zone.append(
                "\nassumes only the preferred point for "
                + ", ".join(r.party_name(p) for p in z.assumed)
                + " (no acceptable range stated)",
                style="yellow",
            )
        if z.weak_text:
            zone.append(f"\n{z.weak_text}", style="yellow")
        concession = "-" if z.exists else f"{z.concession_text} ({z.concession_norm:.2f})"
        movers = "-" if z.exists else ", ".join(
            r.party_name(p) + (" (zone assumed)" if assumed else "") for p, assumed in z.who_moves
        )
        if four:
            _add(table, issue, zone, concession, movers)
            continue
        if not z.exists:
            zone.append(f"\nsmallest concession: {concession}, by {movers}")
        _add(table, issue, zone)
        table.rows[-1].end_section = True
    return table

#: Below this width the issue and the parties of a gap share a column, and the
#: gap, its normalised value and its band stack in one (three columns, not six).
_GAPS_SIX_COLUMNS = 130


def _gaps_table(r: Report, console: Console, cap: int | None) -> Table:
    """The gaps, largest first: six columns on a wide terminal, three on a narrow one."""
    six = console.width >= _GAPS_SIX_COLUMNS
    if six:
        table = _table(console, "Issue", "Between", "Positions", "Gap", "Norm.", "In words")
        for column, width in zip(table.columns, (24, 24, None, 18, 10, 10), strict=True):
            column.max_width = width
    else:
        table = _table(console, "Issue and parties", "Positions", "Gap")
        table.columns[0].max_width = 24 if console.width < 100 else 36
        table.columns[2].max_width = 20
        table.columns[2].justify = "left"
    for g in r.gaps[:cap]:
        a, b = r.party_name(g.party_a), r.party_name(g.party_b)
        pos = Text(f"{a}: {g.prefer_a}")
        pos.append(_notes(g.notes_a), style="cyan")
        pos.append(f"\n{b}: {g.prefer_b}")
        pos.append(_notes(g.notes_b), style="cyan")
        # A mark, explained under the table: the words would wrap down the column.
        norm = g.normalised_text + ("*" if g.basis else "")
        # a question about the talks: no figure, and its word is not coloured as a distance
        figure = "–" if g.context else g.gap_text
        band = Text(g.band) if g.context else _band(console, g.band, g.normalised)
        if six:
            _add(
                table, r.issue_name(g.issue), f"{a} and {b}", pos, figure, norm, band,
            )
            continue
        who = Text(r.issue_name(g.issue), style="bold")
        who.append(f"\n{a} and {b}")
        gap = Text(f"{figure}\n{norm} ")
        gap.append_text(band)
        _add(table, who, pos, gap)
        table.rows[-1].end_section = True
    return table


#: Below this width the move word stacks under the party and issue (two columns, not three).
_CHANGES_THREE_COLUMNS = 100


def _change_text(r: Report, c: Change) -> Text:
    """What changed in one stance, one fact a line: was, now (or withdrawn),
    the other changes, then the move against each other party."""
    lines: list[Text] = []

    def fact(label: str, value: str, date: str | None, notes: tuple[int, ...]) -> Text:
        t = Text(label, style="dim")
        if value:
            t.append(" " + value, style="bold" if label == "now" else "")
        if date:
            t.append(f" ({date})")
        if notes:
            t.append(" " + _notes(notes), style="cyan")
        return t

    if c.old is not None:
        lines.append(fact("was", c.old, c.old_date_text, c.old_notes))
    if c.new is not None:
        lines.append(fact("now", c.new, c.new_date_text, c.notes))
    elif c.new_date is not None:
        lines.append(fact("withdrawn", "", c.new_date_text, c.notes))
    lines += [Text(detail, style="dim") for detail in c.details]
    lines += [
        Text(
            direction_text(
                d.direction, r.party_name(d.other), d.gap_before, d.gap_after, d.band_after,
                arrow="->",
            )
        )
        for d in c.directions
    ]
    return Text("\n").join(lines)


def _changes(r: Report, console: Console, cap: int | None) -> None:
    """The changes table: party and issue, the move word (never wrapped), and
    what changed; on a narrow terminal the move word stacks under the issue."""
    three = console.width >= _CHANGES_THREE_COLUMNS
    if three:
        table = _table(console, "Party and issue", "Move", "What changed")
        table.columns[0].max_width = 28
        table.columns[1].no_wrap = True
    else:
        table = _table(console, "Party, issue, move", "What changed")
        table.columns[0].max_width = 24
    for c in r.changes[:cap]:
        who = Text(r.party_name(c.party), style="bold")
        who.append("\n" + r.issue_name(c.issue))
        move = Text(c.move, style="bold yellow")
        if three:
            _add(table, who, move, _change_text(r, c))
        else:
            who.append("\n")
            who.append_text(move)
            _add(table, who, _change_text(r, c))
        table.rows[-1].end_section = True
    console.print(table)
    _more(console, len(r.changes[:cap]), len(r.changes), "changes")


def _basis_note(basis: str) -> str:
    """The footnote to a gap's mark: what it was normalised by, or why it is
    not "far apart" though its figure is high."""
    if basis.startswith("relative"):
        return f"normalised {basis} (the issue declares no range)"
    if basis.startswith("by "):
        return f"normalised {basis}"
    return f"{basis}: such a pair is never far apart"
