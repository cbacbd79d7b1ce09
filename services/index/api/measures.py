"""The measures a grade calls for: a region's list, and recording one as done."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field

from services.index.api.context import ApiContext, Body, Office, Reader, index_router
from services.index.application import measures
from shared.schemas.fields import Day, Prose


class Completion(Body):
    on: Day
    note: Prose = Field(default="", max_length=2000)


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.get("/measures", summary="Measures issued for a region, open ones first")
    def list_measures(principal: Reader, region: str, open_only: bool = False) -> Any:
        return measures.list_measures(
            ctx.store.engine, ctx.tree, principal, region, open_only, ctx.today
        )

    @router.post("/measures/{measure_id}/complete", summary="Record a measure as done")
    def complete(measure_id: str, body: Completion, principal: Office) -> Any:
        measures.complete(ctx.store, ctx.tree, principal, measure_id, body.on, body.note)
        return {"measure_id": measure_id, "completed_on": body.on}

    return router
