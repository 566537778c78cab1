"""The report as plain text, for a pipe or a file: no colour, no box drawing,
one record per line or short block (easy to grep), and fast on big datasets
(plain string formatting, no table layout)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ._content import Cell, Citation, FirstRecords, PlanClause, PlanInfo, Report
from ._words import direction_text, gap_phrase, quote_text

__all__ = [
    "FIRST_RECORDS_INTRO",
    "LEDE_HEADING",
    "PLANS_HEADING",
    "clause_text",
    "first_records_text",
    "intro_lines",
    "lede_lines",
    "notes_text",
    "plan_heading",
    "provenance_text",
    "render_plain",
    "source_line",
]


def notes_text(numbers: Iterable[int]) -> str:
    """Footnote marks: ``[1][2][3][7]`` written as ``[1-3][7]``."""
    out: list[str] = []
    run: list[int] = []
    for n in [*numbers, None]:
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"[{run[0]}-{run[-1]}]" if len(run) > 2 else "".join(f"[{x}]" for x in run))
        run = [n] if n is not None else []
    return "".join(out)


def _marks(numbers: Iterable[int]) -> str:
    text = notes_text(numbers)
    return f" {text}" if text else ""


def _heading(out: list[str], text: str) -> None:
    out += ["", text, "=" * len(text), ""]


def _stance_details(c: Cell) -> str:
    extra = [x for x in (c.move, c.date_text) if x]
    accept = f"; accepts {c.accept}" if c.accept else ""
    return f"{c.prefer}{_marks(c.notes)}{accept} ({', '.join(extra)})"


def provenance_text(c: Cell) -> str:
    """A stance's evidence in words: basis, confidence, the outlets, and why it is weak."""
    text = c.quality_text
    if c.outlets:
        text += "; " + "; ".join(c.outlets)
    if c.weak:
        text += f" [weak: {', '.join(c.weak)}]"
    return text


#: The heading of the lede in the text formats.
LEDE_HEADING = "In short"


def lede_lines(r: Report) -> list[str]:
    """The lede: one sentence a line, each with its footnote marks."""
    if not r.lede:
        return []
    return [LEDE_HEADING, *(f"- {s.text}{_marks(s.notes)}" for s in r.lede), ""]


def intro_lines(r: Report) -> list[str]:
    """The title block: title, the lede, description, what data, and the band words."""
    out = [r.title, "", *lede_lines(r)] if r.lede else [r.title]
    if r.description:
        out.append(" ".join(r.description.split()))
    out.append(
        f"{r.as_of_text}. Data: {r.label}. {len(r.parties)} parties, {len(r.issues)} issues, "
        f"{r.sources_text}."
    )
    if r.filters:
        out.append(r.filters)
    lo, words = 0.0, []
    for word, hi in r.bands:
        words.append(f"{word} ({hi:.2f})" if hi == lo else f"{word} (to {hi:.2f})")
        lo = hi
    out.append(
        "Gaps run from 0 (same position) to 1 (as far apart as the scale allows): "
        + ", ".join(words)
        + ". [n] is a source, listed at the end."
    )
    if r.context_words_text:
        out.append(r.context_words_text)
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def source_line(r: Report, c: Citation) -> str:
    """A footnote in words: quote, speaker, outlet (its kind of text and owner),
    title, date, address; what it supports, on what basis and how surely; the
    editor's notes."""
    who = ""
    if c.speaker:
        who = c.speaker + (f", as relayed by {c.via}" if c.via else "") + ". "
    elif c.via:
        who = f"Relayed by {c.via}. "
    url = f" {c.url}" if c.url else ""
    about = f"{r.party_name(c.party)} on {r.issue_name(c.issue)}" + (
        f", {c.date_text}" if c.date else ""
    )
    notes = "".join(f" {n}" for n in c.note_texts)
    return _one_line(
        f"{quote_text(c.quote)} {who}{c.outlet_text}, {quote_text(c.title)}, "
        f"{c.published_text}.{url} ({about}: {c.quality_text}.){notes}"
    )


#: The line above the first records in every format.
FIRST_RECORDS_INTRO = (
    "First recorded since then (new to the data, not moves: what the party held before "
    "is not recorded):"
)


def first_records_text(
    r: Report, f: FirstRecords, notes: Callable[[tuple[int, ...]], str] = notes_text
) -> str:
    """A party's first records on one line: "Army (2026-01-06) [3]; Ceasefire [4]"."""
    return "; ".join(
        f"{r.issue_name(x.issue)}" + (f" ({x.date_text})" if x.date else "")
        + (f" {notes(x.notes)}" if x.notes else "")
        for x in f.records
    )


#: The heading of the plans section.
PLANS_HEADING = "Plans compared, clause by clause"
#: The line above the plans side by side.
PLANS_SIDE_BY_SIDE = "Side by side (what each plan says on each issue):"


def plan_heading(r: Report, p: PlanInfo) -> str:
    """A plan's line: its name, who endorses it, what it revises and the tally."""
    text = r.party_name(p.plan)
    if p.endorsed_by:
        text += f" (endorsed by {', '.join(r.party_name(x) for x in p.endorsed_by)})"
    if p.derived_from:
        text += f", revising {r.party_name(p.derived_from)}"
        if not p.parent_on_record:
            text += " (whose clauses are not on record)"
    if p.claims_weak:
        text += f" [weak evidence: {'; '.join(p.claims_weak)}]"
    return f"{text}: {p.summary}"


def clause_text(
    r: Report,
    c: PlanClause,
    notes: Callable[[tuple[int, ...]], str] = notes_text,
    cell: Callable[[Any], str] = str,
) -> str:
    """One clause of a plan: "changed: Army size: 150,000 → 200,000 [1] [2]"."""
    issue = cell(r.issue_name(c.issue))
    old = f"{cell(c.old)}" + (f" {notes(c.old_notes)}" if c.old_notes else "")
    new = f"{cell(c.new)}" + (f" {notes(c.notes)}" if c.notes else "")
    if c.status == "changed":
        return f"changed: {issue}: {old} → {new}"
    if c.status == "dropped":
        return f"dropped: {issue} (was {old})"
    if c.status == "recorded":
        return f"{issue}: {new}"
    return f"{c.status}: {issue}: {new}"


def render_plain(report: Report) -> str:
    """The whole report as plain text."""
    r = report
    out = intro_lines(r)

    _heading(out, "Where the parties stand")
    if cut := r.cut_text("issues"):
        out += [cut, ""]
    if not r.matrix:
        out.append("No stances in force.")
    by_issue: dict[str, list] = {}
    for c in r.matrix:
        by_issue.setdefault(c.issue, []).append(c)
    order = {p.id: n for n, p in enumerate(r.parties)}
    for n, issue in enumerate(r.matrix_issues):
        if n:
            out.append("")
        out.append(issue.name)
        for c in sorted(by_issue[issue.id], key=lambda c: order[c.party]):
            out.append(f"  {r.party_name(c.party)}: {_stance_details(c)}")
            out.append(f"    {provenance_text(c)}")

    _heading(out, "Gaps between the parties, largest first")
    if r.pairs_text:
        out += [r.pairs_text, ""]
    if cut := r.cut_text("gaps"):
        out += [cut, ""]
    if not r.gaps:
        out.append("No issue has stances from two or more of these parties.")
    width = max([len(w) for w, _ in r.bands] + [len(g.band) for g in r.gaps], default=0)
    scales = {i.id: i.scale for i in r.issues}
    for g in r.gaps:
        a, b = r.party_name(g.party_a), r.party_name(g.party_b)
        basis = f" (normalised {g.basis})" if g.basis else ""
        # A question about the talks has its word in the first column and no gap phrase.
        phrase = "" if g.context else f": {gap_phrase(scales.get(g.issue, ''), g.gap_text)}"
        out.append(
            f"{g.band:<{width}}  {g.normalised_text:<4}  {r.issue_name(g.issue)}: "
            f"{a} and {b}{phrase}{basis}"
        )
        out.append(f"  {a}: {g.prefer_a}{_marks(g.notes_a)}")
        out.append(f"  {b}: {g.prefer_b}{_marks(g.notes_b)}")
        if g.weak:
            out.append(f"  weak evidence: {'; '.join(g.weak)}")

    _heading(out, "Agreement zones")
    if r.plans_text:
        out += [r.plans_text, ""]
    if not r.zones:
        out.append("No issue has stances from two or more of these parties.")
    for z in r.zones:
        who = ", ".join(r.party_name(p) for p in z.parties)
        if z.exists:
            out.append(f"{r.issue_name(z.issue)} ({who}): zone: {z.zone}{_marks(z.notes)}")
        else:
            out.append(f"{r.issue_name(z.issue)} ({who}): no zone{_marks(z.notes)}")
            movers = ", ".join(
                r.party_name(p) + (" (zone assumed)" if assumed else "")
                for p, assumed in z.who_moves
            )
            out.append(
                f"  smallest concession: {z.concession_text} ({z.concession_norm:.2f}), by {movers}"
            )
        if z.assumed:
            out.append(
                "  assumes only the preferred point for "
                + ", ".join(r.party_name(p) for p in z.assumed)
                + " (no acceptable range stated)"
            )
        if z.weak_text:
            out.append(f"  {z.weak_text}")

    if r.plans:
        _heading(out, PLANS_HEADING)
        if r.plan_grid:
            out.append(PLANS_SIDE_BY_SIDE)
            for issue, row in r.plan_grid:
                out.append(f"  {issue.name}")
                for p, c in zip(r.plans, row, strict=True):
                    what = f"{c.prefer}{_marks(c.notes)}" if c else "none on record"
                    out.append(f"    {r.party_name(p.plan)}: {what}")
            out.append("")
        for n, p in enumerate(r.plans):
            if n:
                out.append("")
            out.append(plan_heading(r, p))
            for c in p.clauses:
                out.append(f"  {clause_text(r, c)}")

    if r.since is not None:
        _heading(out, f"What changed since {r.since}")
        if not r.changes and not r.first_records:
            out.append("Nothing changed.")
        elif not r.changes:
            out.append("No party moved: every change is a stance first recorded (below).")
        for c in r.changes:
            out.append(f"{r.party_name(c.party)} on {r.issue_name(c.issue)}: {c.headline}")
            if c.old is not None:
                when = f" ({c.old_date_text})" if c.old_date else ""
                out.append(f"  was {c.old}{when}{_marks(c.old_notes)}")
            if c.new is not None:
                when = f" ({c.new_date_text})" if c.new_date else ""
                out.append(f"  now {c.new}{when}{_marks(c.notes)}")
            elif c.new_date is not None:
                out.append(f"  withdrawn {c.new_date_text}{_marks(c.notes)}")
            out.extend(f"  {d}" for d in c.details)
            for d in c.directions:
                phrase = direction_text(
                    d.direction, r.party_name(d.other), d.gap_before, d.gap_after,
                    d.band_after, arrow="->",
                )
                out.append(f"  {phrase}")
        if r.first_records:
            out += ["", FIRST_RECORDS_INTRO]
            for f in r.first_records:
                out.append(f"  {r.party_name(f.party)}: {f.headline}: {first_records_text(r, f)}")

    _heading(out, "Sources")
    if not r.citations:
        out.append("No sources cited.")
    for c in r.citations:
        out.append(f"[{c.number}] {source_line(r, c)}")
    return "\n".join(line.rstrip() for line in out) + "\n"
