"""SVG charts of a satisfaction report, drawn in the cockpit's colours (shared/charts.py):
regions by score in their colour class, the rating distribution (非常满意 green … 不满意
red), the monthly trend. Each returns the SVG document as bytes."""

from __future__ import annotations

from typing import Any

from shared.charts import RATING_COLOURS, SATISFACTION_COLOURS, bars, lines, stacked
from shared.schemas.petition import Rating

RATING_NAMES = {
    Rating.VERY_SATISFIED.value: "非常满意",
    Rating.SATISFIED.value: "满意",
    Rating.NOT_QUITE.value: "不太满意",
    Rating.DISSATISFIED.value: "不满意",
}
CHARTS = ("regions", "distribution", "trend")


def regions(report: dict[str, Any], level: str | None = "county") -> bytes:
    rows = [r for r in report["regions"] if level is None or r["level"] == level]
    rows.sort(key=lambda r: -(r["score"] or 0))
    none = SATISFACTION_COLOURS["none"]
    items = [
        (r["name"], r["score"] or 0.0, SATISFACTION_COLOURS.get(r["colour"], none)) for r in rows
    ]
    return bars("各地群众满意度评分", "分", items)


def distribution(report: dict[str, Any]) -> bytes:
    overall = report["overall"]
    series = [
        (name, [overall["unit"]["counts"][rating], overall["result"]["counts"][rating]])
        for rating, name in RATING_NAMES.items()
    ]
    return stacked("评价分布", "件", ["对承办单位", "对办理结果"], series, RATING_COLOURS)


def trend(report: dict[str, Any]) -> bytes:
    months = report["months"]
    series = [
        (name, [_percent(m[aspect]["rate"]) for m in months])
        for aspect, name in (("unit", "对承办单位"), ("result", "对办理结果"))
    ]
    return lines("满意率走势", "%", [m["code"] for m in months], series)


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
