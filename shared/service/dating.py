"""A request's "now" and "today" as FastAPI dependencies. Production: the clock. A dated
development run (``sunshine demo`` replays months in minutes, the browser tests play a flow
days ago) lets a person's request name its day in ``X-Sunshine-Today``; production settings
refuse the header. Every service a person writes to through the pages dates that write the
same way, so that one service's "today" is never another's yesterday (feedback's revisit
outcome, checked by intake against the petition's own days, was refused that way)."""

# No ``from __future__ import annotations``: ``get_today``'s annotation names ``get_now``, a
# local of ``request_clock``, and FastAPI evaluates string annotations in module globals.

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, HTTPException, Request
from pydantic import TypeAdapter

from shared.clock import Clock, city_date, on_city_date
from shared.schemas.fields import Day

TODAY_HEADER = "x-sunshine-today"
# Bounded like every date a request carries: due dates counted from it must stay in range.
_DAY = TypeAdapter(Day)

# The dependencies are ``async`` though they never wait: FastAPI runs a plain ``def``
# dependency on a worker thread, and that hop cost more than the work itself.
NowOf = Callable[[Request], Awaitable[datetime]]
TodayOf = Callable[[datetime], Awaitable[date]]


def request_clock(clock: Clock, zone: ZoneInfo, allow_override: bool) -> tuple[NowOf, TodayOf]:
    """The dependencies giving a request's instant and the city's date at it."""

    async def get_now(request: Request) -> datetime:
        """A dated request happens on its day at the city's time of day now: in the city's
        zone, never a day off."""
        override = request.headers.get(TODAY_HEADER)
        now = clock.now()
        if override is None:
            return now
        if not allow_override:
            raise HTTPException(403, detail=f"{TODAY_HEADER} is not allowed on this server")
        try:
            day = _DAY.validate_python(date.fromisoformat(override))
        except ValueError:  # pydantic's ValidationError is one
            raise HTTPException(400, detail=f"{TODAY_HEADER} must be a date (YYYY-MM-DD)") from None
        return on_city_date(day, zone, now)

    async def get_today(now: Annotated[datetime, Depends(get_now)]) -> date:
        """The city's date at the request's instant (FastAPI reads ``get_now`` once a
        request)."""
        return city_date(now, zone)

    return get_now, get_today
