"""Kept reports: the weekly and monthly health checks the scheduler generated and kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter

from services.index.api.context import ApiContext, Reader, index_router
from services.index.application import kept_reports
from shared.service.kept import Cadence, KeptList, KeptReport


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.get(
        "/kept-reports",
        summary="A region's kept health checks (weekly and monthly), newest first",
        response_model=KeptList,
        # ``region`` is a query parameter: its 404 is said here (a path's is implied).
        responses={404: {"description": "no such region"}},
    )
    def list_kept(principal: Reader, region: str) -> Any:
        return kept_reports.list_kept(ctx.store.engine, ctx.refdata, principal, region)

    @router.get(
        "/kept-reports/{region}/{cadence}/{start}",
        summary="One kept health check, as it was generated",
        response_model=KeptReport,
    )
    def read_kept(region: str, cadence: Cadence, start: date, principal: Reader) -> Any:
        return kept_reports.read_kept(
            ctx.store.engine, ctx.refdata, principal, region, cadence, start
        )

    return router
