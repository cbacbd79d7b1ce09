"""Routing's HTTP API: department work queues, queue counts, routing history, rule-set
versions. Routes parse and check the role, then call one application function; nothing here
decides a routing."""

from __future__ import annotations

from fastapi import APIRouter

from services.routing.api import history, queues, rulesets
from services.routing.api.context import ApiContext


def make_routers(ctx: ApiContext) -> list[APIRouter]:
    return [queues.make_router(ctx), history.make_router(ctx), rulesets.make_router(ctx)]
