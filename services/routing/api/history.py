"""Why a petition went where it did."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.routing.api.context import ApiContext
from services.routing.api.roles import Supervisor
from services.routing.application.history import routing_history
from shared.service.auth import AUTH_RESPONSES


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["routing"], responses=AUTH_RESPONSES)

    @router.get("/petitions/{petition_id}/routing", summary="Why a petition went where it did")
    def history(petition_id: str, principal: Supervisor) -> Any:
        return routing_history(ctx.engine, ctx.refdata, principal, petition_id)

    return router
