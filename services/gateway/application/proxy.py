"""Carry ``/api/<service>/<rest>`` to the service's ``/api/<rest>``: method, query, body and
content type as they came; the browser's cookies never; the session's bearer token added; the
client's address as ``X-Forwarded-For``. Bodies stream both ways."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping

import httpx

from services.gateway.domain import messages
from services.gateway.domain.errors import BadGateway, GatewayTimeout
from shared.errors import NotFound

# RFC 9110 §7.6.1 hop-by-hop headers, plus what the gateway sets itself.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
NOT_FORWARDED = HOP_BY_HOP | {
    "host",
    "cookie",
    "x-csrf-token",
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
    "x-correlation-id",  # the gateway's own goes instead (one id from the page to the log)
}
# The gateway's own server, date and correlation id go out instead of the service's.
NOT_RETURNED = HOP_BY_HOP | {"set-cookie", "server", "date", "x-correlation-id"}


class Upstream:
    """The upstream of one response: status, headers, and the body to stream."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status = response.status_code
        self.headers = [
            (k, v) for k, v in response.headers.multi_items() if k.lower() not in NOT_RETURNED
        ]

    async def body(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.response.aiter_raw():
                yield chunk
        finally:
            await self.response.aclose()


class Proxy:
    def __init__(self, urls: Mapping[str, str], http: httpx.AsyncClient) -> None:
        self.urls = dict(urls)
        self.http = http

    def target(self, service: str, rest: str) -> str:
        base = self.urls.get(service)
        if base is None:
            raise NotFound(messages.NO_SUCH_SERVICE)
        return f"{base}/api/{rest}"

    async def forward(
        self,
        *,
        service: str,
        rest: str,
        method: str,
        query: bytes,
        headers: Iterable[tuple[str, str]],
        body: AsyncIterator[bytes] | None,
        client_address: str,
        bearer: str | None,
        correlation_id: str | None = None,
    ) -> Upstream:
        url = self.target(service, rest)
        out = [(k, v) for k, v in headers if k.lower() not in NOT_FORWARDED]
        if bearer is not None:
            out = [(k, v) for k, v in out if k.lower() != "authorization"]
            out.append(("authorization", f"Bearer {bearer}"))
        out.append(("x-forwarded-for", client_address))
        if correlation_id:
            out.append(("x-correlation-id", correlation_id))
        request = self.http.build_request(
            method,
            httpx.URL(url, query=query),
            headers=out,
            content=body,
        )
        try:
            response = await self.http.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise GatewayTimeout(messages.UPSTREAM_SLOW) from exc
        except httpx.HTTPError as exc:
            raise BadGateway(messages.UPSTREAM_DOWN) from exc
        return Upstream(response)
