"""``GET /auth/users``: the development directory's users, for the admin pages, the
petition office's pickers and the auditor's names of people; for the signed-in session only
(the cookie, like ``/auth/me``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from services.gateway.api.context import ApiContext
from services.gateway.api.session import session_of
from services.gateway.application.users import list_users
from services.gateway.domain import messages
from services.gateway.domain.errors import Unauthenticated
from shared.auth.roles import Role
from shared.service.problems import PROBLEM_JSON, PROBLEM_SCHEMA

_P: dict[str, Any] = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}


class User(BaseModel):
    username: str
    name: str
    role: str
    org: str
    org_name: str


class Users(BaseModel):
    items: list[User]


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/auth", tags=["sign-in"])

    @router.get(
        "/users",
        summary="Users of the development directory the caller may list (no hashes)",
        responses={
            401: {"description": "not signed in", "content": _P},
            403: {
                "description": "not an admin, a petition office or an auditor, or not that role",
                "content": _P,
            },
            404: {"description": "no development directory (OpenID Connect)", "content": _P},
        },
    )
    async def users(request: Request, role: Role | None = None) -> Users:
        session = await session_of(ctx, request)
        if session is None:
            raise Unauthenticated(messages.NOT_SIGNED_IN)
        found = list_users(ctx.signin.directory, ctx.refdata, session.principal, role)
        return Users(items=[User(**u.__dict__) for u in found])

    return router
