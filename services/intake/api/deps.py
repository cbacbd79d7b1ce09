"""What every route needs: the caller, "now" and "today", the expected version, a cursor."""

# No ``from __future__ import annotations``: ``get_today``'s annotation names ``get_now``, a
# local of ``request_clock``, and FastAPI evaluates string annotations in module globals.

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from pydantic import TypeAdapter

from services.intake.api.context import ApiContext
from services.intake.application.petition_reads import decode_cursor
from services.intake.domain.access import may_issue
from shared.auth import Principal
from shared.clock import city_date, on_city_date
from shared.errors import Forbidden
from shared.schemas.fields import Day
from shared.service.auth import current_principal

TODAY_HEADER = "x-sunshine-today"
# Bounded like every date a request carries: due dates counted from it must stay in range.
_DAY = TypeAdapter(Day)
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')

# create_service_app installs the token verifier (built at start-up); the principal comes from it.
Caller = Annotated[Principal, Depends(current_principal)]

# The dependencies are ``async`` though they never wait: FastAPI runs a plain ``def``
# dependency on a worker thread, and that hop cost more than the work itself.
NowOf = Callable[[Request], Awaitable[datetime]]
TodayOf = Callable[[datetime], Awaitable[date]]


def request_clock(ctx: ApiContext) -> tuple[NowOf, TodayOf]:
    """The dependencies giving a request's instant and the city's date at it."""

    async def get_now(request: Request) -> datetime:
        """The clock; a development run may date a request itself (the demo replays months
        in minutes), which production settings refuse to allow. A dated request happens on
        its day at the city's time of day now: in the city's zone, never a day off."""
        override = request.headers.get(TODAY_HEADER)
        now = ctx.clock.now()
        if override is None:
            return now
        if not ctx.settings.allow_date_override:
            raise HTTPException(403, detail=f"{TODAY_HEADER} is not allowed on this server")
        try:
            day = _DAY.validate_python(date.fromisoformat(override))
        except ValueError:  # pydantic's ValidationError is one
            raise HTTPException(400, detail=f"{TODAY_HEADER} must be a date (YYYY-MM-DD)") from None
        return on_city_date(day, ctx.zone, now)

    async def get_today(now: Annotated[datetime, Depends(get_now)]) -> date:
        """The city's date at the request's instant (FastAPI reads ``get_now`` once a
        request)."""
        return city_date(now, ctx.zone)

    return get_now, get_today


def require_role(principal: Principal, command: str) -> None:
    """The role check of a command route (the scope checks come with the petition)."""
    if not may_issue(principal, command):
        raise Forbidden(f"role {principal.role} may not {command}")


def parse_if_match(value: str | None) -> int | None:
    """The version an ``If-Match`` names (``"3"``, ``W/"3"`` or ``3``); None for ``*``."""
    if value is None:
        raise HTTPException(428, detail="If-Match with the petition's version (ETag) is required")
    value = value.strip()
    if value == "*":
        return None
    match = _ETAG.match(value)
    if match is None:
        raise HTTPException(400, detail='If-Match must be a version such as "3" or W/"3"')
    return int(match.group(1))


def parse_cursor(cursor: str | None) -> int | None:
    """The position a search cursor names; a cursor this API did not give is a 400."""
    return None if cursor is None else decode_cursor(cursor)


def etag(version: int) -> str:
    # Weak: the representation differs by caller (redaction), the version does not.
    return f'W/"{version}"'
