"""Grading every region for a period (with its measures and letters)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.index.api.context import ApiContext, Office, PeriodArgs, index_router
from services.index.application import assessment


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.post("/assessments", summary="Grade every region for a period (measures, letters)")
    def assess(principal: Office, args: PeriodArgs) -> Any:
        return assessment.assess(ctx.assessor, principal, args, ctx.today)

    return router
