"""Command routes: ``POST /api/v1/petitions`` registers; one POST per other command.

Each route checks the role may issue the command and calls one use case
(``application.commands``), which checks the caller's scope on the petition, decides, appends
and updates the row in one transaction. The expected version comes from ``If-Match``; the new
one goes back as ``ETag``.
"""

# No ``from __future__ import annotations``: the routes are closures built in a loop, and
# FastAPI must see each body model and dependency as a real object, not a string naming a
# loop variable or a local of ``make_router``.

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from services.intake.api import bodies
from services.intake.api.answers import CommandAnswer, documented
from services.intake.api.chinese import ChineseValidation
from services.intake.api.context import ApiContext
from services.intake.api.deps import Caller, etag, parse_if_match, request_clock, require_role
from services.intake.api.views import summary
from services.intake.application import commands
from services.intake.application.handling import Meta, Outcome
from shared.auth import Principal
from shared.schemas import commands as c
from shared.service.auth import AUTH_RESPONSES
from shared.service.middleware import CORRELATION_HEADER

_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"description": "If-Match is not a version"},
    404: {"description": "no such petition, or not one the caller may see"},
    409: {"description": "invalid transition, rule violation or version conflict"},
    422: {"description": "invalid field or unknown code (problem with field paths)"},
    428: {"description": "If-Match is missing"},
}

# path, command model, summary
COMMANDS: tuple[tuple[str, type[BaseModel], str], ...] = (
    ("assign", c.Assign, "Assign (交办) or forward (转送) to a department"),
    ("return", c.Return, "The department objects: not its to handle"),
    ("accept", c.Accept, "Accept (受理)"),
    ("not-accept", c.NotAccept, "Decline to accept (不予受理), with the reason"),
    ("acceptance-notice", c.RecordAcceptanceNotice, "Record that the petitioner was told"),
    ("request-extension", c.RequestExtension, "Ask for the one extension (at most 30 days)"),
    ("approve-extension", c.ApproveExtension, "Approve the extension"),
    ("refuse-extension", c.RefuseExtension, "Refuse the extension"),
    (
        "reply",
        bodies.Reply,
        "Reply (答复), with its documents (attachment_ids); returns the petitioner's one-time "
        "rating token",
    ),
    ("close", c.Close, "Close (办结)"),
    ("request-review", c.RequestReview, "Record a request for review (复查)"),
    ("decide-review", c.DecideReview, "Decide the review"),
    ("request-re-review", c.RequestReReview, "Record a request for re-review (复核)"),
    ("decide-re-review", c.DecideReReview, "Decide the re-review (final)"),
    ("withdraw", c.Withdraw, "The petitioner withdraws"),
    ("link", c.Link, "Link as a repeat of an earlier petition"),
    ("case-owner", c.SetCaseOwner, "Set the case owner (包案领导)"),
    ("revisit-outcome", c.RecordRevisitOutcome, "Record the outcome of a revisit (回访)"),
)


def _meta(principal: Principal, request: Request, now: datetime, today: date) -> Meta:
    correlation = request.headers.get(CORRELATION_HEADER) or uuid.uuid4().hex
    return Meta(actor=principal.actor(), correlation_id=correlation[:64], at=now, today=today)


def _uploads(ctx: ApiContext, ids: tuple[str, ...]) -> commands.Uploads:
    return commands.Uploads(ids, ctx.portal.max_attachments)


def _split(ctx: ApiContext, body: Any) -> tuple[Any, commands.Uploads]:
    """The command a body carries and the uploads it links (a reply's documents)."""
    if isinstance(body, bodies.Reply):
        return body.as_command(), _uploads(ctx, body.attachment_ids)
    return body, commands.Uploads()


def _response(outcome: Outcome, today: date, status: int = 200, **extra: Any) -> JSONResponse:
    body = summary(outcome.row, today) | extra
    headers = {"ETag": etag(outcome.version)}
    if status == 201:
        headers["Location"] = f"/api/v1/petitions/{outcome.petition_id}"
    return JSONResponse(_jsonable(body), status_code=status, headers=headers)


def _jsonable(body: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in body.items()}


def make_router(ctx: ApiContext) -> APIRouter:
    # The staff's forms show each field's refusal in Chinese, as the portal's do.
    router = APIRouter(
        prefix="/api/v1/petitions",
        tags=["commands"],
        responses=AUTH_RESPONSES,
        route_class=ChineseValidation,
    )
    now_of, today_of = request_clock(ctx)

    @router.post(
        "",
        status_code=201,
        summary="Register a petition (登记)",
        responses={
            201: documented(CommandAnswer, "registered; Location and ETag set"),
            400: {"description": "X-Sunshine-Today is not a date"},
            403: {"description": "may not register at this org"},
            422: _REFUSALS[422],
        },
    )
    async def register(
        body: Annotated[bodies.Register, Body()],
        principal: Caller,
        now: Annotated[datetime, Depends(now_of)],
        today: Annotated[date, Depends(today_of)],
        request: Request,
    ) -> JSONResponse:
        meta = _meta(principal, request, now, today)
        cmd, uploads = body.as_command(), _uploads(ctx, body.attachment_ids)
        outcome = await commands.register(ctx.store, ctx.rules, principal, cmd, meta, uploads)
        return _response(outcome, today, 201, tracking_code=outcome.decision.tracking_code)

    for path, model, title in COMMANDS:
        _add_command_route(router, ctx, path, model, title)
    return router


def _add_command_route(
    router: APIRouter, ctx: ApiContext, path: str, model: type[BaseModel], title: str
) -> None:
    name = model.model_fields["command"].default
    now_of, today_of = request_clock(ctx)

    async def route(
        petition_id: uuid.UUID,
        body: Annotated[model, Body()],  # type: ignore[valid-type]
        principal: Caller,
        now: Annotated[datetime, Depends(now_of)],
        today: Annotated[date, Depends(today_of)],
        request: Request,
        if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    ) -> JSONResponse:
        require_role(principal, name)
        meta = _meta(principal, request, now, today)
        expected = parse_if_match(if_match)
        cmd, uploads = _split(ctx, body)
        outcome = await commands.act(
            ctx.store, ctx.rules, principal, str(petition_id), cmd, meta, expected, uploads
        )
        extra = {"rating_token": outcome.decision.rating_token} if name == "reply" else {}
        return _response(outcome, today, 200, **extra)

    route.__name__ = name
    router.add_api_route(
        f"/{{petition_id}}/{path}",
        route,
        methods=["POST"],
        summary=title,
        name=name,
        operation_id=name,
        responses={200: documented(CommandAnswer, "the petition after the command"), **_REFUSALS},
    )
