"""What every route needs: the runtime, the caller, "today", the expected version."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from pydantic import TypeAdapter

from services.intake.runtime import IntakeRuntime
from shared.auth import Principal
from shared.auth.fastapi import current_principal
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


async def get_today(request: Request, runtime: Runtime) -> date:
    """The runtime's clock; a development run may date a request itself (the demo replays
    months in minutes), which production settings refuse to allow."""
    override = request.headers.get(TODAY_HEADER)
    if override is None:
        return runtime.clock()
    if not runtime.settings.allow_date_override:
        raise HTTPException(403, detail=f"{TODAY_HEADER} is not allowed on this server")
    try:
        return _DAY.validate_python(date.fromisoformat(override))
    except ValueError:  # pydantic's ValidationError is one
        raise HTTPException(400, detail=f"{TODAY_HEADER} must be a date (YYYY-MM-DD)") from None


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
