"""Category surges: those raised now in a region's subtree, and checking for new ones."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.index.api.context import ApiContext, Office, Reader, index_router
from services.index.application import assessment, surges
from shared.schemas.fields import Day


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.get("/surges", summary="Category surges now raised in a region's subtree")
    def list_surges(principal: Reader, region: str) -> Any:
        return surges.list_surges(ctx.store.engine, ctx.tree, principal, region)

    @router.post("/surges/check", summary="Check category surges over the rolling window")
    def check_surges(principal: Office, as_of: Day | None = None, region: str | None = None) -> Any:
        return assessment.check_surges(ctx.assessor, principal, as_of, region, ctx.today)

    return router
