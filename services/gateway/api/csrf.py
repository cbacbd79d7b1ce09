"""CSRF guard: a write that carries the session cookie must send ``X-CSRF-Token`` equal to
the ``sunshine_csrf`` cookie (double submit), else 403 before any route runs."""

from __future__ import annotations

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from services.gateway.domain import messages
from services.gateway.domain.csrf import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SESSION_COOKIE,
    needs_token,
    token_matches,
)
from shared.service.problems import problem


def cookies_of(scope: Scope) -> dict[str, str]:
    """The cookies as Starlette reads them for the routes (``request.cookies``): a parser of
    its own could miss the session cookie the routes then find, and skip the check."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            found.update(cookie_parser(value.decode("latin-1")))
    return found


# Signing in reads no session (it replaces it), and its JSON-only body cannot come from a
# cross-site form; so stale cookies (a gateway whose database was reset) never block it.
EXEMPT = frozenset({"/auth/login"})


class CsrfGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") not in EXEMPT:
            cookies = cookies_of(scope)
            if needs_token(scope.get("method", "GET"), SESSION_COOKIE in cookies):
                header = dict(scope.get("headers") or []).get(CSRF_HEADER.encode())
                sent = header.decode("latin-1") if header is not None else None
                if not token_matches(cookies.get(CSRF_COOKIE), sent):
                    response = problem(403, messages.CSRF_REFUSED, title="Forbidden")
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
