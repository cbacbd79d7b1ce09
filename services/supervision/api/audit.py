"""The audit log (审计) over HTTP: a petition's timeline, and one org's or one person's
actions over a period; the same rows as ``sunshine replay``, plus a Chinese ``what``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.supervision.api.context import ApiContext
from services.supervision.application import audit
from shared.auth.roles import Principal, Role
from shared.service.auth import AUTH_RESPONSES, require_roles

Auditor = Annotated[Principal, Depends(require_roles(Role.AUDITOR, Role.INSPECTOR))]
Code = Annotated[str | None, Query(max_length=128)]


def _utc(value: datetime | None) -> datetime | None:
    # As ``sunshine replay``: a time without a zone is UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=AUTH_RESPONSES)

    @router.get(
        "/petitions/{petition_id}",
        summary="A petition's timeline: who did what when, which deadlines were met",
        responses={404: {"description": "no such petition, or not one the caller may see"}},
    )
    def timeline(petition_id: str, principal: Auditor) -> Any:
        return audit.petition_timeline(ctx.engine, ctx.caller(principal), petition_id[:128])

    @router.get(
        "/actions",
        summary="Actions over a period (one org's, one person's), oldest first, a page at a time",
        responses={400: {"description": "a cursor this API did not return"}},
    )
    def actions(
        principal: Auditor,
        org: Code = None,
        user: Code = None,
        since: datetime | None = None,
        until: datetime | None = None,
        cursor: Annotated[str | None, Query(max_length=400)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> Any:
        wanted = audit.ActionFilter(org, user, _utc(since), _utc(until), limit, cursor)
        return audit.actions(ctx.engine, ctx.caller(principal), wanted)

    return router
