"""Reading one petition: its state, due dates, allowed commands, history; its events."""

# No ``from __future__ import annotations``: the routes' dependencies are locals of
# ``make_router``, which FastAPI cannot find from a string annotation.

import uuid
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from services.intake.api.answers import PetitionDetail, PetitionEvents, documented
from services.intake.api.context import ApiContext
from services.intake.api.deps import Caller, etag, request_clock
from services.intake.api.views import detail, event_view
from services.intake.application.reads import load_petition, read_attachment
from services.intake.domain.access import petition_facts
from shared.service.auth import AUTH_RESPONSES

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such petition, or not one the caller may see"}
}


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1/petitions", tags=["petitions"], responses=AUTH_RESPONSES)
    _, today_of = request_clock(ctx)

    @router.get(
        "/{petition_id}",
        summary="One petition: state, due dates, history",
        responses={200: documented(PetitionDetail, "the petition; ETag its version"), **_NOT_FOUND},
    )
    def get_petition(
        petition_id: uuid.UUID, principal: Caller, today: Annotated[date, Depends(today_of)]
    ) -> JSONResponse:
        row, stream, kept = load_petition(ctx.engine, ctx.tree, petition_id, principal, today)
        body = detail(row, stream, principal, ctx.tree, today, kept)
        return JSONResponse(jsonable_encoder(body), headers={"ETag": etag(row["version"])})

    @router.get(
        "/{petition_id}/events",
        summary="A petition's events",
        responses={200: documented(PetitionEvents, "its events, oldest first"), **_NOT_FOUND},
    )
    def get_events(
        petition_id: uuid.UUID, principal: Caller, today: Annotated[date, Depends(today_of)]
    ) -> JSONResponse:
        row, stream, kept = load_petition(ctx.engine, ctx.tree, petition_id, principal, today)
        facts = petition_facts(row, today)
        items = [event_view(e, principal, facts, ctx.tree, kept) for e in stream]
        return JSONResponse(
            jsonable_encoder({"petition_id": row["id"], "events": items}),
            headers={"ETag": etag(row["version"])},
        )

    @router.get(
        "/{petition_id}/attachments/{attachment_id}",
        summary="One attachment of a petition, for whoever may read its content",
        responses={200: {"content": {"application/octet-stream": {}}}, **_NOT_FOUND},
        response_class=Response,
    )
    def get_attachment(
        petition_id: uuid.UUID,
        attachment_id: uuid.UUID,
        principal: Caller,
        today: Annotated[date, Depends(today_of)],
    ) -> Response:
        name, media_type, data = read_attachment(
            ctx.engine, ctx.tree, ctx.portal.blobs, petition_id, attachment_id, principal, today
        )
        return Response(
            data,
            media_type=media_type,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-store",
            },
        )

    return router
