"""The report as Markdown that pastes cleanly into a CMS: GFM tables, and the
quotes as footnotes (``[^3]``).  Every piece of data text is escaped."""

from __future__ import annotations

from collections.abc import Iterable

from ._content import Report, Zone
from ._escape import md_cell, md_text, md_url, safe_url
from ._words import direction_text, inner_quotes
from .text import FIRST_RECORDS_INTRO, LEDE_HEADING, PLANS_HEADING, clause_text, plan_heading

__all__ = ["render_markdown"]


def _notes(numbers: Iterable[int]) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _names(report: Report, ids: Iterable[str]) -> str:
    return ", ".join(md_cell(report.party_name(i)) for i in ids)


def render_markdown(report: Report) -> str:
    """The report as a Markdown document."""
    r = report
    out: list[str] = [f"# {md_cell(r.title)}", ""]
    if r.lede:
        out += [f"**{LEDE_HEADING}**", ""]
        out += [f"- {md_cell(s.text)}{_notes(s.notes)}" for s in r.lede]
        out.append("")
    if r.description:
        out += [md_text(r.description), ""]
    out.append(
        f"{r.as_of_text}. Data: {md_cell(r.label)}. {len(r.parties)} parties, "
        f"{len(r.issues)} issues, {r.sources_text}."
        + (f" {md_text(r.filters)}" if r.filters else "")
    )
    words, lo = [], 0.0
    for word, hi in r.bands:
        span = f"{hi:.2f}" if hi == lo else f"above {lo:.2f} to {hi:.2f}"
        words.append(f"**{md_cell(word)}** ({span})")
        lo = hi
    out += [
        "",
        "Gaps are normalised from 0 (same position) to 1 (as far apart as the issue's scale "
        "allows) and named: " + ", ".join(words) + ". Footnotes give the quote behind each figure.",
        "",
    ]
    if r.context_words_text:
        out += [md_text(r.context_words_text), ""]

    # -- matrix ---------------------------------------------------------------
    out += ["## Where the parties stand", ""]
    if r.cut_text("issues"):
        out += [md_text(r.cut_text("issues")), ""]
    if r.matrix:
        cells = {(c.issue, c.party): c for c in r.matrix}
        used = {c.issue for c in r.matrix}
        out.append(_row(["Issue", *(md_cell(p.name) for p in r.matrix_parties)]))
        out.append(_row(["---"] * (len(r.matrix_parties) + 1)))
        for issue in r.matrix_issues:
            if issue.id not in used:
                continue
            row = [f"**{md_cell(issue.name)}**"]
            for p in r.matrix_parties:
                c = cells.get((issue.id, p.id))
                if c is None:
                    row.append("no stance")
                    continue
                text = f"**{md_cell(c.prefer)}**{_notes(c.notes)}"
                if c.accept:
                    text += f"; accepts {md_cell(c.accept)}"
                extra = [x for x in (c.move, c.date_text) if x]
                text += f" ({md_cell(', '.join(extra))}; {md_cell(c.quality_text)}"
                if c.outlets:
                    text += f"; {md_cell('; '.join(c.outlets))}"
                text += ")"
                if c.weak:
                    text += f" *weak: {md_cell(', '.join(c.weak))}*"
                row.append(text)
            out.append(_row(row))
    else:
        out.append("No stances in force.")
    out.append("")

    # -- gaps -----------------------------------------------------------------
    out += ["## Gaps between the parties, largest first", ""]
    for note in (r.pairs_text, r.cut_text("gaps")):
        if note:
            out += [md_text(note), ""]
    if r.gaps:
        out.append(_row(["Issue", "Between", "Positions", "Gap", "Normalised", "In words"]))
        out.append(_row(["---", "---", "---", "---:", "---:", "---"]))
        for g in r.gaps:
            a, b = md_cell(r.party_name(g.party_a)), md_cell(r.party_name(g.party_b))
            norm = g.normalised_text + (f" ({md_cell(g.basis)})" if g.basis else "")
            weak = f" *weak evidence: {md_cell('; '.join(g.weak))}*" if g.weak else ""
            out.append(
                _row(
                    [
                        md_cell(r.issue_name(g.issue)),
                        f"{a} and {b}",
                        f"{a}: {md_cell(g.prefer_a)}{_notes(g.notes_a)}; "
                        f"{b}: {md_cell(g.prefer_b)}{_notes(g.notes_b)}{weak}",
                        "–" if g.context else md_cell(g.gap_text),
                        norm,
                        f"**{md_cell(g.band)}**",
                    ]
                )
            )
    else:
        out.append("No issue has stances from two or more of these parties.")
    out.append("")

    # -- zones ----------------------------------------------------------------
    out += ["## Agreement zones", ""]
    if r.plans_text:
        out += [md_text(r.plans_text), ""]
    if r.zones:
        out.append(
            _row(["Issue", "Parties", "Zone of agreement", "Smallest concession", "Who would move"])
        )
        out.append(_row(["---"] * 5))
        for z in r.zones:
            zone = f"**{md_cell(z.zone)}**" if z.exists else "**none**"
            zone += _notes(z.notes)
            if z.assumed:
                zone += (
                    f" (assumes {_names(r, z.assumed)} would accept only the preferred point: "
                    "no acceptable range stated)"
                )
            concession = (
                "–" if z.exists else f"{md_cell(z.concession_text)} ({z.concession_norm:.2f})"
            )
            if z.weak_text:
                zone += f" *{md_cell(z.weak_text)}*"
            movers = "–" if z.exists else md_cell(_who_moves(r, z))
            out.append(
                _row(
                    [md_cell(r.issue_name(z.issue)), _names(r, z.parties), zone, concession, movers]
                )
            )
    else:
        out.append("No issue has stances from two or more of these parties.")
    out.append("")

    # -- plans ----------------------------------------------------------------
    if r.plans:
        out += [f"## {PLANS_HEADING}", ""]
        if r.plan_grid:
            out.append(_row(["Issue", *(md_cell(r.party_name(p.plan)) for p in r.plans)]))
            out.append(_row(["---"] * (len(r.plans) + 1)))
            for issue, row in r.plan_grid:
                out.append(_row([md_cell(issue.name), *(
                    f"{md_cell(c.prefer)}{_notes(c.notes)}" if c else "–" for c in row)]))
            out.append("")
        for p in r.plans:
            out += [f"**{md_cell(plan_heading(r, p))}**", ""]
            out += [f"- {clause_text(r, c, _notes, md_cell)}" for c in p.clauses]
            out.append("")

    # -- changes --------------------------------------------------------------
    if r.since is not None:
        out += [f"## What changed since {md_cell(r.since)}", ""]
        if not r.changes and not r.first_records:
            out += ["Nothing changed.", ""]
        elif not r.changes:
            out += ["No party moved: every change is a stance first recorded (below).", ""]
        for c in r.changes:
            head = (
                f"- **{md_cell(r.party_name(c.party))}** on {md_cell(r.issue_name(c.issue))}: "
                f"**{md_cell(c.headline)}**"
            )
            old = (
                f"{md_cell(c.old)} ({c.old_date_text})"
                if c.old and c.old_date
                else md_cell(c.old or "–")
            ) + _notes(c.old_notes)
            new = (
                f"{md_cell(c.new)} ({c.new_date_text})"
                if c.new and c.new_date
                else md_cell(c.new or "–")
            )
            if c.old and c.new:
                line = f"{head}: {old} → {new}{_notes(c.notes)}"
            elif c.new:
                line = f"{head}: {new}{_notes(c.notes)}"
            else:
                line = f"{head}: was {old}"
                if c.new_date:
                    line += f"; withdrawn {c.new_date_text}{_notes(c.notes)}"
            if c.details:
                line += " (" + "; ".join(md_cell(d) for d in c.details) + ")"
            out.append(line)
            for d in c.directions:
                phrase = direction_text(
                    d.direction, r.party_name(d.other), d.gap_before, d.gap_after, d.band_after
                )
                out.append(f"  - {md_cell(phrase)}")
        if r.first_records:
            out += ["", md_text(FIRST_RECORDS_INTRO), ""]
            for f in r.first_records:
                items = "; ".join(
                    md_cell(r.issue_name(x.issue))
                    + (f" ({x.date_text})" if x.date else "")
                    + _notes(x.notes)
                    for x in f.records
                )
                out.append(f"- **{md_cell(r.party_name(f.party))}**, {f.headline}: {items}")
        out.append("")

    # -- sources --------------------------------------------------------------
    out += ["## Sources", ""]
    if not r.citations:
        out += ["No sources cited.", ""]
    for c in r.citations:
        who = ""
        if c.speaker:
            who = md_cell(c.speaker) + (f", as relayed by {md_cell(c.via)}" if c.via else "") + ". "
        elif c.via:
            who = f"Relayed by {md_cell(c.via)}. "
        url = safe_url(c.url)
        title = md_cell(inner_quotes(c.title))
        title = f"[{title}]({md_url(url)})" if url else f"“{title}”"
        about = f"{md_cell(r.party_name(c.party))} on {md_cell(r.issue_name(c.issue))}" + (
            f", {c.date_text}" if c.date else ""
        )
        quote = md_cell(inner_quotes(c.quote))
        outlet = f"*{md_cell(c.outlet)}*" + "".join(f", {md_cell(x)}" for x in c.source_words)
        notes = "".join(f" {md_cell(n)}" for n in c.note_texts)
        out.append(
            f"[^{c.number}]: “{quote}” {who}{outlet}, {title}, "
            f"{c.published_text}. ({about}: {md_cell(c.quality_text)}.){notes}"
        )
    return "\n".join(out).rstrip() + "\n"


def _who_moves(r: Report, z: Zone) -> str:
    """Who would have to move, those whose zone is only assumed said so."""
    return ", ".join(
        r.party_name(p) + (" (zone assumed)" if assumed else "") for p, assumed in z.who_moves
    )
