"""Custom charts (定制图表, issue 17): which measures and dimensions a chart may pick, which
pairs can be answered, and the words a chart's title and units carry. Pure: the numbers come
from the statistics and the scorecards (application/charts.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from services.index.domain.rates import RATES, Good
from shared.errors import Forbidden, Invalid, NotFound

Dimension = Literal["region", "category", "channel", "department", "period"]
ChartType = Literal["line", "bar", "pie", "map", "table"]


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    unit: str  # the unit a person reads: 件, 人次, %, 天, 分
    good: Good
    source: Literal["count", "rate", "index"]
    dimensions: tuple[Dimension, ...]


_ALL: tuple[Dimension, ...] = ("region", "category", "channel", "department", "period")
_RATED: tuple[Dimension, ...] = ("region", "category", "period")  # the rollup's dimensions

MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("petitions", "信访件次", "件", "low", "count", _ALL),
        Measure("people", "信访人次", "人次", "low", "count", _ALL),
        # The statistics' rates (domain/rates.py), by the rollup's dimensions.
        *(
            Measure(r.key, r.name, "%" if r.unit == "ratio" else "天", r.good, "rate", _RATED)
            for r in RATES
        ),
        Measure("index", "信访指数", "分", "high", "index", ("region", "period")),
    )
}

DIMENSION_NAMES: dict[str, str] = {
    "region": "地区",
    "category": "问题分类",
    "channel": "信访渠道",
    "department": "承办单位",
    "period": "时间",
}

CHART_TYPE_NAMES: dict[str, str] = {
    "line": "折线图",
    "bar": "柱状图",
    "pie": "饼图",
    "map": "地图",
    "table": "表格",
}


class ChartRefused(Invalid):
    """A chart that cannot be drawn as asked: a measure the dimension cannot split, a map of
    anything but regions, a filter the measure does not take."""

    error_code = "chart_refused"
    text_zh = "这个图表的指标和维度不能这样组合，请换一个维度或指标"


class ChartNotFound(NotFound):
    """No such saved chart, or one the caller may not see (another's, not shared with the
    caller's org): the same answer, so nothing tells which."""

    error_code = "chart_not_found"
    text_zh = "没有找到这个图表，它可能已被删除或没有共享给您"


class ChartNotYours(Forbidden):
    """Only a chart's owner renames, changes, unshares or deletes it."""

    error_code = "chart_not_yours"
    text_zh = "只有图表的创建人可以修改或删除这个图表"


def check(measure: str, dimension: str, chart_type: str, category: str | None) -> Measure:
    """The measure, when the chart can be drawn; a refusal saying why otherwise."""
    m = MEASURES.get(measure)
    if m is None:
        raise ChartRefused(f"unknown measure {measure!r}", zh="没有这个指标")
    if dimension not in m.dimensions:
        raise ChartRefused(
            f"{measure} cannot be split by {dimension}",
            zh=f"“{m.name}”不能按{DIMENSION_NAMES.get(dimension, dimension)}统计，"
            f"可以按{'、'.join(DIMENSION_NAMES[d] for d in m.dimensions)}统计",
        )
    if chart_type == "map" and dimension != "region":
        raise ChartRefused("a map shows regions only", zh="地图只能按地区显示，请把维度选为“地区”")
    if m.source == "index" and category is not None:
        raise ChartRefused(
            "the index takes no category", zh="信访指数是各类问题合起来的得分，不能按问题分类筛选"
        )
    return m


def display_value(m: Measure, raw: float | None) -> float | None:
    """A figure in the unit a person reads: a ratio as a percentage, rounded."""
    if raw is None:
        return None
    if m.unit == "%":
        return round(raw * 100, 2)
    return round(raw, 2) if m.source != "count" else raw


def title(region_name: str, period_text: str, m: Measure, dimension: str) -> str:
    return f"{region_name}{period_text}{m.name}（按{DIMENSION_NAMES[dimension]}）"
