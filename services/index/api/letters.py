"""Guidance letters (工作意见函) sent to a region."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.index.api.context import ApiContext, Reader, index_router
from services.index.application import letters


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.get("/letters", summary="Guidance letters (工作意见函) to a region")
    def list_letters(principal: Reader, region: str) -> Any:
        return letters.list_letters(ctx.store.engine, ctx.tree, principal, region)

    return router
