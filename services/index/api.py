"""HTTP API: scorecards, health-check reports, measures, letters, surges (reads); disputes,
staff scores, assessments and surge checks (commands). Routes parse, check access, call."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from services.index import disputes, report
from services.index.access import may_act
from services.index.api_context import ApiContext, Office, Reader, period_query, to_period
from services.index.assessment import complete_measure
from services.index.events import append
from services.index.tables import letters, measures, qualitative, surges
from services.index.upsert import replace
from shared.auth.fastapi import AUTH_RESPONSES, forbidden, require_roles
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day, Line, Prose
from shared.schemas.index import DisputeParty, DisputeStatus, QualitativeScoreRecorded

PeriodArgs = Annotated[tuple[Any, date | None, date | None], Depends(period_query)]
CityOffice = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE))]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PartyDetails(DisputeParty):
    name: Line = Field(min_length=1, max_length=100)
    id_number: Line | None = Field(default=None, max_length=32)
    phone: Line | None = Field(default=None, max_length=32)
    role: Line = Field(default="", max_length=50)


class NewDispute(_Body):
    region_code: Line = Field(max_length=64)
    category_code: str = Field(pattern=r"^\d{2}(\d{2})?$")
    found_on: Day
    summary: Prose = Field(min_length=1, max_length=2000)
    parties: tuple[PartyDetails, ...] = Field(default=(), max_length=50)


class DisputeUpdate(_Body):
    status: DisputeStatus
    on: Day
    resolution: Prose = Field(default="", max_length=2000)


class StaffScore(_Body):
    region_code: Line = Field(max_length=64)
    factor_id: Line = Field(max_length=64)
    score: float = Field(ge=0, le=100, allow_inf_nan=False)
    effective_on: Day
    note: Prose = Field(default="", max_length=2000)


class Completion(_Body):
    on: Day
    note: Prose = Field(default="", max_length=2000)


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1/index", tags=["index"], responses=AUTH_RESPONSES)
    _read_routes(router, ctx)
    _command_routes(router, ctx)
    return router


def _read_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/scorecards/{kind}/{subject}", summary="A region's or department's scorecard")
    def scorecard(
        kind: Literal["region", "department"],
        subject: str,
        principal: Reader,
        args: PeriodArgs,
        fresh: bool = False,
    ) -> Any:
        known = ctx.refs.known_region(subject) or subject in ctx.refs.data.departments
        if not known:
            raise HTTPException(404, detail=f"no {kind} {subject!r}")
        ctx.check_read(principal, subject)
        return ctx.scorer.get(kind, subject, to_period(ctx, args), fresh=fresh)

    @router.get("/reports/{region}", summary="Health-check report (体检表), JSON or HTML")
    def health_check(
        region: str,
        principal: Reader,
        args: PeriodArgs,
        format: Literal["json", "html"] = "json",
    ) -> Any:
        if not ctx.refs.known_region(region):
            raise HTTPException(404, detail=f"no region {region!r}")
        ctx.check_read(principal, region)
        cards = ctx.scorer.regions(to_period(ctx, args), root=region)
        children = [cards[c] for c in ctx.refs.children.get(region, ())]
        body = report.build(cards[region], children)
        return HTMLResponse(report.html(body)) if format == "html" else body

    @router.get("/measures", summary="Measures issued for a region, open ones first")
    def list_measures(principal: Reader, region: str, open_only: bool = False) -> Any:
        ctx.check_read(principal, region)
        q = select(measures).where(measures.c.subject == region)
        if open_only:
            q = q.where(measures.c.completed_on.is_(None))
        today = ctx.today()
        with ctx.store.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(q.order_by(measures.c.issued_on)).mappings()]
        for r in rows:
            due = r["due_on"]
            r["overdue"] = r["completed_on"] is None and due is not None and due < today
        return {"items": rows}

    @router.get("/letters", summary="Guidance letters (工作意见函) to a region")
    def list_letters(principal: Reader, region: str) -> Any:
        ctx.check_read(principal, region)
        q = select(letters.c.body).where(letters.c.region_code == region)
        with ctx.store.engine.connect() as conn:
            return {"items": [json.loads(b) for b in conn.execute(q).scalars()]}

    @router.get("/surges", summary="Category surges now raised in a region's subtree")
    def list_surges(principal: Reader, region: str) -> Any:
        ctx.check_read(principal, region)
        q = select(surges).where(surges.c.active.is_(True))
        with ctx.store.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(q).mappings()]
        return {"items": [r for r in rows if ctx.refs.within(r["region_code"], region)]}


def _check_act(ctx: ApiContext, principal: Principal, region: str) -> None:
    if not ctx.refs.known_region(region):
        raise HTTPException(422, detail=f"unknown region {region!r}")
    if not may_act(principal, region, ctx.refs):
        raise forbidden(f"{region} is outside your org")


def _command_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.post("/disputes", status_code=201, summary="Register a dispute (矛盾纠纷排查)")
    def register_dispute(body: NewDispute, principal: Office) -> Any:
        _check_act(ctx, principal, body.region_code)
        if not ctx.refs.known_category(body.category_code):
            raise HTTPException(422, detail=f"unknown category {body.category_code!r}")
        today = ctx.today()
        if body.found_on > today:
            raise HTTPException(422, detail="found_on is in the future")
        dispute_id = disputes.register(
            ctx.store,
            principal.actor(),
            region=body.region_code,
            category=body.category_code,
            found_on=body.found_on,
            summary=body.summary,
            parties=body.parties,
            today=today,
        )
        return {"dispute_id": dispute_id}

    @router.post("/disputes/{dispute_id}/status", summary="Record a dispute's status")
    def dispute_status(dispute_id: str, body: DisputeUpdate, principal: Office) -> Any:
        region = disputes.region_of(ctx.store, dispute_id)
        if region is None:
            raise HTTPException(404, detail=f"no dispute {dispute_id!r}")
        _check_act(ctx, principal, region)
        disputes.change_status(
            ctx.store, principal.actor(), dispute_id, body.status, body.on, body.resolution
        )
        return {"dispute_id": dispute_id, "status": body.status}

    @router.post("/qualitative-scores", status_code=201, summary="Score a qualitative factor")
    def staff_score(body: StaffScore, principal: Office) -> Any:
        _check_act(ctx, principal, body.region_code)
        factor = next((f for f in ctx.model.factors if f.id == body.factor_id), None)
        if factor is None or factor.type != "qualitative":
            raise HTTPException(422, detail=f"{body.factor_id!r} is not a qualitative factor")
        event = QualitativeScoreRecorded(**body.model_dump())
        with ctx.store.unit_of_work() as uow:
            append(uow, f"staff-{body.region_code}-{body.factor_id}", [event], principal.actor())
            replace(uow.connection, qualitative, [body.model_dump()])
        return body.model_dump(mode="json")

    @router.post("/assessments", summary="Grade every region for a period (measures, letters)")
    def assess(principal: CityOffice, args: PeriodArgs) -> Any:
        _check_act(ctx, principal, ctx.refs.city)
        return ctx.assessor.assess(to_period(ctx, args), ctx.today())

    @router.post("/surges/check", summary="Check category surges over the rolling window")
    def check_surges(principal: Office, as_of: Day | None = None, region: str | None = None) -> Any:
        # A county's office checks its own county (default: the office's own region).
        root = region or ctx.refs.department_region(principal.org) or principal.org
        _check_act(ctx, principal, root)
        changes = ctx.assessor.check_surges(as_of or ctx.today(), root=root)
        return {"region": root, "changes": [c.model_dump(mode="json") for c in changes]}

    @router.post("/measures/{measure_id}/complete", summary="Record a measure as done")
    def complete(measure_id: str, body: Completion, principal: Office) -> Any:
        with ctx.store.engine.connect() as conn:
            q = select(measures.c.subject).where(measures.c.measure_id == measure_id)
            subject = conn.execute(q).scalar_one_or_none()
        if subject is None:
            raise HTTPException(404, detail=f"no measure {measure_id!r}")
        _check_act(ctx, principal, subject)
        complete_measure(ctx.store, measure_id, body.on, body.note, principal.actor())
        return {"measure_id": measure_id, "completed_on": body.on}


__all__ = ["make_router"]
