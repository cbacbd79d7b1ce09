"""What every route needs: the caller, "now" and "today", the expected version, a cursor."""

import re
from typing import Annotated

from fastapi import Depends, HTTPException

from services.intake.api.context import ApiContext
from services.intake.application.petition_reads import decode_cursor
from services.intake.domain.access import may_issue
from shared.auth import Principal
from shared.errors import Forbidden
from shared.service.auth import current_principal
from shared.service.dating import NowOf, TodayOf
from shared.service.dating import request_clock as shared_request_clock

_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')

# create_service_app installs the token verifier (built at start-up); the principal comes from it.
Caller = Annotated[Principal, Depends(current_principal)]


def request_clock(ctx: ApiContext) -> tuple[NowOf, TodayOf]:
    """The dependencies giving a request's instant and the city's date at it."""
    return shared_request_clock(ctx.clock, ctx.zone, ctx.settings.allow_date_override)


def require_role(principal: Principal, command: str) -> None:
    """The role check of a command route (the scope checks come with the petition)."""
    if not may_issue(principal, command):
        raise Forbidden(f"role {principal.role} may not {command}", zh="您的角色不能进行这项操作")


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
