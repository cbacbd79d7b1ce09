"""The server's charts (shared/charts.py) mean what the cockpit's mean: the same colours as
web/src/workbench/cockpit/scheme.ts, 非常满意 green and 不满意 red, whole region names, and
the legend below the axis, not over it (issue 17's complaint of the old pygal charts)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from services.feedback.application import charts as feedback_charts
from services.index.api import report_page
from shared.charts import GRADE_COLOURS, SATISFACTION_COLOURS

SCHEME = Path(__file__).parents[2] / "web/src/workbench/cockpit/scheme.ts"
LONG_NAME = "淮安经济技术开发区"
RESULT = {3: None}  # a month nobody rated: the line breaks there

REPORT: dict[str, Any] = {
    "regions": [
        {"name": LONG_NAME, "level": "county", "score": 91.2, "colour": "green"},
        {"name": "清江浦区", "level": "county", "score": 72.0, "colour": "yellow"},
        {"name": "涟水县", "level": "county", "score": 65.0, "colour": "red"},
        {"name": "某镇", "level": "township", "score": 50.0, "colour": "red"},
    ],
    "overall": {
        aspect: {"counts": {"very_satisfied": 40, "satisfied": 30, "not_quite_satisfied": 10,
                            "dissatisfied": 5}}
        for aspect in ("unit", "result")
    },
    "months": [
        {"code": f"2025-{m:02d}", "unit": {"rate": 0.8}, "result": {"rate": RESULT.get(m, 0.7)}}
        for m in range(1, 13)
    ],
}  # fmt: skip


def _ts_colours(name: str) -> dict[str, str]:
    block = re.search(rf"{name}[^=]*=\s*\{{(.*?)\}}", SCHEME.read_text(), re.S)
    assert block, f"{name} not found in {SCHEME}"
    return {k.strip("'\" "): v for k, v in re.findall(r"([\w']+):\s*'(#[0-9a-f]{6})'", block[1])}


def _series_colours(svg: bytes) -> list[str]:
    found = re.findall(rb"\.color-(\d+)[^{]*\{[^}]*?(#[0-9a-f]{6})", svg)
    return [c.decode() for _, c in sorted({int(i): c for i, c in found}.items())]


def _legend_names(svg: bytes) -> list[str]:
    legends = svg[svg.index(b'class="legends"') :]
    return [t.decode() for t in re.findall(rb'class="legend [^>]*>.*?<text[^>]*>([^<]+)<', legends)]


def _translate(svg: bytes, cls: str) -> tuple[float, float]:
    m = re.search(
        rb'<g transform="translate\(([\d.]+), ([\d.]+)\)" class="' + cls.encode() + b'"', svg
    )
    assert m, cls
    return float(m[1]), float(m[2])


def test_the_colours_are_the_cockpits() -> None:
    assert _ts_colours("GRADE_COLOURS") == {str(k): v for k, v in GRADE_COLOURS.items()}
    assert _ts_colours("SATISFACTION_COLOURS") == SATISFACTION_COLOURS


def test_very_satisfied_is_green_and_dissatisfied_red() -> None:
    svg = feedback_charts.distribution(REPORT)
    assert _legend_names(svg) == ["非常满意", "满意", "不太满意", "不满意"]
    c = SATISFACTION_COLOURS
    assert _series_colours(svg)[:4] == [c["green"], c["blue"], c["yellow"], c["red"]]


def test_region_names_are_whole_and_in_their_colour() -> None:
    svg = feedback_charts.regions(REPORT)
    assert LONG_NAME.encode() in svg and "…".encode() not in svg
    assert "某镇".encode() not in svg  # counties only
    # The plot starts right of the longest name, drawn at 13 px a Chinese character.
    x, _ = _translate(svg, "plot")
    assert x >= len(LONG_NAME) * 13
    for colour in (SATISFACTION_COLOURS["green"], SATISFACTION_COLOURS["red"]):
        assert colour.encode() in svg


def test_the_legend_is_below_the_axis() -> None:
    svg = feedback_charts.trend(REPORT)
    _, plot_y = _translate(svg, "plot")
    plot_h = float(
        re.findall(rb'<rect x="0" y="0" width="[\d.]+" height="([\d.]+)" class="background"', svg)[
            1
        ]
    )
    _, legend_y = _translate(svg, "legends")
    assert legend_y >= plot_y + plot_h + 20  # the month labels fit between
    assert _legend_names(svg) == ["对承办单位", "对办理结果"]


def test_no_chart_fetches_anything_from_the_internet() -> None:
    for name in feedback_charts.CHARTS:
        svg = feedback_charts.render(name, REPORT)
        assert b"kozea.github.io" not in svg and b"<script" not in svg.replace(b"<script type", b"")


def test_the_html_health_check_draws_grades_in_their_colours() -> None:
    def factor(name: str, value: float | None, score: float | None) -> dict[str, Any]:
        return {"name": name, "value": value, "score": score, "weight": 0.2, "contribution": 1.0}

    card = {
        "name": "淮安市",
        "total": 71.5,
        "grade": 3,
        "period": {"start": "2025-03-01", "end": "2025-03-31"},
        "factors": [
            factor("及时受理率", 0.9, 90.0),
            factor("重复信访率", 0.3, 40.0),
            factor("越级信访率", None, None),
        ],
    }
    subs = [
        {"name": LONG_NAME, "total": 55.0, "grade": 1},
        {"name": "涟水县", "total": 88.0, "grade": 4},
    ]
    page = report_page.html({"scorecard": card, "sub_regions": subs, "analysis": ["本期……"]})
    assert "<?xml" not in page and page.count("<svg") == 2
    assert GRADE_COLOURS[1] in page and GRADE_COLOURS[4] in page
    assert SATISFACTION_COLOURS["green"] in page and SATISFACTION_COLOURS["red"] in page
    assert LONG_NAME in page and "三级" in page
