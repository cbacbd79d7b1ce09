"""FastAPI dependencies: who is calling (``current_principal``) and may they (``require_roles``).

A service installs the verifier once, when it builds its app::

    app = create_service_app(parts)
    install_auth(app, settings)

and its routes depend on the principal::

    router = APIRouter(responses=AUTH_RESPONSES)

    @router.post("/api/v1/petitions/{id}/accept")
    async def accept(
        id: str,
        principal: Annotated[Principal, Depends(require_roles(Role.HANDLER, Role.PETITION_OFFICE))],
    ) -> ...:
        ...  # then the scope rules of shared.auth.scope on the petition itself

Failures are ``HTTPException``s that ``shared.service.problems`` renders as RFC 9457 problem
bodies: 401 with ``WWW-Authenticate: Bearer`` for a missing or invalid token, 403 for a role
that may not, 503 when the JWKS cannot be fetched. Tokens are never logged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from shared.auth.roles import Principal, Role
from shared.auth.tokens import (
    TokenError,
    TokenVerifier,
    TokenVerifierUnavailable,
)
from shared.service.problems import PROBLEM_JSON, PROBLEM_SCHEMA
from shared.settings import ServiceSettings

REALM = "sunshine-petition"

_bearer = HTTPBearer(
    bearerFormat="JWT",
    scheme_name="bearer",
    description="`Authorization: Bearer <JWT>`; `sunshine token --role ROLE --org ORG` "
    "mints a development token.",
    auto_error=False,
)

_PROBLEM_SCHEMA: dict[str, Any] = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}

# For ``APIRouter(responses=AUTH_RESPONSES)``: documents the auth failures in OpenAPI.
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing, invalid or expired bearer token", "content": _PROBLEM_SCHEMA},
    403: {"description": "the caller's role or org may not do this", "content": _PROBLEM_SCHEMA},
    503: {"description": "the signing keys could not be fetched", "content": _PROBLEM_SCHEMA},
}


def install_auth(
    app: FastAPI, settings: ServiceSettings, *, verifier: TokenVerifier | None = None
) -> TokenVerifier:
    """Configure token verification for ``app`` (``app.state.token_verifier``). Fails now,
    at start-up, on a bad configuration (short secret, RS256 without JWKS URL...)."""
    verifier = verifier or TokenVerifier.from_settings(settings)
    app.state.token_verifier = verifier
    return verifier


def _unauthorized(detail: str, error: str | None = None) -> HTTPException:
    challenge = f'Bearer realm="{REALM}"'
    if error is not None:  # RFC 6750 §3
        description = detail.replace("\\", "").replace('"', "'")
        challenge += f', error="{error}", error_description="{description}"'
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": challenge})


def forbidden(detail: str) -> HTTPException:
    """A 403 problem; for scope checks a route makes itself (``shared.auth.scope``)."""
    return HTTPException(403, detail=detail)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, from ``Authorization: Bearer <token>``; 401 problem if absent or invalid."""
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise RuntimeError("token verification is not configured: call install_auth(app, ...)")
    if credentials is None or not credentials.credentials:
        raise _unauthorized("a bearer token is required")
    token = credentials.credentials
    try:
        if verifier.fetches_keys:
            return await run_in_threadpool(verifier.verify, token)
        return verifier.verify(token)
    except TokenError as exc:
        raise _unauthorized(str(exc), "invalid_token") from None
    except TokenVerifierUnavailable as exc:
        raise HTTPException(503, detail=str(exc), headers={"Retry-After": "5"}) from None


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role | str) -> Callable[..., Awaitable[Principal]]:
    """A dependency returning the caller if its role is one of ``roles`` (``admin`` always
    is); 403 problem otherwise, 401 without a valid token."""
    if not roles:
        raise ValueError("require_roles needs at least one role")
    allowed = frozenset(Role(r) for r in roles) | {Role.ADMIN}
    names = ", ".join(sorted(r.value for r in allowed))

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise forbidden(f"role {principal.role.value!r} may not do this; needs one of: {names}")
        return principal

    return dependency
