"""``GET /api/v1/petitions``: filters, the caller's read scope, cursor pagination."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from services.intake.api.deps import Caller, Runtime, Today
from services.intake.api.views import summary_for
from services.intake.domain import Status
from services.intake.readmodel.search import BadCursor, Filters, filter_clause, scope_clause, search
from shared.auth.fastapi import AUTH_RESPONSES
from shared.auth.scope import read_filter
from shared.eventstore.db import read_only
from shared.schemas.petition import Channel, Kind

router = APIRouter(prefix="/api/v1/petitions", tags=["petitions"], responses=AUTH_RESPONSES)

Code = Annotated[str | None, Query(max_length=64, pattern=r"^[0-9A-Za-z_.-]+$")]


@router.get(
    "",
    summary="Search petitions the caller may see, newest first",
    responses={400: {"description": "a cursor this API did not return"}},
)
def search_petitions(
    rt: Runtime,
    principal: Caller,
    today: Today,
    status: Status | None = None,
    kind: Kind | None = None,
    channel: Channel | None = None,
    category: Annotated[str | None, Query(pattern=r"^\d{2}(\d{2})?$")] = None,
    region: Code = None,
    department: Code = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JSONResponse:
    if region is not None and region not in rt.refdata.regions:
        raise HTTPException(
            422,
            detail=[{"field": "query.region", "message": "unknown region", "type": "value_error"}],
        )
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
    )
    where = scope_clause(read_filter(principal), rt.scope, today) & filter_clause(
        filters, rt.scope, today
    )
    try:
        with rt.engine.connect() as conn:
            rows, next_cursor = search(read_only(conn), where, limit=limit, cursor=cursor)
    except BadCursor as exc:
        raise HTTPException(400, detail=str(exc)) from None
    items = [summary_for(r, today, principal, rt.scope) for r in rows]
    return JSONResponse(jsonable_encoder({"items": items, "next_cursor": next_cursor}))
