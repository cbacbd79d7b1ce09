"""Supervision's HTTP API: the commands (petition office, leaders, inspectors) and the reads."""

from __future__ import annotations

from fastapi import APIRouter

from services.supervision.api import actions, views
from services.supervision.api.context import ApiContext
from shared.service.auth import AUTH_RESPONSES

__all__ = ["ApiContext", "make_routers"]


def make_routers(ctx: ApiContext) -> list[APIRouter]:
    routers = [actions.make_router(ctx), views.make_router(ctx)]
    for r in routers:
        # Each route copied the router's responses when it was added: update the routes.
        for route in r.routes:
            route.responses = {**AUTH_RESPONSES, **route.responses}  # type: ignore[attr-defined]
    return routers
