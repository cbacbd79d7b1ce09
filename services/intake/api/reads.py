"""Reading one petition: its state, due dates, allowed commands, history; its events."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from services.intake.api.deps import Caller, Runtime, Today, etag
from services.intake.api.views import detail, event_view
from services.intake.readmodel.rows import Row
from services.intake.readmodel.store import get_row, read_stream
from services.intake.runtime import IntakeRuntime
from shared.auth import Principal
from shared.auth.fastapi import AUTH_RESPONSES
from shared.auth.scope import can_read
from shared.eventstore.db import read_only
from shared.schemas.catalog import EventEnvelope

router = APIRouter(prefix="/api/v1/petitions", tags=["petitions"], responses=AUTH_RESPONSES)
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such petition, or not one the caller may see"}
}


def _load(
    rt: IntakeRuntime, petition_id: uuid.UUID, principal: Principal, today: Any
) -> tuple[Row, list[EventEnvelope]]:
    with rt.engine.connect() as conn:
        conn = read_only(conn)
        row = get_row(conn, str(petition_id))
        # One answer for "absent" and "not yours": the accused unit learns nothing.
        if row is None or not can_read(principal, rt.scope.facts(row, today), rt.scope):
            raise HTTPException(404, detail="no such petition")
        return row, read_stream(conn, str(petition_id))


@router.get(
    "/{petition_id}", summary="One petition: state, due dates, history", responses=_NOT_FOUND
)
def get_petition(
    petition_id: uuid.UUID, rt: Runtime, principal: Caller, today: Today
) -> JSONResponse:
    row, stream = _load(rt, petition_id, principal, today)
    body = detail(row, stream, principal, rt.scope, today)
    return JSONResponse(jsonable_encoder(body), headers={"ETag": etag(row["version"])})


@router.get("/{petition_id}/events", summary="A petition's events", responses=_NOT_FOUND)
def get_events(
    petition_id: uuid.UUID, rt: Runtime, principal: Caller, today: Today
) -> JSONResponse:
    row, stream = _load(rt, petition_id, principal, today)
    facts = rt.scope.facts(row, today)
    items = [event_view(e, principal, facts, rt.scope) for e in stream]
    return JSONResponse(
        jsonable_encoder({"petition_id": row["id"], "events": items}),
        headers={"ETag": etag(row["version"])},
    )
