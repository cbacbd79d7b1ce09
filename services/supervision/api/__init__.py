"""Supervision's HTTP API: the commands (petition office, leaders, inspectors) and the reads."""

from __future__ import annotations

from fastapi import APIRouter

from services.supervision.api import actions, audit, views
from services.supervision.api.context import ApiContext

__all__ = ["ApiContext", "make_routers"]


def make_routers(ctx: ApiContext) -> list[APIRouter]:
    return [actions.make_router(ctx), views.make_router(ctx), audit.make_router(ctx)]
