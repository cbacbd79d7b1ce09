"""Reads: lights, the red list, a department's view, instruction cases, rates, and the
accountability records (inspectors). Every list is cut to what the caller's org may see."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from services.supervision.api.context import ApiContext
from services.supervision.application import record_reads, watch
from shared.auth.roles import Principal, Role
from shared.schemas.petition import Kind
from shared.service.auth import AUTH_RESPONSES, require_roles

WATCHERS = (Role.PETITION_OFFICE, Role.LEADER, Role.INSPECTOR, Role.AUDITOR)
Watcher = Annotated[Principal, Depends(require_roles(*WATCHERS))]
# A case owner (包案) reads the deadlines, urgings and instruction cases of its own cases.
DeptReader = Annotated[Principal, Depends(require_roles(Role.HANDLER, Role.CASE_OWNER, *WATCHERS))]
Follower = Annotated[Principal, Depends(require_roles(Role.CASE_OWNER, *WATCHERS))]
RecordReader = Annotated[
    Principal, Depends(require_roles(Role.INSPECTOR, Role.AUDITOR, Role.HANDLER))
]
Code = Annotated[str | None, Query(max_length=64)]
# A sanction kind (shared.schemas.supervision.Sanction), none yet, or any.
SanctionWanted = Literal["admonishment_talk", "disciplinary", "dismissal", "none", "any"]


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["supervision"], responses=AUTH_RESPONSES)
    engine, clock, rules = ctx.engine, ctx.clock, ctx.settings.rules()

    @router.get("/lights", summary="Light counts by region, department or category")
    def lights(
        principal: Watcher,
        by: Literal["region", "department", "category"] = "region",
        region: Code = None,
    ) -> Any:
        return watch.lights(engine, clock, ctx.caller(principal), rules, by, region)

    @router.get("/red-list", summary="Every overdue running deadline, oldest due first")
    def red_list(principal: Watcher, region: Code = None) -> Any:
        return watch.red_list(engine, clock, ctx.caller(principal), rules, region)

    @router.get(
        "/departments/{department}/view",
        summary="A department's deadlines and urgings, of one petition with petition_id",
    )
    def department(department: str, principal: DeptReader, petition_id: Code = None) -> Any:
        caller = ctx.caller(principal)
        return watch.department_view(engine, clock, caller, rules, department, petition_id)

    @router.get(
        "/instructions",
        summary="Leaders' instruction cases (领导批示件), of one petition with petition_id",
    )
    def instructions(principal: Follower, petition_id: Code = None) -> Any:
        return watch.instructions(engine, clock, ctx.caller(principal), petition_id)

    @router.get(
        "/petitions/{petition_id}/pauses",
        summary="The pauses and resumes of a petition's clock, each with who and when",
        description=(
            "day is the day the pause or resume counts from; at is the instant it was "
            "recorded (the event's occurred_at, UTC)."
        ),
        responses={404: {"description": "no such petition, or not one the caller follows"}},
    )
    def pauses(petition_id: str, principal: Follower) -> Any:
        return watch.pauses(engine, ctx.caller(principal), petition_id[:128])

    @router.get("/rates", summary="On-time, handling days, first-visit resolution")
    def rates(principal: Watcher, start: date, end: date, region: Code = None) -> Any:
        return watch.rates(engine, ctx.caller(principal), start, end, region)

    @router.get(
        "/records",
        summary="Accountability records (问责), filtered, oldest or newest first, a page at a time",
        description=(
            "The period (since, until; both days included) is the record's own date, "
            "occurred_on: the day the failure was found (an overdue record: the day "
            "supervision found the deadline missed; a follow-up record: the day the later "
            "petition was received). kind is the petition's kind. sanction is one of "
            "admonishment_talk (诫勉谈话), disciplinary (处分), dismissal (免职), or none "
            "(no sanction recorded yet) or any (at least one). order=newest lists the "
            "latest occurred_on first; a cursor goes on in the order it came from. "
            "next_cursor is null on the last page. Each record has found_at, the instant "
            "supervision found it (UTC; null on records made before it was kept), "
            "case_owner_name where the case still has that case owner, and each sanction "
            "decided_at, the instant it was recorded."
        ),
        responses={400: {"description": "a cursor this API did not return for this order"}},
    )
    def list_records(
        principal: RecordReader,
        department: Code = None,
        petition_id: Code = None,
        reason: Code = None,
        region: Code = None,
        kind: Kind | None = None,
        since: date | None = None,
        until: date | None = None,
        sanction: SanctionWanted | None = None,
        order: Literal["oldest", "newest"] = "oldest",
        cursor: Annotated[str | None, Query(max_length=400)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> Any:
        wanted = record_reads.RecordFilter(
            department=department,
            petition_id=petition_id,
            reason=reason,
            region=region,
            kind=kind.value if kind else None,
            since=since,
            until=until,
            sanction=sanction,
            limit=limit,
            cursor=cursor,
            newest_first=order == "newest",
        )
        return record_reads.list_records(engine, ctx.caller(principal), wanted)

    return router
