"""CSRF by double submit: a cookie-authenticated write must echo the CSRF cookie in a header."""

from __future__ import annotations

import hmac

SESSION_COOKIE = "sunshine_session"
CSRF_COOKIE = "sunshine_csrf"
CSRF_HEADER = "x-csrf-token"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def needs_token(method: str, has_session_cookie: bool) -> bool:
    return method.upper() in WRITES and has_session_cookie


def token_matches(cookie: str | None, header: str | None) -> bool:
    if not cookie or not header:
        return False
    return hmac.compare_digest(cookie.encode(), header.encode())
