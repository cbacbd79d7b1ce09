"""SVG charts of a satisfaction report, drawn by pygal (pure Python, no browser, no fonts to
install): regions by score in their colour class, the rating distribution, the monthly
trend. Each returns the SVG document as bytes."""

from __future__ import annotations

from typing import Any

import pygal
from pygal.style import Style

from services.feedback.domain.model import LOWEST_COLOUR
from shared.schemas.petition import Rating

COLOUR_HEX = {
    "green": "#2e9d4f",
    "blue": "#2f6fd1",
    "yellow": "#e6b422",
    LOWEST_COLOUR: "#d23c3c",
    "none": "#9e9e9e",
}
RATING_NAMES = {
    Rating.VERY_SATISFIED.value: "非常满意",
    Rating.SATISFIED.value: "满意",
    Rating.NOT_QUITE.value: "不太满意",
    Rating.DISSATISFIED.value: "不满意",
}
_STYLE = Style(font_family="'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif")
CHARTS = ("regions", "distribution", "trend")


def regions(report: dict[str, Any], level: str | None = "county") -> bytes:
    rows = [r for r in report["regions"] if level is None or r["level"] == level]
    rows.sort(key=lambda r: -(r["score"] or 0))
    chart = pygal.HorizontalBar(style=_STYLE, show_legend=False, range=(0, 100))
    chart.title = "各地群众满意度评分"
    chart.x_labels = [r["name"] for r in rows]
    chart.add(
        "评分",
        [{"value": r["score"], "color": COLOUR_HEX.get(r["colour"], "#9e9e9e")} for r in rows],
    )
    return bytes(chart.render())


def distribution(report: dict[str, Any]) -> bytes:
    chart = pygal.StackedBar(style=_STYLE)
    chart.title = "评价分布（承办单位 / 办理结果）"
    chart.x_labels = ["承办单位", "办理结果"]
    overall = report["overall"]
    for rating, name in RATING_NAMES.items():
        chart.add(name, [overall["unit"]["counts"][rating], overall["result"]["counts"][rating]])
    return bytes(chart.render())


def trend(report: dict[str, Any]) -> bytes:
    chart = pygal.Line(style=_STYLE, range=(0, 100))
    chart.title = "满意率走势（%）"
    months = report["months"]
    chart.x_labels = [m["code"] for m in months]
    for aspect, name in (("unit", "承办单位"), ("result", "办理结果")):
        chart.add(name, [_percent(m[aspect]["rate"]) for m in months])
    return bytes(chart.render())


def _percent(rate: float | None) -> float | None:
    return round(rate * 100, 1) if rate is not None else None


def render(name: str, report: dict[str, Any]) -> bytes:
    if name == "regions":
        return regions(report)
    if name == "distribution":
        return distribution(report)
    if name == "trend":
        return trend(report)
    raise KeyError(name)
