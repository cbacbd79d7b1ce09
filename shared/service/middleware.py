"""Pure ASGI middleware of every service: request context and metrics, the last-resort 500,
and the body size limit. Pure ASGI (not ``BaseHTTPMiddleware``) so streaming and
cancellation behave and the order is explicit:

    RequestContext (correlation id, latency histogram, one log line)
      -> Unhandled (any exception -> 500 problem, logged without the request body)
        -> BodyLimit (413 problem)
          -> PrintableUrl (422 problem for control characters in the path or query)
            -> FastAPI (HTTPException / validation -> problem handlers)
"""

from __future__ import annotations

import json
import time
import uuid
import weakref
from collections.abc import Mapping
from urllib.parse import parse_qsl

from prometheus_client import CollectorRegistry, Histogram
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.schemas.fields import LINE_CONTROL
from shared.service.logging import bound, get_logger
from shared.service.problems import PROBLEM_JSON

log = get_logger("shared.service.http")

CORRELATION_HEADER = "x-correlation-id"
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_histograms: weakref.WeakKeyDictionary[CollectorRegistry, Histogram] = weakref.WeakKeyDictionary()


def http_histogram(registry: CollectorRegistry) -> Histogram:
    """``http_request_duration_seconds``, once per registry (tests build many apps)."""
    hist = _histograms.get(registry)
    if hist is None:
        hist = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route template and status.",
            ["method", "route", "status"],
            buckets=_BUCKETS,
            registry=registry,
        )
        _histograms[registry] = hist
    return hist


def _route_template(scope: Scope) -> str:
    # FastAPI puts the matched route in the scope; its path is the template (/petitions/{id}),
    # never the concrete path, which keeps label cardinality bounded.
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


async def _send_problem(
    send: Send, status: int, title: str, detail: str, **extensions: object
) -> None:
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail} | extensions
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestContext:
    """Binds a correlation id (taken from ``X-Correlation-ID`` or new) to the request's logs,
    echoes it back, observes the latency histogram and logs one line per request."""

    def __init__(self, app: ASGIApp, registry: CollectorRegistry) -> None:
        self.app = app
        self.histogram = http_histogram(registry)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(CORRELATION_HEADER.encode(), b"")
        correlation_id = incoming.decode("latin-1")[:128] or uuid.uuid4().hex
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((CORRELATION_HEADER.encode(), correlation_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        start = time.perf_counter()
        with bound(correlation_id=correlation_id):
            try:
                await self.app(scope, receive, send_wrapper)
            finally:
                elapsed = time.perf_counter() - start
                route = _route_template(scope)
                method = scope.get("method", "")
                self.histogram.labels(method, route, str(status)).observe(elapsed)
                if route not in ("/healthz", "/readyz", "/metrics"):
                    log.info(
                        "http request",
                        method=method,
                        route=route,
                        status=status,
                        duration_ms=round(elapsed * 1000, 2),
                    )


class Unhandled:
    """Any exception that escaped the handlers becomes a 500 problem. The log line has the
    exception and the route, never the request body (it may hold personal data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception:
            log.exception(
                "unhandled error", method=scope.get("method"), route=_route_template(scope)
            )
            if not started:
                await _send_problem(
                    send, 500, "Internal Server Error", "an unexpected error occurred"
                )


def _control_characters_in(scope: Scope) -> list[dict[str, str]]:
    """The parts of the URL that hold a control character, as problem ``errors``."""
    where = ["path"] if LINE_CONTROL.search(scope.get("path", "")) else []
    # Decoded as Starlette decodes it for the routes.
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    for name, value in query:
        if LINE_CONTROL.search(name) or LINE_CONTROL.search(value):
            where.append("query." + LINE_CONTROL.sub("?", name))
    message = "must not contain control characters"
    return [{"field": f, "message": message, "type": "value_error"} for f in where]


class PrintableUrl:
    """Refuses a path or query with control characters: 422 naming the part. No route takes
    them, and a lookup or a log line should never see them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        errors = _control_characters_in(scope) if scope["type"] == "http" else []
        if errors:
            detail = "the request is not valid; see errors"
            await _send_problem(send, 422, "Unprocessable Content", detail, errors=errors)
            return
        await self.app(scope, receive, send)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body exceeds the limit of {limit} bytes")


class BodyLimit:
    """Refuses bodies over ``max_bytes`` with 413: at once when Content-Length says so, and
    while streaming when it does not (chunked uploads). ``overrides``: paths with a limit of
    their own (an upload route)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, overrides: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = dict(overrides or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.overrides.get(scope.get("path", ""), self.max_bytes)
        headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                await _send_problem(send, 400, "Bad Request", "Content-Length is not a number")
                return
            if too_large:
                exc = BodyTooLarge(limit)
                await _send_problem(send, 413, "Content Too Large", str(exc.detail))
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI re-raises an HTTPException raised while reading the body, so the
                    # problem handler answers it like any other 4xx.
                    raise BodyTooLarge(limit)
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, send_wrapper)
        except BodyTooLarge as exc:
            if started:
                raise
            await _send_problem(send, 413, "Content Too Large", str(exc.detail))
