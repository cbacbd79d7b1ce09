"""Commands of the petition office and the inspectors: urge (催办), supervise (督办), record a
leader's instruction (批示), pause and resume a step's clock, record a sanction.

Each is one event on supervision's own stream (outbox in the same transaction); the read
model shows it once the projection has read it back from ``supervision.events``.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from services.supervision.context import ApiContext
from services.supervision.tables import cases, records
from shared.auth.fastapi import forbidden, require_roles
from shared.auth.roles import Principal, Role
from shared.eventstore import ConcurrencyConflict, EventStore, NewEvent
from shared.schemas.envelope import new_id
from shared.schemas.fields import Day, Line, Prose
from shared.schemas.supervision import (
    ClockPaused,
    ClockResumed,
    InstructionRecorded,
    Sanction,
    SanctionRecorded,
    Urged,
)

Office = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE))]
OfficeOrLeader = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE, Role.LEADER))]
Inspector = Annotated[Principal, Depends(require_roles(Role.INSPECTOR))]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UrgeBody(_Body):
    kind: Literal["urge", "supervise"]
    note: Prose = Field(default="", max_length=2000)
    due_on: Day | None = None


class InstructionBody(_Body):
    leader: Line = Field(min_length=1, max_length=128)
    instruction: Prose = Field(min_length=1, max_length=2000)
    due_on: Day


class PauseBody(_Body):
    reason: Prose = Field(min_length=1, max_length=1000)


class SanctionBody(_Body):
    sanction: Sanction
    person: Line = Field(min_length=1, max_length=128)
    note: Prose = Field(default="", max_length=2000)


def append(ctx: ApiContext, stream_id: str, payload: Any, principal: Principal) -> str:
    """Append one event at the stream's end; a concurrent writer means try again."""
    store = EventStore(ctx.engine, ctx.topics.supervision_events)
    new = NewEvent(payload, principal.actor(), new_id(), occurred_at=ctx.clock.now())
    for _ in range(5):
        try:
            return store.append(stream_id, store.stream_version(stream_id), [new])[0].event_id
        except ConcurrencyConflict:
            continue
    raise HTTPException(409, detail="the petition's supervision stream is busy; try again")


def _case(ctx: ApiContext, petition_id: str, principal: Principal) -> dict[str, Any]:
    with ctx.engine.connect() as conn:
        q = select(cases).where(cases.c.petition_id == petition_id)
        found = conn.execute(q).mappings().first()
    row = dict(found) if found is not None else None
    # One answer for absent and kept from the caller (Art. 30).
    if row is None or ctx.kept(principal, row):
        raise HTTPException(404, detail="supervision knows no such petition")
    orgs = (row["region_code"], row["receiving_org"], row["department"])
    if principal.role is not Role.ADMIN and not any(ctx.within(o, principal.org) for o in orgs):
        raise forbidden("the petition is outside your region")
    return row


def make_write_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["supervision"])

    @router.post("/petitions/{petition_id}/urgings", status_code=202, summary="催办 or 督办")
    def urge(petition_id: str, body: UrgeBody, principal: Office) -> Any:
        case = _case(ctx, petition_id, principal)
        today = ctx.clock.today()
        days = ctx.settings.urge_days if body.kind == "urge" else ctx.settings.supervise_days
        due = body.due_on or today + timedelta(days=days)
        if due < today:
            raise HTTPException(422, detail="due_on is in the past")
        action_id = str(uuid.uuid4())
        payload = Urged(
            action_id=action_id,
            petition_id=petition_id,
            kind=body.kind,
            note=body.note,
            department=case["department"] or case["step_org"],
            issued_on=today,
            due_on=due,
        )
        event_id = append(ctx, petition_id, payload, principal)
        return {"action_id": action_id, "event_id": event_id, "due_on": due}

    @router.post("/petitions/{petition_id}/instructions", status_code=202, summary="领导批示件")
    def instruct(petition_id: str, body: InstructionBody, principal: OfficeOrLeader) -> Any:
        _case(ctx, petition_id, principal)
        today = ctx.clock.today()
        if body.due_on < today:
            raise HTTPException(422, detail="due_on is in the past")
        action_id = str(uuid.uuid4())
        payload = InstructionRecorded(
            action_id=action_id,
            petition_id=petition_id,
            leader=body.leader,
            instruction=body.instruction,
            issued_on=today,
            due_on=body.due_on,
        )
        return {"action_id": action_id, "event_id": append(ctx, petition_id, payload, principal)}

    @router.post("/petitions/{petition_id}/pause", status_code=202, summary="Stop the clock")
    def pause(petition_id: str, body: PauseBody, principal: Office) -> Any:
        case = _case(ctx, petition_id, principal)
        if case["step"] is None:
            raise HTTPException(409, detail="no deadline is running on this petition")
        today = ctx.clock.today()
        payload = ClockPaused(petition_id=petition_id, on=today, reason=body.reason)
        return {"event_id": append(ctx, petition_id, payload, principal)}

    @router.post("/petitions/{petition_id}/resume", status_code=202, summary="Restart the clock")
    def resume(petition_id: str, principal: Office) -> Any:
        case = _case(ctx, petition_id, principal)
        if case["paused_since_day"] is None:
            raise HTTPException(409, detail="the clock is not paused")
        payload = ClockResumed(petition_id=petition_id, on=ctx.clock.today())
        return {"event_id": append(ctx, petition_id, payload, principal)}

    @router.post("/records/{record_id}/sanctions", status_code=202, summary="诫勉谈话/处分/免职")
    def sanction(record_id: str, body: SanctionBody, principal: Inspector) -> Any:
        with ctx.engine.connect() as conn:
            q = select(records).where(records.c.record_id == record_id)
            rec = conn.execute(q).mappings().first()
        if rec is None:
            raise HTTPException(404, detail="no such accountability record")
        org = rec["department"] or rec["region_code"]
        if principal.role is not Role.ADMIN and not ctx.within(org, principal.org):
            raise forbidden("the record is outside your region")
        payload = SanctionRecorded(
            record_id=record_id,
            sanction=body.sanction,
            person=body.person,
            decided_on=ctx.clock.today(),
            note=body.note,
        )
        return {"event_id": append(ctx, f"record:{record_id}", payload, principal)}

    return router
