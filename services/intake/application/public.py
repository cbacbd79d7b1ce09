"""What a petitioner does without logging in: track a petition by its code, rate it once with
the token given with the reply. An unknown code and a wrong token answer alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from services.intake.application.handling import Meta, Outcome, handle_command
from services.intake.domain import Context, InvalidRatingToken
from services.intake.domain.tracking import normalise_tracking_code
from services.intake.projections.rows import Row
from services.intake.projections.store import read_stream, row_by_tracking_code
from shared.errors import DomainError, NotFound
from shared.eventstore import ConcurrencyConflict, EventStore
from shared.eventstore.db import read_only
from shared.schemas import commands as c


def track(engine: Engine, tracking_code: str) -> tuple[Row, list[Any]]:
    """The petition's row and its event payloads, by tracking code."""
    code = normalise_tracking_code(tracking_code[:40])
    with engine.connect() as conn:
        conn = read_only(conn)
        row = row_by_tracking_code(conn, code) if code else None
        if row is None:
            raise NotFound("no petition has this tracking code")
        return row, [e.payload for e in read_stream(conn, row["id"])]


def rate(
    store: EventStore, rules: Context, tracking_code: str, cmd: c.Rate, meta: Meta
) -> tuple[Row, Outcome]:
    """The petition's row (as it was found) and the outcome of rating it."""
    refused = InvalidRatingToken("the code or the token is not valid")
    code = normalise_tracking_code(tracking_code)
    with store.engine.connect() as conn:
        row = row_by_tracking_code(read_only(conn), code) if code else None
    # One answer for an unknown code and a wrong token: codes cannot be probed here.
    if row is None:
        raise refused
    try:
        with store.unit_of_work() as uow:
            outcome = handle_command(uow, rules, row["id"], cmd, meta)
    except (DomainError, ConcurrencyConflict):
        # Rating twice is an invalid transition to the state machine; to the public, a used
        # token is simply no longer valid.
        raise refused from None
    return row, outcome
