"""Feedback's HTTP API: routes parse and check access, then call the commands or reads."""

from __future__ import annotations

from fastapi import APIRouter

from services.feedback.api import public, revisits, satisfaction, suggestions
from services.feedback.api.context import ApiContext
from shared.auth.fastapi import AUTH_RESPONSES


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["feedback"], responses=AUTH_RESPONSES)
    satisfaction.add_routes(router, ctx)
    revisits.add_routes(router, ctx)
    suggestions.add_routes(router, ctx)
    public.add_routes(router, ctx)
    return router


__all__ = ["ApiContext", "make_router"]
