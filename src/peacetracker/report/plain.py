"""The report as plain text, for a pipe or a file: no colour, no box drawing,
one record per line or short block (easy to grep), and fast on big datasets
(plain string formatting, no table layout)."""

from __future__ import annotations

from ._model import Report
from ._words import direction_text, gap_phrase, quote_text

__all__ = ["intro_lines", "notes_text", "render_plain", "source_line"]


def notes_text(numbers) -> str:
    """Footnote marks: ``[1][2][3][7]`` written as ``[1-3][7]``."""
    out, run = [], []
    for n in [*numbers, None]:
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"[{run[0]}-{run[-1]}]" if len(run) > 2 else "".join(f"[{x}]" for x in run))
        run = [n] if n is not None else []
    return "".join(out)


def _marks(numbers) -> str:
    text = notes_text(numbers)
    return f" {text}" if text else ""


def _heading(out: list[str], text: str) -> None:
    out += ["", text, "=" * len(text), ""]


def _stance_details(c) -> str:
    extra = [x for x in (c.move, c.date_text) if x]
    if c.basis != "stated":
        extra.append(c.basis)
    if c.confidence != "high":
        extra.append(f"{c.confidence} confidence")
    accept = f"; accepts {c.accept}" if c.accept else ""
    return f"{c.prefer}{_marks(c.notes)}{accept} ({', '.join(extra)})"


def intro_lines(r: Report) -> list[str]:
    """The title block: title, description, what data, and the band words."""
    out = [r.title]
    if r.description:
        out.append(" ".join(r.description.split()))
    out.append(
        f"{r.as_of_text}. Data: {r.label}. {len(r.parties)} parties, {len(r.issues)} issues, "
        f"{r.sources_text}."
    )
    lo, words = 0.0, []
    for word, hi in r.bands:
        words.append(f"{word} ({hi:.2f})" if hi == lo else f"{word} (to {hi:.2f})")
        lo = hi
    out.append(
        "Gaps run from 0 (same position) to 1 (as far apart as the scale allows): "
        + ", ".join(words)
        + ". [n] is a source, listed at the end."
    )
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def source_line(r: Report, c) -> str:
    """A footnote in words: quote, speaker, outlet, title, date, address."""
    who = ""
    if c.speaker:
        who = c.speaker + (f", as relayed by {c.via}" if c.via else "") + ". "
    elif c.via:
        who = f"Relayed by {c.via}. "
    url = f" {c.url}" if c.url else ""
    return _one_line(
        f"{quote_text(c.quote)} {who}{c.outlet}, {quote_text(c.title)}, "
        f"{c.published_text}.{url}"
    )


def render_plain(report: Report) -> str:
    """The whole report as plain text."""
    r = report
    out = intro_lines(r)

    _heading(out, "Where the parties stand")
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

    _heading(out, "Gaps between the parties, largest first")
    if not r.gaps:
        out.append("No issue has stances from two or more of these parties.")
    width = max((len(w) for w, _ in r.bands), default=0)
    scales = {i.id: i.scale for i in r.issues}
    for g in r.gaps:
        a, b = r.party_name(g.party_a), r.party_name(g.party_b)
        basis = f" (normalised {g.basis})" if g.basis else ""
        out.append(
            f"{g.band:<{width}}  {g.normalised:.2f}  {r.issue_name(g.issue)}: "
            f"{a} and {b}: {gap_phrase(scales.get(g.issue, ''), g.gap_text)}{basis}"
        )
        out.append(f"  {a}: {g.prefer_a}{_marks(g.notes_a)}")
        out.append(f"  {b}: {g.prefer_b}{_marks(g.notes_b)}")

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
            movers = ", ".join(r.party_name(p) for p in z.movers)
            out.append(
                f"  smallest concession: {z.concession_text} ({z.concession_norm:.2f}), by {movers}"
            )
        if z.assumed:
            out.append(
                "  assumes only the preferred point for "
                + ", ".join(r.party_name(p) for p in z.assumed)
                + " (no acceptable range stated)"
            )

    if r.since is not None:
        _heading(out, f"What changed since {r.since}")
        if not r.changes:
            out.append("Nothing changed.")
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

    _heading(out, "Sources")
    if not r.citations:
        out.append("No sources cited.")
    for c in r.citations:
        out.append(f"[{c.number}] {source_line(r, c)}")
    return "\n".join(line.rstrip() for line in out) + "\n"
