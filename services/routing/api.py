"""HTTP API: department work queues, queue counts, routing history, rule-set versions.

Routes parse and check access, then read the tables; nothing here decides a routing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, select

from services.routing import queue_reads
from services.routing.access import (
    case_kept_from,
    hidden_from,
    may_read_queue,
    visible_departments,
)
from services.routing.refs import Refs
from services.routing.ruleset import RuleSet
from services.routing.rulestore import InvalidRuleSet, RuleStore
from services.routing.tables import cases, transfers
from shared.auth.fastapi import AUTH_RESPONSES, forbidden, require_roles
from shared.auth.roles import Principal, Role
from shared.auth.scope import may_see_accusation_details
from shared.clock import Today
from shared.service.problems import problem

READERS = (Role.HANDLER, Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR)
SUPERVISORS = (Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR)
# Module level: FastAPI resolves the (postponed) annotations of routes in module globals.
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Supervisor = Annotated[Principal, Depends(require_roles(*SUPERVISORS))]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
State = Literal["open", "all", "unrouted", "new", "in_handling", "returned", "done", "closed"]


@dataclass(frozen=True)
class ApiContext:
    engine: Engine
    refs: Refs
    store: RuleStore
    today: Today
    due_soon_days: int = 3


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["routing"], responses=AUTH_RESPONSES)
    _queue_routes(router, ctx)
    _history_routes(router, ctx)
    _ruleset_routes(router, ctx)
    return router


def _queue_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/queues/{department}", summary="A department's work queue, by due date")
    def queue(
        department: str,
        principal: Reader,
        state: State = "open",
        due: Literal["overdue", "due_soon"] | None = None,
        category: Annotated[str | None, Query(pattern=r"^\d{2}(\d{2})?$")] = None,
        kind: Literal["suggestion", "accusation", "claim"] | None = None,
        region: Annotated[str | None, Query(max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: Annotated[str | None, Query(max_length=400)] = None,
    ) -> Any:
        if department not in ctx.refs.data.departments:
            raise HTTPException(404, detail=f"no department {department!r}")
        if not may_read_queue(principal, department, ctx.refs):
            raise forbidden(f"the queue of {department} is outside your org")
        today = ctx.today()
        hidden = hidden_from(principal, ctx.refs)
        f = queue_reads.QueueFilter(state, due, category, kind, region, hidden)
        try:
            with ctx.engine.connect() as conn:
                items, next_cursor = queue_reads.page(
                    conn,
                    department,
                    f,
                    today=today,
                    soon_days=ctx.due_soon_days,
                    limit=limit,
                    cursor=cursor,
                )
        except queue_reads.BadCursor as exc:
            return problem(400, str(exc))
        return {
            "department": department,
            "today": today,
            "items": [_item(i, principal, ctx.refs) for i in items],
            "next_cursor": next_cursor,
        }

    @router.get("/queues", summary="Queue counts of every department the caller may see")
    def summary(principal: Reader) -> Any:
        today = ctx.today()
        with ctx.engine.connect() as conn:
            found = queue_reads.counts(
                conn,
                today=today,
                soon_days=ctx.due_soon_days,
                hidden=hidden_from(principal, ctx.refs),
            )
        shown = visible_departments(principal, sorted(found), ctx.refs)
        depts = ctx.refs.data.departments
        return {
            "today": today,
            "departments": [
                {"department": d, "name_zh": depts[d].name_zh, "counts": found[d]}
                for d in shown
                if d in depts
            ],
        }


def _item(row: dict[str, Any], principal: Principal, refs: Refs) -> dict[str, Any]:
    row = dict(row)
    row.pop("current", None)
    if row["kind"] == "accusation" and not may_see_accusation_details(
        principal, row["accused_org"], refs
    ):
        # What an auditor of the accused unit sees of it (Art. 30): no title, and no tracking
        # code, which opens the public page with the reply.
        row["title"] = row["tracking_code"] = None
    return row


def _history_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/petitions/{petition_id}/routing", summary="Why a petition went where it did")
    def history(petition_id: str, principal: Supervisor) -> Any:
        with ctx.engine.connect() as conn:
            case = conn.execute(select(cases).where(cases.c.petition_id == petition_id)).first()
            # One answer for absent and kept from the caller (Art. 30).
            if case is None or case_kept_from(principal, dict(case._mapping), ctx.refs):
                raise HTTPException(404, detail="routing knows no such petition")
            q = (
                select(transfers)
                .where(transfers.c.petition_id == petition_id)
                .order_by(transfers.c.seq)
            )
            steps = [dict(r._mapping) for r in conn.execute(q)]
        if principal.role in (Role.PETITION_OFFICE, Role.LEADER):
            root = ctx.refs.department_region(principal.org) or principal.org
            if not ctx.refs.within(case.region_code, root):
                raise forbidden("the petition is outside your region")
        fields = ("status", "department", "rule_id", "manual_reason", "ruleset_version")
        return {"petition_id": petition_id, **{k: case._mapping[k] for k in fields}, "steps": steps}


def _ruleset_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/rulesets", summary="Every rule-set version, newest (in force) first")
    def versions(principal: Supervisor) -> Any:
        with ctx.engine.begin() as conn:
            found = ctx.store.versions(conn)
        return {"in_force": found[0]["version"], "versions": found}

    @router.get("/rulesets/{version}", summary="One rule-set version ('active': in force)")
    def one(version: str, principal: Supervisor) -> Any:
        with ctx.engine.begin() as conn:
            if version == "active":
                found = ctx.store.active(conn)
            elif _VERSION.fullmatch(version):
                found = ctx.store.get(conn, int(version)) or _no_version(version)
            else:
                raise HTTPException(404, detail="a version is a number or 'active'")
        return {
            "version": found.version,
            "created_at": found.created_at,
            "created_by": found.created_by,
            "rules": found.rules.model_dump(mode="json"),
        }

    @router.post(
        "/rulesets",
        status_code=201,
        summary="Validate a rule set; unless dry_run, store it as the version in force",
    )
    def add(
        principal: Admin,
        rules: Annotated[RuleSet, Body()],
        dry_run: bool = False,
    ) -> Any:
        try:
            if dry_run:
                ctx.store.validate(rules)
                return JSONResponse({"valid": True, "rules": len(rules.rules)})
            with ctx.engine.begin() as conn:
                stored = ctx.store.add(conn, rules, principal.user_id)
        except InvalidRuleSet as exc:
            return problem(
                422, "the rule set is not valid", title="Invalid rule set", errors=exc.problems
            )
        return {"version": stored.version, "label": stored.label, "rules": len(rules.rules)}


# ASCII digits only (str.isdigit() takes "²"), few enough for the integer column.
_VERSION = re.compile(r"[0-9]{1,18}")


def _no_version(version: str) -> Any:
    raise HTTPException(404, detail=f"no rule-set version {version}")
