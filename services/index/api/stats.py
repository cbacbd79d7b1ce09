"""The statistics (issue 17): counts by a dimension, the rates and the hot words of a region
and period, for the cockpit. Every answer is a named model; a caller outside the region is
refused as the other index reads are."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from services.index.api.context import ApiContext, Reader
from services.index.application.stats import By, Statistics, StatsQuery
from services.index.domain.stat_periods import Kind
from shared.schemas.fields import Day
from shared.service.auth import AUTH_RESPONSES


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PeriodOut(_Answer):
    kind: Kind
    start: date
    end: date  # inclusive


class Comparison(_Answer):
    """The same count in the period compared with, and the rate of change to now:
    (now - then) / then, None when then is 0."""

    petitions: int
    people: int
    petitions_change: float | None
    people_change: float | None


class CountItem(_Answer):
    key: str = Field(description="the code, or the bucket's first day for a series")
    name: str = Field(description="its Chinese name")
    petitions: int = Field(description="件次")
    people: int = Field(description="人次: a collective petition counts its headcount")
    previous: Comparison | None = Field(description="环比; None for a series or statuses")
    year_ago: Comparison | None = Field(description="同比; None for statuses")


class CountsAnswer(_Answer):
    region: str
    region_name: str
    by: By
    category: str | None
    period: PeriodOut
    previous_period: PeriodOut
    year_ago_period: PeriodOut
    current_status: bool = Field(
        description="true for by=status: petitions as they stand now, whatever the period"
    )
    total: CountItem = Field(description="the region's own count, for the period")
    items: list[CountItem]


class RateOut(_Answer):
    key: str
    name: str
    unit: Literal["ratio", "days"]
    good: Literal["high", "low"] = Field(
        description="which way is good: a rising value is good news when high"
    )
    value: float | None = Field(description="None when nothing was there to measure")
    previous: float | None
    year_ago: float | None
    previous_change: float | None = Field(description="(value - previous) / previous")
    year_ago_change: float | None = Field(description="(value - year_ago) / year_ago")


class RatesAnswer(_Answer):
    region: str
    region_name: str
    category: str | None
    period: PeriodOut
    previous_period: PeriodOut
    year_ago_period: PeriodOut
    registered: int
    rates: list[RateOut]


class HotWord(_Answer):
    word: str
    petitions: int = Field(description="titles in the period that hold the word")


class HotWordsAnswer(_Answer):
    region: str
    region_name: str
    period: PeriodOut
    items: list[HotWord]


async def stats_query(  # async: no I/O, so no worker-thread hop
    region: Annotated[str, Query(max_length=64, description="a region code")],
    period: Annotated[Kind, Query(description="day, week, month, year or custom")] = "month",
    start: Annotated[
        Day | None, Query(alias="from", description="a day in the period (default today)")
    ] = None,
    end: Annotated[Day | None, Query(alias="to", description="last day, for custom")] = None,
    category: Annotated[
        str | None, Query(pattern=r"^\d{2}(\d{2})?$", description="a major or minor category")
    ] = None,
) -> StatsQuery:
    return StatsQuery(region, period, start, end, category)


StatsArgs = Annotated[StatsQuery, Depends(stats_query)]


def make_router(ctx: ApiContext) -> APIRouter:
    # ``region`` is a query parameter, so the 404 every read of a region may give is said
    # here (a path parameter's is implied: shared.service.problems).
    router = APIRouter(
        prefix="/api/v1/stats",
        tags=["stats"],
        responses={**AUTH_RESPONSES, 404: {"description": "no such region"}},
    )

    def stats() -> Statistics:
        return Statistics(ctx.store.engine, ctx.refdata, ctx.today)

    @router.get("/counts", summary="Petitions (件次, 人次) by a dimension, with 同比 and 环比")
    def counts(principal: Reader, args: StatsArgs, by: By = "region") -> CountsAnswer:
        return CountsAnswer.model_validate(stats().counts(principal, by, args))

    @router.get("/rates", summary="Completion, resolution, acceptance, rating rates and shares")
    def rates(principal: Reader, args: StatsArgs) -> RatesAnswer:
        return RatesAnswer.model_validate(stats().rates(principal, args))

    @router.get("/hot-words", summary="The period's hot words of petition titles (热词)")
    def hot_words(
        principal: Reader, args: StatsArgs, limit: Annotated[int, Query(ge=1, le=100)] = 20
    ) -> HotWordsAnswer:
        return HotWordsAnswer.model_validate(stats().hot_words(principal, args, limit))

    return router
