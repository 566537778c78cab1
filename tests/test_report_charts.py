"""Chart geometry for the HTML report (peacetracker.report._charts)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from peacetracker.report._charts import gap_colour, heatmap, timeline_chart

BANDS = [("agreed", 0.0), ("close", 0.25), ("apart", 0.6), ("far apart", 1.0)]
D = dt.date


@given(st.floats(min_value=-1, max_value=2, allow_nan=False))
def test_every_gap_has_a_colour(value):
    colour = gap_colour(value)
    assert len(colour) == 7 and colour.startswith("#")
    int(colour[1:], 16)


def test_colours_darken_with_the_gap():
    def darkness(c):
        return -sum(int(c[i : i + 2], 16) for i in (1, 3, 5))

    shades = [darkness(gap_colour(v / 10)) for v in range(11)]
    assert shades == sorted(shades) and shades[0] < shades[-1]


def test_heatmap_cells_labels_and_legend():
    layout = heatmap(
        ["A – B", "A – C"],
        ["Army", "Guarantees", "Sequencing"],
        {(0, 0): (0.2, "close"), (0, 2): (1.0, "far apart"), (1, 1): (0.0, "agreed")},
        BANDS,
    )
    assert len(layout.cells) == 6
    assert sum(c.empty for c in layout.cells) == 3
    full = [c for c in layout.cells if not c.empty]
    assert [c.text for c in full] == ["0.20", "1.00", "0.00"]
    assert full[1].title == "A – B, Sequencing: 1.00 (far apart)"
    assert [lab.text for lab in layout.row_labels] == ["A – B", "A – C"]
    assert [label.text for _, label in layout.legend] == [w for w, _ in BANDS]
    # Everything fits inside the drawing.
    assert all(c.x + c.w <= layout.width and c.y + c.h <= layout.height for c in layout.cells)


def test_many_issues_shrink_the_cells_and_move_figures_to_tooltips():
    cols = [f"issue {n}" for n in range(30)]
    layout = heatmap(["A – B"], cols, {(0, n): (0.5, "apart") for n in range(30)}, BANDS)
    assert all(c.text == "" and c.title.endswith("0.50 (apart)") for c in layout.cells)
    assert layout.cells[0].w < 40


def test_timeline_steps_run_to_the_end():
    chart = timeline_chart(
        [("A – B", [(D(2026, 1, 5), 0.3, "x"), (D(2026, 1, 12), 0.2, "y")])],
        BANDS,
        end=D(2026, 1, 20),
    )
    (series,) = chart.series
    points = [tuple(map(float, p.split(","))) for p in series.points.split()]
    # Horizontal to the next date, then vertical, then on to the end.
    assert points[0][1] == points[1][1] and points[1][0] == points[2][0]
    assert points[-1][0] == chart.plot[0] + chart.plot[2]
    assert [d[2] for d in series.dots] == ["x", "y"]
    assert [t.text for t in chart.y_ticks] == [w for w, _ in BANDS]


def test_timeline_clips_old_points_to_the_left_edge():
    chart = timeline_chart(
        [("A – B", [(D(2022, 4, 30), 0.5, "2022"), (D(2026, 1, 1), 0.25, "now")])],
        BANDS,
        end=D(2026, 1, 6),
    )
    assert chart.x_ticks[0].text.startswith("before 2025-")
    (series,) = chart.series
    assert series.dots[0][0] == chart.plot[0]  # the 2022 point sits on the left edge
    assert series.dots[0][2] == "2022"  # and keeps its own tooltip
