"""Custom charts (定制图表, issue 17): a chart's figures for a measure, a dimension, filters and
a period; the charts saved under a name (the owner's, shared with the owner's org when asked);
and a chart as an Excel workbook. Leaders and the petition office read them; a caller outside
the chart's region is refused as by the statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from services.index.api.context import ApiContext
from services.index.application.charts import ChartData, Definition, SavedCharts, workbook
from services.index.domain.charts import ChartType, Dimension, Good
from services.index.domain.stat_periods import Kind
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day
from shared.service.auth import AUTH_RESPONSES, require_roles

ChartReader = Annotated[Principal, Depends(require_roles(Role.LEADER, Role.PETITION_OFFICE))]
MeasureKey = Literal[
    "petitions",
    "people",
    "on_time_completion_rate",
    "first_visit_resolution_rate",
    "avg_handling_days",
    "timely_acceptance_rate",
    "participation_rate",
    "satisfaction_rate",
    "repeat_share",
    "collective_share",
    "skip_level_share",
    "index",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class ChartDefinition(_Strict):
    """What a chart picks. ``from`` is a day in the period (default today); ``to`` the last
    day of a custom period."""

    measure: MeasureKey = Field(description="件次, 人次, a rate's key or the index")
    dimension: Dimension
    chart_type: ChartType = "bar"
    region: str = Field(min_length=1, max_length=64)
    period: Kind = "month"
    start: Day | None = Field(default=None, alias="from")
    to: Day | None = None
    category: str | None = Field(default=None, pattern=r"^\d{2}(\d{2})?$")

    def plain(self) -> Definition:
        return Definition(
            self.measure,
            self.dimension,
            self.chart_type,
            self.region,
            self.period,
            self.start,
            self.to,
            self.category,
        )

    def stored(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class PeriodOut(_Strict):
    kind: Kind
    start: date
    end: date  # inclusive


class ChartRow(_Strict):
    key: str = Field(description="the code, or the bucket's first day for a period")
    name: str
    value: int | float | None = Field(
        description="in ``unit`` (a count a whole number); None when nothing was there to measure"
    )


class ChartFigures(_Strict):
    title: str
    measure: MeasureKey
    measure_name: str
    dimension: Dimension
    dimension_name: str
    chart_type: ChartType
    unit: str = Field(description="件, 人次, %, 天 or 分")
    good: Good = Field(description="which way is good: high (a rate met) or low (petitions)")
    region: str
    region_name: str
    category: str | None
    category_name: str | None
    period: PeriodOut
    period_text: str
    rows: list[ChartRow]


class NewChart(_Strict):
    name: str = Field(min_length=1, max_length=100)
    shared: bool = False
    definition: ChartDefinition


class ChartChange(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    shared: bool | None = None
    definition: ChartDefinition | None = None


class SavedChart(_Strict):
    id: str
    name: str
    owner: str
    owner_name: str
    owner_org: str
    shared: bool = Field(description="seen by everyone of the owner's org")
    mine: bool = Field(description="the caller owns it (may rename, share or delete it)")
    definition: ChartDefinition
    created_at: datetime
    updated_at: datetime


class ChartList(_Strict):
    items: list[SavedChart]


def _xlsx(body: bytes, name: str) -> Response:
    return Response(
        body,
        media_type=XLSX,
        headers={
            "Content-Disposition": f"attachment; filename=\"chart.xlsx\"; filename*=UTF-8''"
            f"{quote(name + '.xlsx')}"
        },
    )


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(
        prefix="/api/v1/charts",
        tags=["charts"],
        responses={**AUTH_RESPONSES, 404: {"description": "no such region or chart"}},
    )
    xlsx_answer: dict[int | str, dict[str, Any]] = {
        200: {"content": {XLSX: {}}, "description": "the chart's rows as an Excel workbook"}
    }

    def figures() -> ChartData:
        return ChartData(ctx.store.engine, ctx.refdata, ctx.model, ctx.today)

    def saved() -> SavedCharts:
        return SavedCharts(ctx.store.engine)

    @router.post("/data", summary="A chart's figures: a measure by a dimension, for a period")
    def data(principal: ChartReader, body: ChartDefinition) -> ChartFigures:
        return ChartFigures.model_validate(figures().figures(principal, body.plain()))

    @router.post(
        "/export.xlsx",
        summary="An unsaved chart's rows as an Excel workbook",
        response_class=Response,
        responses=xlsx_answer,
    )
    def export_unsaved(principal: ChartReader, body: ChartDefinition) -> Response:
        found = figures().figures(principal, body.plain())
        return _xlsx(workbook(found), found["title"])

    @router.get("", summary="My charts and the charts shared within my org")
    def list_charts(principal: ChartReader) -> ChartList:
        return ChartList.model_validate({"items": saved().list(principal)})

    @router.post("", status_code=201, summary="Save a chart under a name")
    def create(principal: ChartReader, body: NewChart) -> SavedChart:
        figures().check(principal, body.definition.plain())
        made = saved().create(principal, body.name, body.shared, body.definition.stored())
        return SavedChart.model_validate(made)

    @router.get("/{chart_id}", summary="A saved chart (mine, or shared within my org)")
    def get_chart(principal: ChartReader, chart_id: str) -> SavedChart:
        return SavedChart.model_validate(saved().get(principal, chart_id))

    @router.patch("/{chart_id}", summary="Rename, share or change my chart")
    def change(principal: ChartReader, chart_id: str, body: ChartChange) -> SavedChart:
        if body.definition is not None:
            figures().check(principal, body.definition.plain())
        done = saved().change(
            principal,
            chart_id,
            body.name,
            body.shared,
            None if body.definition is None else body.definition.stored(),
        )
        return SavedChart.model_validate(done)

    @router.delete("/{chart_id}", status_code=204, summary="Delete my chart")
    def remove(principal: ChartReader, chart_id: str) -> Response:
        saved().remove(principal, chart_id)
        return Response(status_code=204)

    @router.get(
        "/{chart_id}/export.xlsx",
        summary="A saved chart's rows as an Excel workbook",
        response_class=Response,
        responses=xlsx_answer,
    )
    def export_saved(principal: ChartReader, chart_id: str) -> Response:
        chart = saved().get(principal, chart_id)
        definition = ChartDefinition.model_validate(chart["definition"])
        found = figures().figures(principal, definition.plain())
        return _xlsx(workbook(found, chart["name"]), chart["name"])

    return router
