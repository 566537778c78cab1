"""Chart geometry for the HTML report: a gap heatmap and gap timelines.

This module only computes positions, sizes and colours; the SVG elements
are written by the jinja2 template (so every label is autoescaped).  No
plotting library: two chart types made of rectangles, lines and text are
simpler to lay out directly, come out a few kilobytes small, and keep their
text selectable and searchable in the page.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence

from attrs import frozen

__all__ = [
    "PALETTE",
    "HeatCell",
    "Heatmap",
    "Label",
    "Series",
    "TimelineChart",
    "gap_colour",
    "heatmap",
    "timeline_chart",
]

#: Sequential stops for normalised gaps 0..1 (light yellow to dark red).
_STOPS = (
    (0.0, (255, 255, 204)),
    (0.25, (254, 217, 118)),
    (0.6, (253, 141, 60)),
    (1.0, (189, 0, 38)),
)
#: Colour-blind-safe categorical colours (Okabe and Ito) for timeline series.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")

_CHAR_W = 6.6  # average width of a character at the charts' 12px font
_FONT = 12


def gap_colour(value: float) -> str:
    """Fill colour of a normalised gap (0..1)."""
    v = min(1.0, max(0.0, value))
    for (x0, c0), (x1, c1) in itertools.pairwise(_STOPS):
        if v <= x1:
            t = (v - x0) / (x1 - x0) if x1 > x0 else 0.0
            rgb = tuple(round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True))
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#{:02x}{:02x}{:02x}".format(*_STOPS[-1][1])


def _ink(value: float) -> str:
    """Text colour that reads on the fill of ``value``."""
    return "#ffffff" if value > 0.7 else "#111111"


def _text_width(text: str) -> float:
    return len(text) * _CHAR_W


@frozen
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"
    #: Rotation in degrees about (x, y); 0 for none.
    rotate: float = 0.0


@frozen
class HeatCell:
    x: float
    y: float
    w: float
    h: float
    fill: str
    ink: str
    #: Shown in the cell ("0.67"), and its tooltip ("A – B, Army: 0.67 (far apart)").
    text: str
    title: str
    empty: bool = False
    #: Drawn hatched: the evidence on one side is weak (see the report's legend).
    weak: bool = False


@frozen
class Heatmap:
    width: float
    height: float
    cells: tuple[HeatCell, ...]
    row_labels: tuple[Label, ...]
    col_labels: tuple[Label, ...]
    #: The legend: one swatch per band word.
    legend: tuple[tuple[HeatCell, Label], ...]


def heatmap(
    rows: Sequence[str],
    cols: Sequence[str],
    values: Mapping[tuple[int, int], tuple[float, str] | tuple[float, str, str]],
    bands: Sequence[tuple[str, float]],
    cell: float | None = None,
) -> Heatmap:
    """Lay out a heatmap: ``values[(row, col)] = (normalised gap, band word)``,
    or ``(gap, band word, why the evidence is weak)`` for a cell to draw
    hatched; missing cells are drawn as empty (no stance on one side).  With
    many columns the cells shrink and carry their figure only as a tooltip."""
    if cell is None:
        cell = 44.0 if len(cols) <= 14 else 26.0
    with_text = cell >= 40
    left = max([_text_width(r) for r in rows] + [40]) + 10
    # Column labels are rotated 40 degrees: their height is ~0.65 of their width.
    top = max([_text_width(c) * 0.65 for c in cols] + [20]) + 16
    cells = []
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            x, y = left + j * cell, top + i * cell
            hit = values.get((i, j))
            if hit is None:
                cells.append(
                    HeatCell(
                        x,
                        y,
                        cell - 2,
                        cell - 2,
                        "#f2f2f2",
                        "#777777",
                        "–" if with_text else "",
                        f"{row}, {col}: no stance on one side",
                        empty=True,
                    )
                )
                continue
            value, band, *why = hit
            weak = f"; weak evidence: {why[0]}" if why and why[0] else ""
            cells.append(
                HeatCell(
                    x,
                    y,
                    cell - 2,
                    cell - 2,
                    gap_colour(value),
                    _ink(value),
                    f"{value:.2f}" if with_text else "",
                    f"{row}, {col}: {value:.2f} ({band}){weak}",
                    weak=bool(weak),
                )
            )
    row_labels = tuple(
        Label(left - 8, top + i * cell + cell / 2 + 4, r, "end") for i, r in enumerate(rows)
    )
    col_labels = tuple(
        Label(left + j * cell + cell / 2, top - 8, c, "start", -40.0) for j, c in enumerate(cols)
    )
    grid_w = left + len(cols) * cell
    legend_y = top + len(rows) * cell + 18
    legend = []
    x = left
    lo = 0.0
    for word, hi in bands:
        mid = (lo + hi) / 2 if hi > lo else hi
        swatch = HeatCell(
            x,
            legend_y,
            16,
            16,
            gap_colour(mid),
            _ink(mid),
            "",
            f"{word}: {lo:.2f} to {hi:.2f}" if hi > lo else f"{word}: {hi:.2f}",
        )
        label = Label(x + 22, legend_y + 12, word)
        legend.append((swatch, label))
        x += 22 + _text_width(word) + 18
        lo = hi
    width = max(grid_w, x) + 20
    # The rotated label of the last column reaches to the right of the grid.
    if cols:
        width = max(width, left + (len(cols) - 0.5) * cell + _text_width(cols[-1]) * 0.77 + 10)
    height = legend_y + 16 + 10
    return Heatmap(round(width), round(height), tuple(cells), row_labels, col_labels, tuple(legend))


@frozen
class Series:
    name: str
    colour: str
    #: The step line as an SVG ``points`` string.
    points: str
    #: The dots: (x, y, tooltip).
    dots: tuple[tuple[float, float, str], ...]


@frozen
class TimelineChart:
    width: float
    height: float
    plot: tuple[float, float, float, float]  # x, y, w, h of the plotting area
    y_ticks: tuple[Label, ...]
    y_lines: tuple[float, ...]
    x_ticks: tuple[Label, ...]
    series: tuple[Series, ...]


def timeline_chart(
    series: Sequence[tuple[str, Sequence[tuple[dt.date, float, str]]]],
    bands: Sequence[tuple[str, float]],
    end: dt.date | None = None,
    width: float = 640.0,
    height: float = 220.0,
    window: int = 120,
) -> TimelineChart:
    """Lay out step lines of normalised gaps over time, one per named series of
    ``(date, normalised gap, tooltip)`` points.  ``end`` extends the last step
    (to the report's date); the y axis is labelled with the band words.  The
    x axis covers at most the last ``window`` days: an older point (a 2022
    draft among 2026 statements) is drawn at the left edge, its first tick
    reading "before DATE", and keeps its true date in its tooltip."""
    dates = [d for _, pts in series for d, _, _ in pts]
    if end is not None:
        dates.append(end)
    last = max(dates) if dates else dt.date.today()
    first = min(dates) if dates else last
    clipped = (last - first).days > window
    if clipped:
        recent = [d for d in dates if (last - d).days <= window]
        first = min(recent) - dt.timedelta(days=max(1, (last - min(recent)).days // 10))
        dates = [max(d, first) for d in dates]
    days = max(1, (last - first).days)
    left = max([_text_width(w) for w, _ in bands] + [30]) + 12
    px, py, pw, ph = left, 12.0, width - left - 40, height - 12 - 32

    def sx(d: dt.date) -> float:
        return round(px + pw * (max(d, first) - first).days / days, 1)

    def sy(v: float, dodge: float = 0.0) -> float:
        return round(py + ph * (1 - min(1.0, max(0.0, v))) + dodge, 1)

    y_ticks = tuple(Label(px - 6, sy(b) + 4, w, "end") for w, b in bands)
    y_lines = tuple(sy(b) for _, b in bands)
    # Ticks at the dates something moved (and the end), or evenly spaced when there are many.
    marks = sorted(set(dates))
    if len(marks) > 6:
        marks = [first + dt.timedelta(days=round(days * k / 5)) for k in range(6)]
    x_ticks = []
    last_x = -1e9
    for d in marks:
        x = sx(d)
        if x - last_x < 70:  # labels would overlap
            continue
        text = f"before {d.isoformat()}" if clipped and d == first else d.isoformat()
        x_ticks.append(Label(x, py + ph + 18, text, "start" if text.startswith("b") else "middle"))
        last_x = x + (60 if text.startswith("b") else 0)
    out = []
    for n, (name, pts) in enumerate(series):
        # Lines on the same gap would hide each other: offset each a little.
        dodge = (n - (len(series) - 1) / 2) * 3.0
        pts = sorted(pts, key=lambda p: p[0])
        coords: list[str] = []
        dots = []
        for i, (d, v, tip) in enumerate(pts):
            x, y = sx(d), sy(v, dodge)
            if i:
                coords.append(f"{x},{coords[-1].split(',')[1]}")
            coords.append(f"{x},{y}")
            dots.append((x, y, tip))
        if pts and end is not None and end > pts[-1][0]:
            coords.append(f"{sx(end)},{sy(pts[-1][1], dodge)}")
        out.append(Series(name, PALETTE[n % len(PALETTE)], " ".join(coords), tuple(dots)))
    return TimelineChart(
        width, height, (px, py, pw, ph), y_ticks, y_lines, tuple(x_ticks), tuple(out)
    )
