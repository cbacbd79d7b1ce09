"""Rule-set versions: every one kept, the newest in force; an admin posts the next."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from services.routing.api.context import ApiContext
from services.routing.api.roles import Admin, RuleEditor, Supervisor
from services.routing.application import rulesets
from services.routing.application.preview import Sample, preview
from services.routing.domain.ruleset import RuleSet
from shared.schemas.fields import Int32
from shared.schemas.petition import Channel, Kind
from shared.service.auth import AUTH_RESPONSES


class SamplePetition(BaseModel):
    """A petition as routing sees it when it decides; the flags default to a plain one."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: Kind
    category_code: str = Field(pattern=r"^\d{4}$")
    region_code: str = Field(min_length=1, max_length=64, pattern=r"^[0-9]+$")
    channel: Channel | None = None  # no rule reads it; accepted so a form can send it
    collective: bool = False
    headcount: Int32 = Field(default=1, ge=1)
    repeat: bool = False
    skip_level: bool = False
    accused_org: str | None = Field(default=None, max_length=64, pattern=r"^[0-9A-Za-z_.-]+$")


class PreviewBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    petition: SamplePetition
    # A candidate rule set (what POST /rulesets takes); none: the one in force.
    ruleset: RuleSet | None = None


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["routing"], responses=AUTH_RESPONSES)

    @router.get("/rulesets", summary="Every rule-set version, newest (in force) first")
    def versions(principal: Supervisor) -> Any:
        found = rulesets.versions(ctx.engine, ctx.store)
        return {"in_force": found[0]["version"], "versions": found}

    @router.post(
        "/rulesets/preview",
        summary="Where would this petition go? (the rule set in force, or a candidate)",
        responses={422: {"description": "an unknown code, or a candidate rule set not valid"}},
    )
    def preview_placement(principal: RuleEditor, body: PreviewBody) -> Any:
        p = body.petition
        sample = Sample(
            kind=p.kind,
            category_code=p.category_code,
            region_code=p.region_code,
            collective=p.collective,
            headcount=p.headcount,
            repeat=p.repeat,
            skip_level=p.skip_level,
            accused_org=p.accused_org,
        )
        return preview(ctx.engine, ctx.store, ctx.refdata, sample, body.ruleset)

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
