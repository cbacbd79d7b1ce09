"""Public endpoints (no token): the petitioner's survey, and the open campaigns."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from starlette.responses import Response

from services.feedback import revisits
from services.feedback.api.context import REFUSED, ApiContext, fail
from services.feedback.outreach import token_hash
from services.feedback.tables import campaigns
from shared.schemas.fields import Int32, Line

Dimension = Annotated[Line, Field(max_length=64)]
Token = Annotated[str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class SurveyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # dimension -> score 1 (worst) .. 5 (best), for the petition office and the unit
    office: dict[Dimension, Int32] = Field(max_length=50)
    unit: dict[Dimension, Int32] = Field(max_length=50)


def add_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/public/surveys/{token}", summary="The survey a petitioner was invited to")
    def survey(token: Token) -> Any:
        r = revisits.revisits.c
        q = select(r.tracking_code, r.survey_answered_on).where(
            r.survey_token_hash == token_hash(token)
        )
        with ctx.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            raise HTTPException(404, detail="no such survey")
        return {
            "tracking_code": row.tracking_code,
            "answered": row.survey_answered_on is not None,
            "targets": {"office": "信访部门", "unit": "承办单位"},
            "dimensions": list(ctx.dimensions),
            "scale": {"min": 1, "max": 5},
        }

    @router.post(
        "/public/surveys/{token}", status_code=204, summary="Answer the survey", responses=REFUSED
    )
    def answer(token: Token, body: SurveyBody) -> Response:
        problems = [
            f"{target}: {p}"
            for target, scores in (("office", body.office), ("unit", body.unit))
            for p in revisits.check_scores(scores, ctx.dimensions)
        ]
        if problems:
            raise HTTPException(422, detail="; ".join(problems))
        try:
            revisits.answer_survey(
                ctx.engine, ctx.topics, token, body.office, body.unit, ctx.today()
            )
        except (revisits.NotFound, revisits.Refused) as exc:
            fail(exc)
        return Response(status_code=204)

    @router.get("/public/campaigns", summary="Campaigns open for suggestions today")
    def open_campaigns() -> Any:
        c = campaigns.c
        today = ctx.today()
        q = (
            select(c.campaign_id, c.topic, c.description, c.starts_on, c.ends_on, c.target)
            .where(c.state == "open", c.starts_on <= today, c.ends_on >= today)
            .order_by(c.ends_on)
        )
        with ctx.engine.connect() as conn:
            return {"items": [dict(r._mapping) for r in conn.execute(q)]}
