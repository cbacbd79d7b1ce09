"""Satisfaction figures, the model (scores, colours, ranks) and the report with charts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from services.feedback.api.context import ApiContext
from services.feedback.api.responses import area_router
from services.feedback.application import kept_reports, satisfaction
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day
from shared.service.auth import require_roles
from shared.service.kept import Cadence, KeptList, KeptReport

READERS = (Role.LEADER, Role.PETITION_OFFICE, Role.INSPECTOR, Role.AUDITOR, Role.HANDLER)
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Leader = Annotated[
    Principal, Depends(require_roles(Role.LEADER, Role.PETITION_OFFICE, Role.AUDITOR))
]
From = Annotated[Day | None, Query(alias="from")]
To = Annotated[Day | None, Query(alias="to")]


def make_router(ctx: ApiContext) -> APIRouter:
    router = area_router()

    @router.get(
        "/satisfaction", summary="Satisfaction rates by department, region, category or month"
    )
    def figures(
        principal: Reader,
        by: Literal["department", "region", "category", "major", "month"] = "region",
        start: From = None,
        end: To = None,
    ) -> Any:
        return satisfaction.figures(
            ctx.engine, ctx.refdata, ctx.model, principal, by,
            start=start, end=end, today=ctx.today(),
        )  # fmt: skip

    @router.get("/satisfaction/report", summary="The satisfaction report for a period (JSON)")
    def full_report(
        principal: Leader,
        start: From = None,
        end: To = None,
        region: Annotated[
            str | None, Query(description="a region in the caller's own; default their own")
        ] = None,
    ) -> Any:
        return satisfaction.satisfaction_report(
            ctx.engine, ctx.refdata, ctx.model, principal,
            start=start, end=end, today=ctx.today(), region=region,
        )  # fmt: skip

    @router.get(
        "/satisfaction/kept-reports",
        summary="A region's kept satisfaction reports (weekly and monthly), newest first",
        response_model=KeptList,
        # ``region`` is a query parameter: its 404 is said here (a path's is implied).
        responses={404: {"description": "no such region"}},
    )
    def list_kept(principal: Leader, region: str) -> Any:
        return kept_reports.list_kept(ctx.engine, ctx.refdata, principal, region)

    @router.get(
        "/satisfaction/kept-reports/{region}/{cadence}/{start}",
        summary="One kept satisfaction report, as it was generated",
        response_model=KeptReport,
    )
    def read_kept(region: str, cadence: Cadence, start: date, principal: Leader) -> Any:
        return kept_reports.read_kept(ctx.engine, ctx.refdata, principal, region, cadence, start)

    @router.get(
        "/satisfaction/report/charts/{name}.svg",
        summary="A chart of the report: regions, distribution or trend",
        response_class=Response,
    )
    def chart(name: str, principal: Leader, start: From = None, end: To = None) -> Response:
        svg = satisfaction.chart(
            ctx.engine, ctx.refdata, ctx.model, principal, name,
            start=start, end=end, today=ctx.today(),
        )  # fmt: skip
        return Response(svg, media_type="image/svg+xml")

    return router
