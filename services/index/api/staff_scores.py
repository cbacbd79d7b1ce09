"""Staff scores of the qualitative factors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field

from services.index.api.context import ApiContext, Body, Office, index_router
from services.index.application import staff_scores
from shared.schemas.fields import Day, Line, Prose


class StaffScore(Body):
    region_code: Line = Field(max_length=64)
    factor_id: Line = Field(max_length=64)
    score: float = Field(ge=0, le=100, allow_inf_nan=False)
    effective_on: Day
    note: Prose = Field(default="", max_length=2000)


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.post("/qualitative-scores", status_code=201, summary="Score a qualitative factor")
    def staff_score(body: StaffScore, principal: Office) -> Any:
        staff_scores.record(ctx.store, ctx.refdata, ctx.model, principal, **body.model_dump())
        return body.model_dump(mode="json")

    return router
