"""Public endpoints (no token): the petitioner's survey, and the open campaigns."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from services.feedback.api.context import ApiContext
from services.feedback.api.responses import REFUSED, area_router
from services.feedback.application import campaigns, surveys
from shared.schemas.fields import Int32, Line

Dimension = Annotated[Line, Field(max_length=64)]
Token = Annotated[str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class SurveyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # dimension -> score 1 (worst) .. 5 (best), for the petition office and the unit
    office: dict[Dimension, Int32] = Field(max_length=50)
    unit: dict[Dimension, Int32] = Field(max_length=50)


def make_router(ctx: ApiContext) -> APIRouter:
    router = area_router()

    @router.get("/public/surveys/{token}", summary="The survey a petitioner was invited to")
    def survey(token: Token) -> Any:
        return surveys.survey(ctx.engine, token, ctx.dimensions)

    @router.post(
        "/public/surveys/{token}", status_code=204, summary="Answer the survey", responses=REFUSED
    )
    def answer(token: Token, body: SurveyBody) -> Response:
        surveys.answer_survey(
            ctx.engine, ctx.topics, token, body.office, body.unit,
            dimensions=ctx.dimensions, today=ctx.today(),
        )  # fmt: skip
        return Response(status_code=204)

    @router.get("/public/campaigns", summary="Campaigns open for suggestions today")
    def open_campaigns() -> Any:
        return {"items": campaigns.open_today(ctx.engine, ctx.today())}

    return router
