"""Intake's HTTP API under ``/api/v1``: thin routes that parse, call ``application``, respond."""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.api import commands, earlier, portal, public, reads, search
from services.intake.api.context import ApiContext


def make_routers(ctx: ApiContext) -> list[APIRouter]:
    return [m.make_router(ctx) for m in (earlier, commands, reads, search, public, portal)]
