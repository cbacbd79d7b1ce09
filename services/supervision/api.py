"""Supervision's HTTP API: the write routes (petition office, inspectors) and the reads."""

from __future__ import annotations

from fastapi import APIRouter

from services.supervision.api_read import make_read_router
from services.supervision.api_write import make_write_router
from services.supervision.context import ApiContext
from shared.auth.fastapi import AUTH_RESPONSES

__all__ = ["ApiContext", "make_router"]


def make_router(ctx: ApiContext) -> list[APIRouter]:
    routers = [make_write_router(ctx), make_read_router(ctx)]
    for r in routers:
        # Each route copied the router's responses when it was added: update the routes.
        for route in r.routes:
            route.responses = {**AUTH_RESPONSES, **route.responses}  # type: ignore[attr-defined]
    return routers
