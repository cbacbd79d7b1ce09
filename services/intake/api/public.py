"""Public endpoints for petitioners: track by code, rate with the one-time token.

No login. Tracking shows what the SMS notices promise (可凭查询码查看答复意见): the status,
the dated steps, the current step's due date, the handling unit's name, the reply and the
reason for not accepting, which are written to the petitioner. Never a name, the petition's
content, an internal note, a department's remark or who did what. An unknown code and a
malformed one get the same 404.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from services.intake.api.deps import Now, Runtime, Today
from services.intake.api.errors import Refusal, refusal_problem
from services.intake.application import Meta, handle_command
from services.intake.domain import InvalidRatingToken
from services.intake.domain.tracking import normalise_tracking_code
from services.intake.readmodel.rows import Row
from services.intake.readmodel.store import read_stream, row_by_tracking_code
from services.intake.runtime import IntakeRuntime
from shared.eventstore.db import read_only
from shared.schemas import commands as c
from shared.schemas import petition as ev
from shared.schemas.envelope import Actor
from shared.schemas.fields import Line
from shared.schemas.petition import Rating

router = APIRouter(prefix="/api/v1/public", tags=["public"])

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


def _unit_name(rt: IntakeRuntime, row: Row) -> str | None:
    unit = rt.refdata.departments.get(row["department"] or row["receiving_org"] or "")
    return unit.name_zh if unit is not None else None


@router.get(
    "/track/{tracking_code}",
    summary="Track a petition by its code (no personal data)",
    responses={404: {"description": "no petition has this code"}},
)
def track(tracking_code: str, rt: Runtime) -> Tracking:
    code = normalise_tracking_code(tracking_code[:40])
    with rt.engine.connect() as conn:
        conn = read_only(conn)
        row = row_by_tracking_code(conn, code) if code else None
        if row is None:
            raise HTTPException(404, detail="no petition has this tracking code")
        payloads = [e.payload for e in read_stream(conn, row["id"])]
    replied = _last(payloads, ev.PetitionReplied)
    refused = _last(payloads, ev.PetitionNotAccepted)
    return Tracking(
        tracking_code=row["tracking_code"],
        status=row["status"],
        received_on=row["received_on"],
        steps=_steps(payloads),
        current_due=row["current_due"],
        handling_unit=_unit_name(rt, row),
        reply=Reply(text=replied.reply_text, on=replied.replied_on) if replied else None,
        not_accepted_reason=refused.reason if refused else None,
    )


@router.post(
    "/rate",
    summary="Rate the handling and the result, once, with the token given with the reply",
    responses={403: {"description": "wrong code or token, or already rated"}},
)
def rate(
    body: Annotated[RateRequest, Body()], rt: Runtime, now: Now, today: Today, request: Request
) -> Any:
    instance = request.url.path
    code = normalise_tracking_code(body.tracking_code)
    with rt.engine.connect() as conn:
        row = row_by_tracking_code(read_only(conn), code) if code else None
    # One answer for an unknown code and a wrong token: codes cannot be probed here.
    if row is None:
        return refusal_problem(InvalidRatingToken("the code or the token is not valid"), instance)
    cmd = c.Rate(token=body.token, unit_rating=body.unit_rating, result_rating=body.result_rating)
    meta = Meta(actor=PETITIONER, correlation_id=uuid.uuid4().hex, at=now, today=today)
    try:
        with rt.store.unit_of_work() as uow:
            outcome = handle_command(uow, rt.context, row["id"], cmd, meta)
    except Refusal:
        # Rating twice is an invalid transition to the state machine; to the public, a used
        # token is simply no longer valid.
        return refusal_problem(InvalidRatingToken("the code or the token is not valid"), instance)
    return {"tracking_code": row["tracking_code"], "rated": True, "version": outcome.version}
