"""Campaigns (专题征集), the suggestion database, screening and the leaders' answers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from services.feedback.api.context import ApiContext
from services.feedback.api.responses import REFUSED, area_router
from services.feedback.application import campaigns, suggestions
from services.feedback.application.suggestion_reads import SuggestionFilter
from shared.auth.roles import Principal, Role
from shared.schemas.fields import Day, Int32, Line, Prose
from shared.service.auth import require_roles

Reader = Annotated[
    Principal, Depends(require_roles(Role.PETITION_OFFICE, Role.LEADER, Role.AUDITOR))
]
Staff = Annotated[Principal, Depends(require_roles(Role.PETITION_OFFICE))]
Leader = Annotated[Principal, Depends(require_roles(Role.LEADER))]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_.-]+$")]
Channel = Literal["letter", "visit", "online", "phone", "sms", "wechat", "mailbox"]


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


def make_router(ctx: ApiContext) -> APIRouter:
    router = area_router()
    _campaign_routes(router, ctx)
    _search_routes(router, ctx)
    _screening_routes(router, ctx)
    return router


def _campaign_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.post(
        "/campaigns", status_code=201, summary="Open a campaign (专题征集)", responses=REFUSED
    )
    def open_campaign(body: CampaignBody, principal: Staff) -> Any:
        return campaigns.open_campaign(
            ctx.engine, ctx.topics, ctx.tree, principal, body.model_dump()
        )

    @router.get("/campaigns", summary="Campaigns, newest first")
    def list_campaigns(principal: Reader, state: Literal["open", "closed"] | None = None) -> Any:
        return {"items": campaigns.list_campaigns(ctx.engine, ctx.tree, principal, state)}

    @router.get("/campaigns/{campaign_id}", summary="A campaign and its statistics")
    def one_campaign(campaign_id: str, principal: Reader) -> Any:
        return campaigns.one_campaign(ctx.engine, ctx.tree, principal, campaign_id)

    @router.post("/campaigns/{campaign_id}/close", summary="Close a campaign", responses=REFUSED)
    def close(campaign_id: str, principal: Staff) -> Any:
        return campaigns.close_campaign(
            ctx.engine, ctx.topics, ctx.tree, principal, campaign_id, ctx.today()
        )


def _search_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.get("/suggestions", summary="Search the suggestion database")
    def search(
        principal: Reader,
        q: Annotated[Line | None, Query(max_length=200)] = None,
        campaign_id: Annotated[str | None, Query(max_length=64)] = None,
        channel: Channel | None = None,
        category: Annotated[str | None, Query(pattern=r"^\d{2}(\d{2})?$")] = None,
        region: Annotated[str | None, Query(max_length=64)] = None,
        received_from: Day | None = None,
        received_to: Day | None = None,
        state: Literal["new", "screened", "forwarded", "answered"] | None = None,
        valuable: bool | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> Any:
        f = SuggestionFilter(
            q, campaign_id, channel, category, None, received_from, received_to, state, valuable
        )
        return suggestions.search(
            ctx.engine, ctx.tree, principal, f, region=region, limit=limit, offset=offset
        )

    @router.get("/suggestions/{petition_id}", summary="One suggestion and its screening")
    def one(petition_id: str, principal: Reader) -> Any:
        return suggestions.one(ctx.engine, ctx.tree, principal, petition_id)


def _screening_routes(router: APIRouter, ctx: ApiContext) -> None:
    @router.post(
        "/suggestions/{petition_id}/screen", summary="Mark valuable or not", responses=REFUSED
    )
    def screen(petition_id: str, body: ScreenBody, principal: Staff) -> Any:
        return suggestions.screen(
            ctx.engine, ctx.topics, ctx.tree, principal, petition_id,
            valuable=body.valuable, note=body.note,
        )  # fmt: skip

    @router.post(
        "/suggestions/{petition_id}/forward",
        summary="摘报: forward to the leaders",
        responses=REFUSED,
    )
    def forward(petition_id: str, body: ForwardBody, principal: Staff) -> Any:
        return suggestions.forward(
            ctx.engine, ctx.topics, ctx.tree, principal, petition_id,
            summary=body.summary, to_org=body.to_org, today=ctx.today(),
        )  # fmt: skip

    @router.post(
        "/suggestions/{petition_id}/answer", summary="The leaders' answer", responses=REFUSED
    )
    def answer(petition_id: str, body: AnswerBody, principal: Leader) -> Any:
        return suggestions.answer(
            ctx.engine, ctx.topics, ctx.tree, principal, petition_id,
            text=body.answer, today=ctx.today(),
        )  # fmt: skip
