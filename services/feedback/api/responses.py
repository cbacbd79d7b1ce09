"""What every feedback router declares, so the OpenAPI says what the routes answer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from shared.service.auth import AUTH_RESPONSES

# What a route that can be refused in the current state declares (a ``Refused``'s 409).
REFUSED: dict[int | str, dict[str, Any]] = {409: {"description": "refused in the current state"}}


def area_router() -> APIRouter:
    """One area's router: the service's prefix, tag and auth answers."""
    return APIRouter(prefix="/api/v1", tags=["feedback"], responses=AUTH_RESPONSES)
