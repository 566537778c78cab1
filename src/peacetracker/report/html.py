"""The report as one self-contained HTML page (jinja2, autoescaped; inline CSS
and SVG charts, no scripts, nothing fetched from the network)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ._charts import Heatmap, TimelineChart, _ink, gap_colour, heatmap, timeline_chart
from ._content import Cell, IssueInfo, Report
from ._escape import safe_url
from ._words import direction_text, inner_quotes
from .text import FIRST_RECORDS_INTRO, PLANS_HEADING, plan_heading

__all__ = ["MAX_HEAT_COLS", "MAX_HEAT_ROWS", "MAX_SERIES", "render_html"]

#: Most pairs drawn on one timeline chart (the largest current gaps); the rest
#: are in the gap table.
MAX_SERIES = 6
#: Most pairs (rows) and issues (columns) in the gap heatmap: those with the
#: largest gaps; every gap is in the table under it.
MAX_HEAT_ROWS = 40
MAX_HEAT_COLS = 40
#: Most parties the stance matrix shows as columns; with more, each issue is a
#: row whose parties wrap inside it (a page 1280px wide holds about this many
#: readable columns beside the issue names).
MAX_MATRIX_COLUMNS = 6


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("peacetracker.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["inner_quotes"] = inner_quotes
    env.globals.update(colour=gap_colour, ink=_ink)
    return env


def _memo(piece: Callable[..., Markup]) -> Callable[..., Markup]:
    """``piece`` (a macro of _pieces.html.j2) rendered once per distinct
    arguments: the same footnote marks and band labels repeat on thousands of
    rows of a large report, and a macro call costs far more than a lookup."""
    done: dict[tuple, Markup] = {}

    def render(*args: Hashable) -> Markup:
        try:
            return done[args]
        except KeyError:
            out = done[args] = piece(*args)
            return out
        except TypeError:  # unhashable arguments: render them every time
            return piece(*args)

    return render


def _band_ranges(bands: Iterable[tuple[str, float]]) -> list[tuple[str, float, float]]:
    lo = 0.0
    out = []
    for word, hi in bands:
        out.append((word, lo, hi))
        lo = hi
    return out


def _grid(report: Report) -> list[tuple[IssueInfo, list[Cell | None]]]:
    """Rows of the stance matrix: (issue, [cell or None per party])."""
    cells = {(c.issue, c.party): c for c in report.matrix}
    used = {c.issue for c in report.matrix}
    return [
        (issue, [cells.get((issue.id, p.id)) for p in report.matrix_parties])
        for issue in report.matrix_issues
        if issue.id in used
    ]


def _heat(report: Report) -> tuple[Heatmap | None, int, int]:
    """The gap heatmap: pairs of parties (rows) by issues (columns); at most
    MAX_HEAT_ROWS pairs and MAX_HEAT_COLS issues, those with the largest gaps.
    Returns (layout, pairs left out, issues left out)."""
    if not report.gaps:
        return None, 0, 0
    order = {p.id: i for i, p in enumerate(report.parties)}
    issue_order = {i.id: n for n, i in enumerate(report.issues)}
    pair_score: dict[tuple[str, str], float] = defaultdict(float)
    issue_score: dict[str, float] = defaultdict(float)
    # a question about the talks has no gap to colour
    gaps = [g for g in report.gaps if not g.context]
    if not gaps:
        return None, 0, 0
    for g in gaps:
        pair_score[(g.party_a, g.party_b)] += g.normalised + 0.01
        issue_score[g.issue] += g.normalised + 0.01
    focus = set(report.focus)
    pairs = sorted(pair_score, key=lambda ab: -pair_score[ab])[:MAX_HEAT_ROWS]
    # the focus pair first, then pairs with one focus party, in party order
    pairs.sort(key=lambda ab: (-len(focus & set(ab)), order[ab[0]], order[ab[1]]))
    issue_ids = sorted(issue_score, key=lambda i: -issue_score[i])[:MAX_HEAT_COLS]
    issue_ids.sort(key=lambda i: issue_order[i])
    row_of = {ab: n for n, ab in enumerate(pairs)}
    col_of = {i: n for n, i in enumerate(issue_ids)}
    values = {
        (row_of[(g.party_a, g.party_b)], col_of[g.issue]): (g.normalised, g.band, "; ".join(g.weak))
        for g in gaps
        if (g.party_a, g.party_b) in row_of and g.issue in col_of
    }
    rows = [f"{report.party_name(a)} – {report.party_name(b)}" for a, b in pairs]
    cols = [report.issue_name(i) for i in issue_ids]
    layout = heatmap(rows, cols, values, report.bands)
    return layout, len(pair_score) - len(pairs), len(issue_score) - len(issue_ids)


def _charts(
    report: Report,
) -> list[tuple[IssueInfo, TimelineChart, list[tuple[str, str, str, str]], int]]:
    """One timeline chart per issue on which some pair's gap changed:
    (issue, chart, figure rows (pair, date, gap, normalised), pairs left out).
    Pairs whose gap changed are drawn first (the largest current gap first), at
    most MAX_SERIES of them."""
    latest = {(g.issue, g.party_a, g.party_b): g.normalised for g in report.gaps}
    by_issue = defaultdict(list)
    for t in report.timelines:
        if t.points:
            by_issue[t.issue].append(t)
    end = report.as_of or report.latest
    pairs_with_gaps: dict[str, int] = defaultdict(int)
    for g in report.gaps:
        pairs_with_gaps[g.issue] += 1
    out = []
    for issue in report.issues:
        lines = by_issue.get(issue.id, [])
        moved = [t for t in lines if len({p.normalised for p in t.points}) > 1]
        if not moved:  # no gap on this issue changed: nothing to draw over time
            continue
        moved.sort(key=lambda t: -latest.get((t.issue, t.party_a, t.party_b), 0.0))
        shown = moved[:MAX_SERIES]
        hidden = pairs_with_gaps.get(issue.id, 0) - len(shown)
        series = []
        rows: list[tuple[str, str, str, str]] = []
        for t in shown:
            name = f"{report.party_name(t.party_a)} – {report.party_name(t.party_b)}"
            points = [
                (
                    p.date,
                    p.normalised,
                    f"{name}, {p.date.isoformat()}: {p.gap_text} ({p.normalised:.2f})",
                )
                for p in t.points
            ]
            series.append((name, points))
            rows.extend(
                (name, p.date.isoformat(), p.gap_text, f"{p.normalised:.2f}") for p in t.points
            )
        chart = timeline_chart(series, report.bands, end=end)
        out.append((issue, chart, rows, hidden))
    return out


def _gap_rows(report: Report, notes: Callable, band: Callable) -> list[tuple]:
    """The gap table's cells, one tuple per row: names looked up, footnote marks
    and figures formatted here, once (the table has a row per issue and pair:
    tens of thousands in a large report, and a call made by the template costs
    several times one made here)."""
    party, issue = report.party_name, report.issue_name
    return [
        (
            issue(g.issue),
            party(g.party_a),
            party(g.party_b),
            g.prefer_a,
            notes(g.notes_a),
            g.prefer_b,
            notes(g.notes_b),
            "–" if g.context else g.gap_text,
            g.normalised_text,
            g.basis,
            # a question about the talks: its word is not coloured as a distance
            g.band if g.context else band(g.band, g.normalised),
            "; ".join(g.weak),
        )
        for g in report.gaps
    ]


def render_html(report: Report) -> str:
    """The report as a standalone HTML page."""
    env = _environment()
    css = resources.files("peacetracker.report").joinpath("templates/report.css").read_text("utf-8")
    template = env.get_template("report.html.j2")
    pieces: Any = env.get_template("_pieces.html.j2").module  # its macros: attributes
    heat, *heat_hidden = _heat(report)
    notes, band = _memo(pieces.notes), _memo(pieces.band)
    return template.render(
        r=report,
        css=Markup(css),
        as_of_text=report.as_of_text,
        band_ranges=_band_ranges(report.bands),
        grid=_grid(report),
        compact=len(report.matrix_parties) > MAX_MATRIX_COLUMNS,
        heat=heat,
        heat_hidden=heat_hidden,
        charts=_charts(report),
        party_name=report.party_name,
        issue_name=report.issue_name,
        direction=lambda d: direction_text(
            d.direction, report.party_name(d.other), d.gap_before, d.gap_after, d.band_after
        ),
        party_names=lambda ids: ", ".join(report.party_name(i) for i in ids),
        notes=notes,
        gap_rows=_gap_rows(report, notes, band),
        safe_url=safe_url,
        first_records_intro=FIRST_RECORDS_INTRO,
        plans_heading=PLANS_HEADING,
        plan_heading=plan_heading,
    )
