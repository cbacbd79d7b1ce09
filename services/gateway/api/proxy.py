"""``/api/<service>/<rest>``: to the service's ``/api/<rest>`` with the session's token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from services.gateway.api.auth import client_address
from services.gateway.api.context import ApiContext
from services.gateway.api.session import session_of
from services.gateway.domain import messages
from shared.errors import NotFound
from shared.service.problems import PROBLEM_JSON, PROBLEM_SCHEMA

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_P: dict[str, Any] = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}


def _rest_of(request: Request, service: str) -> str:
    """The path after ``/api/<service>/`` as the client sent it (still percent-encoded, so
    an encoded slash stays inside its segment); no ``.`` or ``..`` segments."""
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("latin-1").split("?", 1)[0]
    prefix = f"/api/{service}/"
    rest = path[len(prefix) :] if path.startswith(prefix) else ""
    if any(unquote(segment) in (".", "..") for segment in rest.split("/")):
        raise NotFound(messages.NOT_FOUND)
    return rest


def _has_body(request: Request) -> bool:
    headers = request.headers
    return "content-length" in headers or "transfer-encoding" in headers


def make_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(tags=["proxy"])

    async def forward(service: str, rest: str, request: Request) -> Response:
        ctx.proxy.target(service, "")  # 404 for an unknown service before anything else
        session = await session_of(ctx, request)
        body: AsyncIterator[bytes] | None = request.stream() if _has_body(request) else None
        upstream = await ctx.proxy.forward(
            service=service,
            rest=_rest_of(request, service),
            method=request.method,
            query=request.scope.get("query_string", b""),
            headers=request.headers.items(),
            body=body,
            client_address=client_address(request),
            bearer=session.token if session else None,
            correlation_id=structlog.contextvars.get_contextvars().get("correlation_id"),
        )
        response = StreamingResponse(
            upstream.body(),
            status_code=upstream.status,
            background=BackgroundTask(upstream.response.aclose),
        )
        response.raw_headers = [
            (k.encode("latin-1"), v.encode("latin-1")) for k, v in upstream.headers
        ]
        return response

    # One route per method: one operation id each in the OpenAPI document.
    for method in METHODS:
        router.add_api_route(
            "/api/{service}/{rest:path}",
            forward,
            methods=[method],
            operation_id=f"proxy_{method.lower()}",
            summary="Carried to the service's /api/<rest> (intake, routing, supervision, "
            "index, feedback), with the signed-in session's bearer token",
            responses={
                404: {"description": "no such service", "content": _P},
                502: {"description": "the service could not be reached", "content": _P},
                504: {"description": "the service did not answer in time", "content": _P},
            },
        )
    return router
