"""The report as one self-contained HTML page (jinja2, autoescaped; inline CSS
and SVG charts, no scripts, nothing fetched from the network)."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

import jinja2
from markupsafe import Markup

from ._charts import _ink, gap_colour, heatmap, timeline_chart
from ._escape import safe_url
from ._model import Report

__all__ = ["MAX_SERIES", "render_html"]

#: Most pairs drawn on one timeline chart (the largest current gaps); the rest
#: are in the gap table.
MAX_SERIES = 6


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("peacetracker.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _band_ranges(bands):
    lo = 0.0
    out = []
    for word, hi in bands:
        out.append((word, lo, hi))
        lo = hi
    return out


def _grid(report: Report):
    """Rows of the stance matrix: (issue, [cell or None per party])."""
    cells = {(c.issue, c.party): c for c in report.matrix}
    used = {c.issue for c in report.matrix}
    return [
        (issue, [cells.get((issue.id, p.id)) for p in report.parties])
        for issue in report.issues
        if issue.id in used
    ]


def _heat(report: Report):
    """The gap heatmap: pairs of parties (rows) by issues (columns)."""
    if not report.gaps:
        return None
    order = {p.id: i for i, p in enumerate(report.parties)}
    pairs = sorted(
        {(g.party_a, g.party_b) for g in report.gaps}, key=lambda ab: (order[ab[0]], order[ab[1]])
    )
    seen = {g.issue for g in report.gaps}
    issue_ids = [i.id for i in report.issues if i.id in seen]
    row_of = {ab: n for n, ab in enumerate(pairs)}
    col_of = {i: n for n, i in enumerate(issue_ids)}
    values = {
        (row_of[(g.party_a, g.party_b)], col_of[g.issue]): (g.normalised, g.band)
        for g in report.gaps
    }
    rows = [f"{report.party_name(a)} – {report.party_name(b)}" for a, b in pairs]
    cols = [report.issue_name(i) for i in issue_ids]
    return heatmap(rows, cols, values, report.bands)


def _charts(report: Report):
    """One timeline chart per issue: (issue, chart, figure rows, pairs left out)."""
    latest = {(g.issue, g.party_a, g.party_b): g.normalised for g in report.gaps}
    by_issue = defaultdict(list)
    for t in report.timelines:
        if t.points:
            by_issue[t.issue].append(t)
    out = []
    for issue in report.issues:
        lines = by_issue.get(issue.id)
        end = report.as_of or report.latest
        dates = {p.date for t in lines or () for p in t.points} | ({end} if end else set())
        if len(dates) < 2:  # nothing moved: no line to draw
            continue
        lines.sort(key=lambda t: -latest.get((t.issue, t.party_a, t.party_b), 0.0))
        shown, hidden = lines[:MAX_SERIES], len(lines) - MAX_SERIES
        series = []
        rows = []
        for t in shown:
            name = f"{report.party_name(t.party_a)} – {report.party_name(t.party_b)}"
            series.append(
                (
                    name,
                    [
                        (
                            p.date,
                            p.normalised,
                            f"{name}, {p.date.isoformat()}: {p.gap_text} ({p.normalised:.2f})",
                        )
                        for p in t.points
                    ],
                )
            )
            rows.extend((name, p) for p in t.points)
        chart = timeline_chart(series, report.bands, end=end)
        out.append((issue, chart, rows, max(0, hidden)))
    return out


def render_html(report: Report) -> str:
    """The report as a standalone HTML page."""
    env = _environment()
    css = resources.files("peacetracker.report").joinpath("templates/report.css").read_text("utf-8")
    template = env.get_template("report.html.j2")
    return template.render(
        r=report,
        css=Markup(css),
        as_of_text=report.as_of_text,
        band_ranges=_band_ranges(report.bands),
        grid=_grid(report),
        heat=_heat(report),
        charts=_charts(report),
        party_name=report.party_name,
        issue_name=report.issue_name,
        party_names=lambda ids: ", ".join(report.party_name(i) for i in ids),
        colour=gap_colour,
        ink=_ink,
        safe_url=safe_url,
    )
