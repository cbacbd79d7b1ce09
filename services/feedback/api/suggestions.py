"""Campaigns (专题征集), the suggestion database, screening and the leaders' answers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from services.feedback import campaigns as cmd
from services.feedback import suggestion_reads as reads
from services.feedback.access import may_see, visible_regions
from services.feedback.api.context import REFUSED, ApiContext, fail
from services.feedback.revisits import NotFound, Refused
from services.feedback.tables import campaigns
from shared.auth.fastapi import forbidden, require_roles
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day, Int32, Line, Prose

Reader = Annotated[
    Principal, Depends(require_roles(Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR))
]
Staff = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE))]
Leader = Annotated[Principal, Depends(require_roles(Role.LEADER))]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_.-]+$")]


class CampaignBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    campaign_id: Code
    topic: Line = Field(min_length=1, max_length=200)
    description: Prose = Field(default="", max_length=5000)
    starts_on: Day
    ends_on: Day
    target: Prose = Field(default="", max_length=500)
    target_count: Int32 | None = Field(default=None, ge=1)  # an INTEGER column


class ScreenBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    valuable: bool
    note: Prose = Field(default="", max_length=1000)


class ForwardBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    summary: Prose = Field(min_length=1, max_length=5000)
    to_org: Code | None = None  # default: the leaders of the caller's region


class AnswerBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    answer: Prose = Field(min_length=1, max_length=5000)


def add_routes(router: APIRouter, ctx: ApiContext) -> None:
    _campaign_routes(router, ctx)
    _search_routes(router, ctx)
    _screening_routes(router, ctx)


def _campaign_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.post(
        "/campaigns", status_code=201, summary="Open a campaign (专题征集)", responses=REFUSED
    )
    def open_campaign(body: CampaignBody, principal: Staff) -> Any:
        new = cmd.NewCampaign(**body.model_dump(), region_code=ctx.refs.org_region(principal.org))
        try:
            return cmd.open_campaign(ctx.engine, ctx.topics, new, principal.actor())
        except (Refused, ValueError) as exc:
            fail(exc)

    @router.get("/campaigns", summary="Campaigns, newest first")
    def list_campaigns(principal: Reader, state: Literal["open", "closed"] | None = None) -> Any:
        q = select(campaigns).order_by(campaigns.c.starts_on.desc())
        if state is not None:
            q = q.where(campaigns.c.state == state)
        with ctx.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
        return {"items": [r for r in rows if may_see(principal, r["region_code"], ctx.refs)]}

    @router.get("/campaigns/{campaign_id}", summary="A campaign and its statistics")
    def one_campaign(campaign_id: str, principal: Reader) -> Any:
        with ctx.engine.connect() as conn:
            found = _campaign(conn, campaign_id, principal, ctx)
            found["statistics"] = reads.campaign_stats(conn, campaign_id)
        return found

    @router.post("/campaigns/{campaign_id}/close", summary="Close a campaign", responses=REFUSED)
    def close(campaign_id: str, principal: Staff) -> Any:
        with ctx.engine.connect() as conn:
            _campaign(conn, campaign_id, principal, ctx)
        try:
            return cmd.close_campaign(
                ctx.engine, ctx.topics, campaign_id, ctx.today(), principal.actor()
            )
        except (NotFound, Refused) as exc:
            fail(exc)


def _campaign(conn: Any, campaign_id: str, principal: Principal, ctx: ApiContext) -> Any:
    try:
        found = cmd.campaign(conn, campaign_id)
    except NotFound as exc:
        fail(exc)
    if not may_see(principal, found["region_code"], ctx.refs):
        raise forbidden("this campaign is outside your region")
    return found


def _search_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/suggestions", summary="Search the suggestion database")
    def search(
        principal: Reader,
        q: Annotated[Line | None, Query(max_length=200)] = None,
        campaign_id: Annotated[str | None, Query(max_length=64)] = None,
        channel: Literal["letter", "visit", "online", "phone", "sms", "wechat", "mailbox"]
        | None = None,
        category: Annotated[str | None, Query(pattern=r"^\d{2}(\d{2})?$")] = None,
        region: Annotated[str | None, Query(max_length=64)] = None,
        received_from: Day | None = None,
        received_to: Day | None = None,
        state: Literal["new", "screened", "forwarded", "answered"] | None = None,
        valuable: bool | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> Any:
        regions = _regions(ctx, principal, region)
        f = reads.SuggestionFilter(
            q, campaign_id, channel, category, regions, received_from, received_to, state, valuable
        )
        with ctx.engine.connect() as conn:
            return {"total": reads.count(conn, f), "items": reads.search(conn, f, limit, offset)}

    @router.get("/suggestions/{petition_id}", summary="One suggestion and its screening")
    def one(petition_id: str, principal: Reader) -> Any:
        return _suggestion(ctx, petition_id, principal)


def _regions(ctx: ApiContext, principal: Principal, region: str | None) -> set[str] | None:
    from services.feedback.refs import subtree

    allowed = visible_regions(principal, ctx.refs)
    if region is None:
        return allowed
    if not may_see(principal, region, ctx.refs):
        raise forbidden(f"region {region} is outside your org")
    return subtree(ctx.refs, region)


def _suggestion(ctx: ApiContext, petition_id: str, principal: Principal) -> Any:
    with ctx.engine.connect() as conn:
        found = reads.one(conn, petition_id)
    if found is None:
        raise HTTPException(404, detail=f"no suggestion {petition_id!r}")
    if not may_see(principal, found["region_code"], ctx.refs):
        raise forbidden("this suggestion is outside your region")
    return found


def _screening_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.post(
        "/suggestions/{petition_id}/screen", summary="Mark valuable or not", responses=REFUSED
    )
    def screen(petition_id: str, body: ScreenBody, principal: Staff) -> Any:
        _suggestion(ctx, petition_id, principal)
        try:
            cmd.screen(
                ctx.engine, ctx.topics, petition_id, body.valuable, body.note, principal.actor()
            )
        except (NotFound, Refused) as exc:
            fail(exc)
        return _suggestion(ctx, petition_id, principal)

    @router.post(
        "/suggestions/{petition_id}/forward",
        summary="摘报: forward to the leaders",
        responses=REFUSED,
    )
    def forward(petition_id: str, body: ForwardBody, principal: Staff) -> Any:
        _suggestion(ctx, petition_id, principal)
        to_org = body.to_org or ctx.refs.org_region(principal.org)
        try:
            cmd.forward(
                ctx.engine, ctx.topics, petition_id, body.summary, to_org, ctx.today(),
                principal.actor(),
            )  # fmt: skip
        except (NotFound, Refused) as exc:
            fail(exc)
        return _suggestion(ctx, petition_id, principal)

    @router.post(
        "/suggestions/{petition_id}/answer", summary="The leaders' answer", responses=REFUSED
    )
    def answer(petition_id: str, body: AnswerBody, principal: Leader) -> Any:
        _suggestion(ctx, petition_id, principal)
        try:
            cmd.answer(
                ctx.engine, ctx.topics, petition_id, body.answer, ctx.today(), principal.actor()
            )
        except (NotFound, Refused) as exc:
            fail(exc)
        return _suggestion(ctx, petition_id, principal)
