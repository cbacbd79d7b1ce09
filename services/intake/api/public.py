"""Public endpoints for petitioners: track by code, rate with the one-time token.

No login. Tracking shows what the SMS notices promise (可凭查询码查看答复意见): the status,
the dated steps, the current step's due date, the handling unit's name, the reply and the
reason for not accepting, which are written to the petitioner. Never a name, the petition's
content, an internal note, a department's remark or who did what. An unknown code and a
malformed one get the same 404.
"""

# No ``from __future__ import annotations``: the routes' dependencies are locals of
# ``make_router``, which FastAPI cannot find from a string annotation.

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field

from services.intake.api.context import ApiContext
from services.intake.api.deps import request_clock
from services.intake.application import public
from services.intake.application.handling import Meta
from services.intake.projections.rows import Row
from shared.refdata import ReferenceData
from shared.schemas import commands as c
from shared.schemas import petition as ev
from shared.schemas.envelope import Actor
from shared.schemas.fields import Line
from shared.schemas.petition import Rating

PETITIONER = Actor(user_id="petitioner", role="petitioner", org="public")

# Event -> (public step name, the date the step happened on).
_STEPS: dict[type[Any], tuple[str, str]] = {
    ev.PetitionRegistered: ("received", "received_on"),
    ev.PetitionAssigned: ("assigned", "assigned_on"),
    ev.PetitionAccepted: ("accepted", "accepted_on"),
    ev.PetitionNotAccepted: ("not_accepted", "decided_on"),
    ev.ExtensionApproved: ("extended", "decided_on"),
    ev.PetitionReplied: ("replied", "replied_on"),
    ev.PetitionClosed: ("closed", "closed_on"),
    ev.PetitionRated: ("rated", "rated_on"),
    ev.ReviewRequested: ("review_requested", "requested_on"),
    ev.ReviewDecided: ("review_decided", "decided_on"),
    ev.PetitionWithdrawn: ("withdrawn", "withdrawn_on"),
}


class Step(BaseModel):
    step: str
    on: date | None


class Reply(BaseModel):
    text: str
    on: date


class Tracking(BaseModel):
    tracking_code: str
    status: str
    received_on: date
    steps: list[Step]
    # The due date of the step the petition waits for (none once it is answered or closed).
    current_due: date | None
    # Who has it in hand: the assigned unit, before that the office that received it.
    handling_unit: str | None
    reply: Reply | None
    not_accepted_reason: str | None


class RateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tracking_code: Line = Field(min_length=1, max_length=40)
    token: Line = Field(min_length=8, max_length=128)
    unit_rating: Rating
    result_rating: Rating


def _steps(payloads: list[Any]) -> list[Step]:
    out: list[Step] = []
    for p in payloads:
        found = _STEPS.get(type(p))
        if found is not None:
            name, field = found
            out.append(Step(step=name, on=getattr(p, field)))
    return out


def _last(payloads: list[Any], kind: type[Any]) -> Any:
    return next((p for p in reversed(payloads) if isinstance(p, kind)), None)


def _unit_name(refdata: ReferenceData, row: Row) -> str | None:
    unit = refdata.departments.get(row["department"] or row["receiving_org"] or "")
    return unit.name_zh if unit is not None else None


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1/public", tags=["public"])
    now_of, today_of = request_clock(ctx)

    @router.get(
        "/track/{tracking_code}",
        summary="Track a petition by its code (no personal data)",
        responses={404: {"description": "no petition has this code"}},
    )
    def track(tracking_code: str) -> Tracking:
        row, payloads = public.track(ctx.engine, tracking_code)
        replied = _last(payloads, ev.PetitionReplied)
        refused = _last(payloads, ev.PetitionNotAccepted)
        return Tracking(
            tracking_code=row["tracking_code"],
            status=row["status"],
            received_on=row["received_on"],
            steps=_steps(payloads),
            current_due=row["current_due"],
            handling_unit=_unit_name(ctx.refdata, row),
            reply=Reply(text=replied.reply_text, on=replied.replied_on) if replied else None,
            not_accepted_reason=refused.reason if refused else None,
        )

    @router.post(
        "/rate",
        summary="Rate the handling and the result, once, with the token given with the reply",
        responses={403: {"description": "wrong code or token, or already rated"}},
    )
    def rate(
        body: Annotated[RateRequest, Body()],
        now: Annotated[datetime, Depends(now_of)],
        today: Annotated[date, Depends(today_of)],
    ) -> Any:
        cmd = c.Rate(
            token=body.token, unit_rating=body.unit_rating, result_rating=body.result_rating
        )
        meta = Meta(actor=PETITIONER, correlation_id=uuid.uuid4().hex, at=now, today=today)
        row, outcome = public.rate(ctx.store, ctx.rules, body.tracking_code, cmd, meta)
        return {"tracking_code": row["tracking_code"], "rated": True, "version": outcome.version}

    return router
