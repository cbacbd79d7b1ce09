"""Rule-set versions: every one kept, the newest in force; an admin posts the next."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from services.routing.api.context import ApiContext
from services.routing.api.roles import Admin, Supervisor
from services.routing.application import rulesets
from services.routing.domain.ruleset import RuleSet
from shared.service.auth import AUTH_RESPONSES


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["routing"], responses=AUTH_RESPONSES)

    @router.get("/rulesets", summary="Every rule-set version, newest (in force) first")
    def versions(principal: Supervisor) -> Any:
        found = rulesets.versions(ctx.engine, ctx.store)
        return {"in_force": found[0]["version"], "versions": found}

    @router.get("/rulesets/{version}", summary="One rule-set version ('active': in force)")
    def one(version: str, principal: Supervisor) -> Any:
        found = rulesets.version(ctx.engine, ctx.store, version)
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
        if dry_run:
            rulesets.check(ctx.store, rules)
            return JSONResponse({"valid": True, "rules": len(rules.rules)})
        stored = rulesets.put_in_force(ctx.engine, ctx.store, rules, principal.user_id)
        return {"version": stored.version, "label": stored.label, "rules": len(rules.rules)}

    return router
