"""The server's charts (the HTML health check, the satisfaction report's SVGs), drawn by pygal
in the workbench cockpit's colours and type, so that a chart means the same on a page and
on paper: red is bad and green is good everywhere. The colours are the cockpit's
(web/src/workbench/cockpit/scheme.ts; tests/unit/test_chart_colours.py keeps them equal).

pygal cuts long labels and puts the legend where it meets the axis unless told otherwise;
every chart here keeps whole labels, its legend below the plot and a margin for the title."""

from __future__ import annotations

from collections.abc import Sequence

import pygal
from pygal.style import Style

# The index's four grades: 一级 is the most serious.
GRADE_COLOURS = {1: "#c0392b", 2: "#e67e22", 3: "#f1c40f", 4: "#27ae60"}
# Feedback's four satisfaction colours, best first, and grey where nobody rated yet.
SATISFACTION_COLOURS = {
    "green": "#2e9d4f",
    "blue": "#2f6fd1",
    "yellow": "#e6b422",
    "red": "#d23c3c",
    "none": "#9e9e9e",
}
# A rating in the colour of its satisfaction class: 非常满意 green … 不满意 red.
RATING_COLOURS = (
    SATISFACTION_COLOURS["green"],
    SATISFACTION_COLOURS["blue"],
    SATISFACTION_COLOURS["yellow"],
    SATISFACTION_COLOURS["red"],
)
# Series that are neither good nor bad (two aspects of one rate): blue and a neutral grey-blue.
NEUTRAL_COLOURS = ("#2f6fd1", "#7a8ca3", "#8e6cc4", "#3aa7a3")
FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

Bar = tuple[str, float, str]  # label, value, colour


def _style(colours: Sequence[str]) -> Style:
    return Style(
        font_family=FONT,
        colors=tuple(colours),
        background="#ffffff",
        plot_background="#ffffff",
        title_font_size=18,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=12,
        foreground="#303133",
        foreground_strong="#303133",
        foreground_subtle="#909399",
        guide_stroke_color="#e4e7ed",
        major_guide_stroke_color="#dcdfe6",
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
        opacity=".9",
    )


def _label_room(labels: Sequence[str], size: int = 13) -> int:
    """Pixels for the longest label: pygal measures every character as a Latin one, and a
    Chinese character is twice as wide, so without this a region's name is cut at the left."""
    return max((len(x) for x in labels), default=0) * size // 2 + 8


def _common(colours: Sequence[str]) -> dict[str, object]:
    return {
        "style": _style(colours),
        "truncate_label": -1,  # a region's whole name, never 清江浦…
        "truncate_legend": -1,
        "legend_at_bottom": True,  # below the plot, never over the axis
        "legend_at_bottom_columns": 4,
        "margin": 16,
        "margin_right": 28,  # the last month's label whole
        "margin_bottom": 28,  # room for the legend's Chinese under the axis labels
        "js": [],  # pygal's tooltips script is fetched from the internet: never from here
        "width": 720,
    }


def bars(title: str, unit: str, items: Sequence[Bar], top: float = 100) -> bytes:
    """Horizontal bars, one per item in its own colour, 0 to ``top``, the value at each bar's
    end; the unit is in the title. Height grows with the number of bars."""
    chart = pygal.HorizontalBar(
        **_common(("#2f6fd1",)),
        show_legend=False,
        range=(0, top),
        height=max(160, 90 + 30 * len(items)),
        print_values=True,
        value_formatter=lambda v: f"{v:.1f}",
        margin_left=16 + _label_room([label for label, _, _ in items]),
    )
    chart.title = f"{title}（{unit}）"
    chart.x_labels = [label for label, _, _ in items]
    chart.add(unit, [{"value": v, "color": c} for _, v, c in items])
    return bytes(chart.render())


def stacked(
    title: str,
    unit: str,
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    colours: Sequence[str],
) -> bytes:
    """Stacked vertical bars, one stack per group, the series in the given colours."""
    chart = pygal.StackedBar(**_common(colours), height=420)
    chart.title = f"{title}（{unit}）"
    chart.x_labels = list(groups)
    for name, values in series:
        chart.add(name, list(values))
    return bytes(chart.render())


def lines(
    title: str,
    unit: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    top: float = 100,
) -> bytes:
    """Lines over the labels (months), 0 to ``top``, in neutral colours."""
    chart = pygal.Line(
        **_common(NEUTRAL_COLOURS),
        range=(0, top),
        height=420,
        x_label_rotation=0,
        allow_interruptions=True,
    )
    chart.title = f"{title}（{unit}）"
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return bytes(chart.render())
