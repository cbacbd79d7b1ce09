"""What every route needs: the runtime, the caller, "now" and "today", the expected version."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from pydantic import TypeAdapter

from services.intake.runtime import IntakeRuntime
from shared.auth import Principal
from shared.auth.fastapi import current_principal
from shared.clock import city_date, on_city_date
from shared.schemas.fields import Day

TODAY_HEADER = "x-sunshine-today"
# Bounded like every date a request carries: due dates counted from it must stay in range.
_DAY = TypeAdapter(Day)
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


# The dependencies are ``async`` though they never wait: FastAPI runs a plain ``def``
# dependency on a worker thread, and that hop cost more than the work itself.


async def get_runtime(request: Request) -> IntakeRuntime:
    runtime: IntakeRuntime = request.app.state.parts.runtime
    return runtime


Runtime = Annotated[IntakeRuntime, Depends(get_runtime)]


async def _install_verifier(request: Request, runtime: Runtime) -> None:
    # ``run_service`` builds the app without ``install_auth``; the verifier was built (and its
    # configuration checked) with the runtime at start-up, so it only needs putting in place.
    if getattr(request.app.state, "token_verifier", None) is None:
        request.app.state.token_verifier = runtime.verifier


async def get_caller(
    _: Annotated[None, Depends(_install_verifier)],
    principal: Annotated[Principal, Depends(current_principal)],
) -> Principal:
    return principal


Caller = Annotated[Principal, Depends(get_caller)]


async def get_now(request: Request, runtime: Runtime) -> datetime:
    """The runtime's clock; a development run may date a request itself (the demo replays
    months in minutes), which production settings refuse to allow. A dated request happens
    on its day at the city's time of day now: in the city's zone, never a day off."""
    override = request.headers.get(TODAY_HEADER)
    now = runtime.clock.now()
    if override is None:
        return now
    if not runtime.settings.allow_date_override:
        raise HTTPException(403, detail=f"{TODAY_HEADER} is not allowed on this server")
    try:
        day = _DAY.validate_python(date.fromisoformat(override))
    except ValueError:  # pydantic's ValidationError is one
        raise HTTPException(400, detail=f"{TODAY_HEADER} must be a date (YYYY-MM-DD)") from None
    return on_city_date(day, runtime.zone, now)


Now = Annotated[datetime, Depends(get_now)]


async def get_today(now: Now, runtime: Runtime) -> date:
    """The city's date at the request's instant (FastAPI reads ``get_now`` once a request)."""
    return city_date(now, runtime.zone)


Today = Annotated[date, Depends(get_today)]


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


def etag(version: int) -> str:
    # Weak: the representation differs by caller (redaction), the version does not.
    return f'W/"{version}"'
