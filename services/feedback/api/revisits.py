"""Revisit tasks (回头看) in the units' queues, their outcomes, and the notice records."""

# No ``from __future__ import annotations``: the outcome route's day is a dependency held by
# ``ctx``, a local of ``make_router``, and FastAPI evaluates string annotations in module globals.

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from services.feedback.api.context import ApiContext
from services.feedback.api.responses import REFUSED, area_router
from services.feedback.application import notices as notice_reads
from services.feedback.application import revisits
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day, Prose
from shared.service.auth import require_roles

QUEUE_READERS = (Role.HANDLER, Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR)
QueueReader = Annotated[Principal, Depends(require_roles(*QUEUE_READERS))]
Reviser = Annotated[Principal, Depends(require_roles(Role.HANDLER, Role.PETITION_OFFICE))]
NOTICE_READERS = (Role.PETITION_OFFICE, Role.LEADER, Role.INSPECTOR, Role.AUDITOR)
NoticeReader = Annotated[Principal, Depends(require_roles(*NOTICE_READERS))]


TASK_STATES = (
    "A task's `state`: `open` (the unit's to do), `sent` (its outcome went to intake, awaiting "
    "intake's answer) or `done` (intake recorded the outcome). A task intake refused is `open` "
    "again with `refused_code`, `refused_reason` (intake's words) and `refused_reason_zh`; "
    "otherwise these are null."
)


class OutcomeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    outcome: Prose = Field(min_length=1, max_length=2000)
    resolved: bool
    revisited_on: Day | None = None  # defaults to today


def make_router(ctx: ApiContext) -> APIRouter:
    router = area_router()

    @router.get(
        "/revisits",
        summary="Revisit tasks of a unit (or all the caller may see)",
        description=TASK_STATES,
    )
    def queue(
        principal: QueueReader,
        department: Annotated[str | None, Query(max_length=64)] = None,
        state: Literal["open", "sent", "done", "all"] = "open",
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> Any:
        return revisits.queue(
            ctx.engine, ctx.tree, principal,
            department=department, state=state, limit=limit, today=ctx.today(),
        )  # fmt: skip

    @router.get("/revisits/{petition_id}", summary="One revisit task", description=TASK_STATES)
    def one(petition_id: str, principal: QueueReader) -> Any:
        return revisits.one(ctx.engine, ctx.tree, principal, petition_id, ctx.today())

    @router.post(
        "/revisits/{petition_id}/outcome",
        summary="Record what the revisit found",
        description=(
            "Sends the outcome to intake (`RecordRevisitOutcome`); the task answered is "
            "`sent` until intake records it (then `done`) or refuses it (then `open` again, "
            "with `refused_reason`). 409 while a task is `sent` or `done`."
        ),
        responses=REFUSED,
    )
    def outcome(
        petition_id: str,
        body: OutcomeBody,
        principal: Reviser,
        today: Annotated[date, Depends(ctx.request_today)],
    ) -> Any:
        return revisits.record_outcome(
            ctx.engine, ctx.topics, ctx.tree, principal, petition_id,
            outcome=body.outcome, resolved=body.resolved, revisited_on=body.revisited_on,
            today=today,
        )  # fmt: skip

    @router.get("/notices", summary="Notices to petitioners and units, for the notice duty")
    def notices(
        principal: NoticeReader,
        petition_id: Annotated[str | None, Query(max_length=128)] = None,
        kind: Annotated[str | None, Query(max_length=32)] = None,
        late: bool = False,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> Any:
        found = notice_reads.notices(
            ctx.engine, ctx.tree, principal,
            petition_id=petition_id, kind=kind, late=late, limit=limit, today=ctx.today(),
        )  # fmt: skip
        return {"items": found}

    return router
