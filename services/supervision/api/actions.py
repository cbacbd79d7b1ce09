"""Commands of the petition office and the inspectors: urge (催办), supervise (督办), record a
leader's instruction (批示), pause and resume a step's clock, record a sanction.

Each is one event on supervision's own stream (outbox in the same transaction); the read
model shows it once the projection has read it back from ``supervision.events``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from services.supervision.api.context import ApiContext
from services.supervision.application import petitions, records
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day, Line, Prose
from shared.schemas.supervision import Sanction
from shared.service.auth import AUTH_RESPONSES, require_roles

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


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["supervision"], responses=AUTH_RESPONSES)
    store, clock = ctx.store, ctx.clock

    @router.post("/petitions/{petition_id}/urgings", status_code=202, summary="催办 or 督办")
    def urge(petition_id: str, body: UrgeBody, principal: Office) -> Any:
        order = petitions.Urging(kind=body.kind, note=body.note, due_on=body.due_on)
        caller = ctx.caller(principal)
        return petitions.urge(store, clock, caller, petition_id, order, ctx.settings.periods())

    @router.post("/petitions/{petition_id}/instructions", status_code=202, summary="领导批示件")
    def instruct(petition_id: str, body: InstructionBody, principal: OfficeOrLeader) -> Any:
        order = petitions.Instruction(body.leader, body.instruction, body.due_on)
        return petitions.instruct(store, clock, ctx.caller(principal), petition_id, order)

    @router.post("/petitions/{petition_id}/pause", status_code=202, summary="Stop the clock")
    def pause(petition_id: str, body: PauseBody, principal: Office) -> Any:
        return petitions.pause(store, clock, ctx.caller(principal), petition_id, body.reason)

    @router.post("/petitions/{petition_id}/resume", status_code=202, summary="Restart the clock")
    def resume(petition_id: str, principal: Office) -> Any:
        return petitions.resume(store, clock, ctx.caller(principal), petition_id)

    @router.post("/records/{record_id}/sanctions", status_code=202, summary="诫勉谈话/处分/免职")
    def sanction(record_id: str, body: SanctionBody, principal: Inspector) -> Any:
        caller = ctx.caller(principal)
        return records.record_sanction(
            store, clock, caller, record_id, body.sanction, body.person, body.note
        )

    return router
