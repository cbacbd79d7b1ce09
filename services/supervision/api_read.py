"""Reads: lights, the red list, a department's view, instruction cases, rates, and the
accountability records (inspectors). Every list is cut to what the caller's org may see."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import and_, or_, select

from services.supervision import views
from services.supervision.context import ApiContext
from services.supervision.tables import cases, records, sanctions
from shared.auth.fastapi import forbidden, require_roles
from shared.auth.roles import Principal, Role
from shared.auth.scope import can_read_accountability

WATCHERS = (Role.PETITION_OFFICE, Role.LEADER, Role.INSPECTOR, Role.AUDITOR)
Watcher = Annotated[Principal, Depends(require_roles(*WATCHERS))]
DeptReader = Annotated[Principal, Depends(require_roles(Role.HANDLER, *WATCHERS))]
RecordReader = Annotated[
    Principal, Depends(require_roles(Role.INSPECTOR, Role.AUDITOR, Role.HANDLER))
]
Code = Annotated[str | None, Query(max_length=64)]


def _scope(ctx: ApiContext, p: Principal) -> views.Within:
    """Rows about the caller's region subtree (auditors and admins: everything), never one
    kept from the caller (an accusation against its unit). The rates use it too: a figure
    must agree with the list it sums, or the difference tells the accused unit."""
    if p.role in (Role.ADMIN, Role.AUDITOR):
        return lambda r: not ctx.kept(p, r)
    return lambda r: (
        not ctx.kept(p, r)
        and any(ctx.within(r.get(k), p.org) for k in ("region_code", "step_org", "department"))
    )


def _sql_scope(ctx: ApiContext, p: Principal, region: str | None) -> Any:
    """``_narrow(_scope(...))`` of a running deadline as a SQL condition, for the light
    counts: the database filters before it groups, instead of Python after."""
    c = cases.c
    hidden = ctx.hidden(p)
    conditions = [views.not_hidden(hidden)] if hidden else []
    if p.role not in (Role.ADMIN, Role.AUDITOR):
        mine = sorted(ctx.tree.subtree(p.org))
        conditions.append(or_(c.region_code.in_(mine), c.step_org.in_(mine)))
    if region is not None:
        conditions.append(c.region_code.in_(sorted(ctx.tree.subtree(region))))
    return and_(*conditions) if conditions else None


def _narrow(ctx: ApiContext, keep: views.Within, region: str | None) -> views.Within:
    if region is None:
        return keep
    return lambda r: keep(r) and ctx.within(r.get("region_code"), region)


def make_read_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["supervision"])
    rules = ctx.settings.rules()

    @router.get("/lights", summary="Light counts by region, department or category")
    def lights(
        principal: Watcher,
        by: Literal["region", "department", "category"] = "region",
        region: Code = None,
    ) -> Any:
        scope = _sql_scope(ctx, principal, region)
        today = ctx.clock.today()
        with ctx.engine.connect() as conn:
            groups = views.light_counts(conn, today, rules, by, scope)
        return {"today": today, "by": by, "groups": groups}

    @router.get("/red-list", summary="Every overdue running deadline, oldest due first")
    def red_list(principal: Watcher, region: Code = None) -> Any:
        keep = _narrow(ctx, _scope(ctx, principal), region)
        today = ctx.clock.today()
        with ctx.engine.connect() as conn:
            items = [ctx.shown(principal, r) for r in views.red_list(conn, today, rules) if keep(r)]
        return {"today": today, "items": items}

    @router.get("/departments/{department}/view", summary="A department's deadlines and urgings")
    def department(department: str, principal: DeptReader) -> Any:
        if principal.role is Role.HANDLER and principal.org != department:
            raise forbidden("a handler sees its own department only")
        regional = principal.role in (Role.PETITION_OFFICE, Role.LEADER, Role.INSPECTOR)
        if regional and not ctx.within(department, principal.org):
            raise forbidden("the department is outside your region")
        today = ctx.clock.today()
        with ctx.engine.connect() as conn:
            found = views.department_view(conn, department, today, rules, ctx.hidden(principal))
        found["deadlines"] = [ctx.shown(principal, r) for r in found["deadlines"]]
        return {"department": department, "today": today, **found}

    @router.get("/instructions", summary="Leaders' instruction cases (领导批示件)")
    def instructions(principal: Watcher) -> Any:
        keep = _scope(ctx, principal)
        today = ctx.clock.today()
        with ctx.engine.connect() as conn:
            items = [ctx.shown(principal, r) for r in views.instructions(conn, today) if keep(r)]
        return {"today": today, "items": items}

    @router.get("/rates", summary="On-time, handling days, first-visit resolution")
    def rates(principal: Watcher, start: date, end: date, region: Code = None) -> Any:
        if end < start:
            raise HTTPException(422, detail="end is before start")
        keep = _narrow(ctx, _scope(ctx, principal), region)
        with ctx.engine.connect() as conn:
            found = views.rates(conn, start, end, keep)
        return {"region": region, "start": start, "end": end, **found}

    _record_routes(router, ctx)
    return router


def _may_read(ctx: ApiContext, p: Principal, rec: dict[str, Any]) -> bool:
    if p.role is Role.HANDLER:  # its own department's records, nobody else's
        return rec["department"] == p.org
    org = rec["department"] or rec["region_code"] or ""
    return can_read_accountability(p, org, ctx.tree.is_within)


def _record_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/records", summary="Accountability records (问责), filtered")
    def list_records(
        principal: RecordReader,
        department: Code = None,
        petition_id: Code = None,
        reason: Code = None,
        region: Code = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> Any:
        r = records.c
        q = (
            select(records, cases.c.kind.label("petition_kind"), cases.c.accused_org)
            .select_from(records.outerjoin(cases, cases.c.petition_id == r.petition_id))
            .order_by(r.occurred_on, r.record_id)
        )
        for col, value in (
            (r.department, department),
            (r.petition_id, petition_id),
            (r.reason, reason),
        ):
            if value is not None:
                q = q.where(col == value)
        with ctx.engine.connect() as conn:
            found = [dict(x) for x in conn.execute(q).mappings()]
            seen = [
                x
                for x in found
                if _may_read(ctx, principal, x)
                and not ctx.kept(principal, x)
                and (region is None or ctx.within(x["region_code"], region))
            ][:limit]
            for x in seen:
                del x["petition_kind"], x["accused_org"]
            _attach_sanctions(conn, seen)
        return {"items": seen}


def _attach_sanctions(conn: Any, items: list[dict[str, Any]]) -> None:
    ids = [x["record_id"] for x in items]
    by_record: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        q = select(sanctions).where(sanctions.c.record_id.in_(ids)).order_by(sanctions.c.decided_on)
        for s in conn.execute(q).mappings():
            by_record[s["record_id"]].append(dict(s))
    for x in items:
        x["event_ids"] = json.loads(x["event_ids"])
        x["sanctions"] = by_record[x["record_id"]]
