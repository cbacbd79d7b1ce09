"""Scorecards and the health-check report (体检表)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from services.index.api import report_page
from services.index.api.context import ApiContext, PeriodArgs, Reader, index_router
from services.index.application import scorecards


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.get("/scorecards/{kind}/{subject}", summary="A region's or department's scorecard")
    def scorecard(
        kind: Literal["region", "department"],
        subject: str,
        principal: Reader,
        args: PeriodArgs,
        fresh: bool = False,
    ) -> Any:
        return scorecards.read_scorecard(
            ctx.scorer, principal, kind, subject, args, ctx.today, fresh=fresh
        )

    @router.get("/reports/{region}", summary="Health-check report (体检表), JSON or HTML")
    def health_check(
        region: str,
        principal: Reader,
        args: PeriodArgs,
        format: Literal["json", "html"] = "json",
    ) -> Any:
        body = scorecards.health_check(ctx.scorer, principal, region, args, ctx.today)
        return HTMLResponse(report_page.html(body)) if format == "html" else body

    return router
