"""The signed-in session of a request, and the cookies that carry it."""

from __future__ import annotations

import hmac

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from services.gateway.api.context import ApiContext
from services.gateway.application.signin import NewSession
from services.gateway.application.store import Session
from services.gateway.domain.csrf import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, WRITES


async def session_of(ctx: ApiContext, request: Request) -> Session | None:
    """The request's live session, if any. A write must send the session's own CSRF token
    in ``X-CSRF-Token``: the header, which only the page's script can set, not the cookie the
    browser sends by itself (the guard checked the header echoes the cookie)."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    session = await run_in_threadpool(ctx.signin.current, session_id)
    if session is None:
        return None
    if request.method in WRITES:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
            return None
    return session


def set_session_cookies(ctx: ApiContext, response: Response, new: NewSession) -> None:
    common = {"max_age": new.max_age_s, "path": "/", "secure": ctx.secure_cookies}
    response.set_cookie(SESSION_COOKIE, new.session_id, httponly=True, samesite="strict", **common)  # type: ignore[arg-type]
    # Read by the page's script, which echoes it in X-CSRF-Token.
    response.set_cookie(CSRF_COOKIE, new.csrf, httponly=False, samesite="strict", **common)  # type: ignore[arg-type]


def clear_session_cookies(ctx: ApiContext, response: Response) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(
            name,
            path="/",
            secure=ctx.secure_cookies,
            httponly=name == SESSION_COOKIE,
            samesite="strict",
        )
