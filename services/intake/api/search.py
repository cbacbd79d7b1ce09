"""``GET /api/v1/petitions``: filters, the caller's read scope, cursor pagination."""

# No ``from __future__ import annotations``: the route's dependencies are locals of
# ``make_router``, which FastAPI cannot find from a string annotation.

from datetime import date
from typing import Annotated, NoReturn

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from services.intake.api.answers import PetitionPage, documented
from services.intake.api.chinese import ChineseValidation
from services.intake.api.context import ApiContext
from services.intake.api.deps import Caller, parse_cursor, request_clock
from services.intake.api.views import summary_for
from services.intake.application import reads
from services.intake.application.petition_reads import Filters
from services.intake.domain import Status
from services.intake.domain.tracking import normalise_tracking_code
from shared.schemas.petition import Channel, Kind
from shared.service.auth import AUTH_RESPONSES

Code = Annotated[str | None, Query(max_length=64, pattern=r"^[0-9A-Za-z_.-]+$")]


def make_router(ctx: ApiContext) -> APIRouter:
    # The staff's forms show each field's refusal in Chinese, as the portal's do.
    router = APIRouter(
        prefix="/api/v1/petitions",
        tags=["petitions"],
        responses=AUTH_RESPONSES,
        route_class=ChineseValidation,
    )
    _, today_of = request_clock(ctx)

    @router.get(
        "",
        summary="Search petitions the caller may see, newest first",
        responses={
            200: documented(PetitionPage, "a page, newest first; next_cursor reads the next"),
            400: {"description": "a cursor this API did not return"},
        },
    )
    def search_petitions(
        principal: Caller,
        today: Annotated[date, Depends(today_of)],
        status: Status | None = None,
        kind: Kind | None = None,
        channel: Channel | None = None,
        category: Annotated[str | None, Query(pattern=r"^\d{2}(\d{2})?$")] = None,
        region: Code = None,
        department: Code = None,
        received_from: date | None = None,
        received_to: date | None = None,
        overdue: bool | None = None,
        case_owner: Annotated[
            str | None,
            Query(
                max_length=128,
                pattern=r"^[0-9A-Za-z_.:@-]+$",
                description="a case owner's user id, or `me`: the caller's own cases (包案)",
            ),
        ] = None,
        tracking_code: Annotated[
            str | None,
            Query(
                max_length=40,
                description=(
                    "a tracking code (查询码), exact, read as the public track page reads a "
                    "typed one: blanks and dashes ignored, any case, O/I/L as 0/1/1; a value "
                    "that cannot be a code (wrong length or check character) is refused (422)"
                ),
            ),
        ] = None,
        cursor: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> JSONResponse:
        if region is not None and region not in ctx.refdata.regions:
            _refuse("query.region", "请选择正确的属地")
        code = None
        if tracking_code is not None:
            code = normalise_tracking_code(tracking_code)
            if code is None:  # a mistyped code: its check character tells
                _refuse("query.tracking_code", "查询码有误，请核对后重新输入")
        filters = Filters(
            status=str(status) if status else None,
            kind=str(kind) if kind else None,
            channel=str(channel) if channel else None,
            category=category,
            region=region,
            department=department,
            received_from=received_from,
            received_to=received_to,
            overdue=overdue,
            case_owner=principal.user_id if case_owner == "me" else case_owner,
            tracking_code=code,
        )
        rows, next_cursor = reads.search_petitions(
            ctx.engine, ctx.tree, principal, today, filters, limit=limit, after=parse_cursor(cursor)
        )
        items = [summary_for(r, today, principal, ctx.tree) for r in rows]
        return JSONResponse(jsonable_encoder({"items": items, "next_cursor": next_cursor}))

    return router


def _refuse(field: str, message: str) -> NoReturn:
    # A query value checked like FastAPI's own (the same problem, no ``detail``).
    raise HTTPException(422, detail=[{"field": field, "message": message, "type": "value_error"}])
