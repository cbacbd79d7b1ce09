"""Department work queues, by due date, and the queue counts of every department."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from services.routing.api.context import ApiContext
from services.routing.api.roles import Reader
from services.routing.application.queue_reads import QueueFilter
from services.routing.application.queues import queue_counts, queue_page
from shared.service.auth import AUTH_RESPONSES

State = Literal["open", "all", "unrouted", "new", "in_handling", "returned", "done", "closed"]


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["routing"], responses=AUTH_RESPONSES)

    @router.get("/queues/{department}", summary="A department's work queue, by due date")
    def queue(
        department: str,
        principal: Reader,
        state: State = "open",
        due: Literal["overdue", "due_soon"] | None = None,
        category: Annotated[str | None, Query(pattern=r"^\d{2}(\d{2})?$")] = None,
        kind: Literal["suggestion", "accusation", "claim"] | None = None,
        region: Annotated[str | None, Query(max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: Annotated[str | None, Query(max_length=400)] = None,
    ) -> Any:
        today = ctx.today()
        found = queue_page(
            ctx.engine,
            ctx.refdata,
            principal,
            department,
            QueueFilter(state, due, category, kind, region),
            today=today,
            soon_days=ctx.due_soon_days,
            limit=limit,
            cursor=cursor,
        )
        return {
            "department": department,
            "today": today,
            "items": found.items,
            "next_cursor": found.next_cursor,
        }

    @router.get("/queues", summary="Queue counts of every department the caller may see")
    def summary(principal: Reader) -> Any:
        today = ctx.today()
        departments = queue_counts(
            ctx.engine, ctx.refdata, principal, today=today, soon_days=ctx.due_soon_days
        )
        return {"today": today, "departments": departments}

    return router
