"""``/auth/...``: staff sign-in, who is signed in, sign-out, and OpenID Connect."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from services.gateway.api.context import ApiContext
from services.gateway.api.session import (
    clear_session_cookies,
    session_of,
    set_session_cookies,
)
from services.gateway.domain import messages
from services.gateway.domain.csrf import SESSION_COOKIE
from services.gateway.domain.errors import NotOffered, Unauthenticated
from shared.service.problems import PROBLEM_JSON, PROBLEM_SCHEMA

OIDC_STATE_COOKIE = "sunshine_oidc_state"
_P: dict[str, Any] = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=256)


class Me(BaseModel):
    username: str
    name: str | None
    role: str
    org: str
    org_name: str


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/auth", tags=["sign-in"])

    @router.post(
        "/login",
        status_code=204,
        summary="Sign in with a username and password (development directory)",
        responses={
            401: {"description": "用户名或密码错误 (never which)", "content": _P},
            404: {"description": "password sign-in is off (production)", "content": _P},
            429: {"description": "too many failures for this user or address", "content": _P},
        },
    )
    async def login(body: Credentials, request: Request) -> Response:
        new = await run_in_threadpool(
            ctx.signin.with_password, body.username, body.password, client_address(request)
        )
        # A session this browser had before ends: one browser, one session.
        await run_in_threadpool(ctx.signin.close, request.cookies.get(SESSION_COOKIE))
        response = Response(status_code=204)
        set_session_cookies(ctx, response, new)
        return response

    @router.get(
        "/me",
        summary="Who is signed in",
        responses={401: {"description": "not signed in", "content": _P}},
    )
    async def me(request: Request) -> Me:
        session = await session_of(ctx, request)
        if session is None:
            raise Unauthenticated(messages.NOT_SIGNED_IN)
        p = session.principal
        tree = ctx.refdata
        org_name = tree.region_name(p.org) if p.org in tree.regions else tree.department_name(p.org)
        return Me(username=p.user_id, name=p.name, role=p.role.value, org=p.org, org_name=org_name)

    @router.post("/logout", status_code=204, summary="Sign out: the session ends, cookies cleared")
    async def logout(request: Request) -> Response:
        session_id = request.cookies.get(SESSION_COOKIE)
        await run_in_threadpool(ctx.signin.close, session_id)
        response = Response(status_code=204)
        clear_session_cookies(ctx, response)
        return response

    @router.get(
        "/oidc/login",
        summary="Sign in through the city's OpenID Connect provider (redirects there)",
        response_class=RedirectResponse,
        status_code=302,
        responses={404: {"description": "OpenID Connect is not configured", "content": _P}},
    )
    async def oidc_login() -> Response:
        if ctx.oidc is None:
            raise NotOffered(messages.OIDC_OFF)
        url, state = await ctx.oidc.start()
        response = RedirectResponse(url, status_code=302)
        # Lax, not Strict: the provider's redirect back is a cross-site navigation.
        response.set_cookie(
            OIDC_STATE_COOKIE, state, max_age=600, path="/auth/oidc",
            httponly=True, samesite="lax", secure=ctx.secure_cookies,
        )  # fmt: skip
        return response

    @router.get(
        "/oidc/callback",
        summary="Where the provider sends the browser back with the code",
        response_class=RedirectResponse,
        status_code=303,
        responses={
            401: {"description": "the sign-in failed or was not ours", "content": _P},
            403: {"description": "the account has no role or org here", "content": _P},
            404: {"description": "OpenID Connect is not configured", "content": _P},
            502: {"description": "the provider could not be reached", "content": _P},
        },
    )
    async def oidc_callback(
        request: Request,
        code: Annotated[str, Query(max_length=2048)] = "",
        state: Annotated[str, Query(max_length=256)] = "",
    ) -> Response:
        if ctx.oidc is None:
            raise NotOffered(messages.OIDC_OFF)
        bound = request.cookies.get(OIDC_STATE_COOKIE, "")
        if not state or not hmac.compare_digest(bound.encode(), state.encode()):
            raise Unauthenticated(messages.OIDC_FAILED)
        principal = await ctx.oidc.finish(code, state)
        new = await run_in_threadpool(ctx.signin.open, principal)
        response = RedirectResponse("/", status_code=303)
        set_session_cookies(ctx, response, new)
        response.delete_cookie(OIDC_STATE_COOKIE, path="/auth/oidc")
        return response

    return router
