"""Reading one petition: its state, due dates, allowed commands, history; its events."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from services.intake.api.deps import Caller, Runtime, Today, etag
from services.intake.api.views import LINK_FIELDS, detail, event_view
from services.intake.readmodel.rows import Row
from services.intake.readmodel.store import get_row, read_stream
from services.intake.runtime import IntakeRuntime
from shared.auth import Principal
from shared.auth.fastapi import AUTH_RESPONSES
from shared.auth.scope import can_read, kept_from
from shared.eventstore.db import read_only
from shared.schemas.catalog import EventEnvelope

router = APIRouter(prefix="/api/v1/petitions", tags=["petitions"], responses=AUTH_RESPONSES)
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such petition, or not one the caller may see"}
}


def _load(
    rt: IntakeRuntime, petition_id: uuid.UUID, principal: Principal, today: Any
) -> tuple[Row, list[EventEnvelope], frozenset[str]]:
    """The row, its events, and the petitions it links to that are kept from the caller."""
    with rt.engine.connect() as conn:
        conn = read_only(conn)
        pid = str(petition_id)
        row = get_row(conn, pid)
        # One answer for "absent" and "not yours": the accused unit learns nothing.
        if row is None or not can_read(principal, rt.scope.facts(row, today), rt.scope):
            raise HTTPException(404, detail="no such petition")
        return row, read_stream(conn, pid), _kept_links(conn, row, rt, principal, today)


def _kept_links(
    conn: Any, row: Row, rt: IntakeRuntime, principal: Principal, today: Any
) -> frozenset[str]:
    """An earlier accusation of the same petitioner must not show through a later petition
    the accused unit may read (Art. 30)."""
    linked = (get_row(conn, row[k]) for k in LINK_FIELDS if row.get(k))
    return frozenset(
        o["id"] for o in linked if o and kept_from(principal, rt.scope.facts(o, today), rt.scope)
    )


@router.get(
    "/{petition_id}", summary="One petition: state, due dates, history", responses=_NOT_FOUND
)
def get_petition(
    petition_id: uuid.UUID, rt: Runtime, principal: Caller, today: Today
) -> JSONResponse:
    row, stream, kept = _load(rt, petition_id, principal, today)
    body = detail(row, stream, principal, rt.scope, today, kept)
    return JSONResponse(jsonable_encoder(body), headers={"ETag": etag(row["version"])})


@router.get("/{petition_id}/events", summary="A petition's events", responses=_NOT_FOUND)
def get_events(
    petition_id: uuid.UUID, rt: Runtime, principal: Caller, today: Today
) -> JSONResponse:
    row, stream, kept = _load(rt, petition_id, principal, today)
    facts = rt.scope.facts(row, today)
    items = [event_view(e, principal, facts, rt.scope, kept) for e in stream]
    return JSONResponse(
        jsonable_encoder({"petition_id": row["id"], "events": items}),
        headers={"ETag": etag(row["version"])},
    )
