"""Feedback's HTTP API: routes parse and check the role, then call one application function."""

from __future__ import annotations

from fastapi import APIRouter

from services.feedback.api import public, revisits, satisfaction, suggestions
from services.feedback.api.context import ApiContext


def make_routers(ctx: ApiContext) -> list[APIRouter]:
    return [m.make_router(ctx) for m in (satisfaction, revisits, suggestions, public)]


__all__ = ["ApiContext", "make_routers"]
