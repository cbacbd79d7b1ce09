"""Dispute screening (矛盾纠纷排查): registering a dispute and recording its status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field

from services.index.api.context import ApiContext, Body, Office, index_router
from services.index.application import disputes
from shared.schemas.fields import Day, Line, Prose
from shared.schemas.index import DisputeParty, DisputeStatus


class PartyDetails(DisputeParty):
    name: Line = Field(min_length=1, max_length=100)
    id_number: Line | None = Field(default=None, max_length=32)
    phone: Line | None = Field(default=None, max_length=32)
    role: Line = Field(default="", max_length=50)


class NewDispute(Body):
    region_code: Line = Field(max_length=64)
    category_code: str = Field(pattern=r"^\d{2}(\d{2})?$")
    found_on: Day
    summary: Prose = Field(min_length=1, max_length=2000)
    parties: tuple[PartyDetails, ...] = Field(default=(), max_length=50)


class DisputeUpdate(Body):
    status: DisputeStatus
    on: Day
    resolution: Prose = Field(default="", max_length=2000)


def make_router(ctx: ApiContext) -> APIRouter:
    router = index_router()

    @router.post("/disputes", status_code=201, summary="Register a dispute (矛盾纠纷排查)")
    def register_dispute(body: NewDispute, principal: Office) -> Any:
        dispute_id = disputes.register(
            ctx.store,
            ctx.refdata,
            principal,
            region=body.region_code,
            category=body.category_code,
            found_on=body.found_on,
            summary=body.summary,
            parties=body.parties,
            today=ctx.today,
        )
        return {"dispute_id": dispute_id}

    @router.post("/disputes/{dispute_id}/status", summary="Record a dispute's status")
    def dispute_status(dispute_id: str, body: DisputeUpdate, principal: Office) -> Any:
        disputes.change_status(
            ctx.store, ctx.refdata, principal, dispute_id, body.status, body.on, body.resolution
        )
        return {"dispute_id": dispute_id, "status": body.status}

    return router
