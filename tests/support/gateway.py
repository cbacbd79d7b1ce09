"""A gateway under test: its own database, a web folder, a fake upstream service that echoes
what reached it, and (optionally) a fake OpenID Connect provider."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import RSAKey

from services.gateway.main import build_parts
from services.gateway.settings import Settings
from shared.service.app import create_service_app

PASSWORD = "sunshine-dev"  # the development directory's password (README)
ISSUER = "https://id.city.example"
CLIENT_ID = "sunshine-gateway"


def echo_service() -> FastAPI:
    """Answers every request with what it received: method, raw path, query, headers, body."""
    app = FastAPI()

    @app.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(rest: str, request: Request) -> Response:
        if rest.endswith("teapot"):
            return Response(b"short and stout", status_code=418, media_type="text/plain")
        body = await request.body()
        seen = {
            "method": request.method,
            "host": request.headers.get("host"),
            "raw_path": request.scope["raw_path"].decode(),
            "query": request.scope["query_string"].decode(),
            "headers": dict(request.headers.items()),
            "body": body.decode("utf-8", "replace"),
        }
        return JSONResponse(seen, headers={"set-cookie": "upstream=1", "x-upstream": "yes"})

    return app


@dataclass
class FakeProvider:
    """An OpenID Connect provider: discovery, JWKS and a token endpoint that checks PKCE."""

    claims: dict[str, Any] = field(
        default_factory=lambda: {"role": "leader", "org": "320831", "name": "统一认证用户"}
    )
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    # code -> (code_challenge, nonce), filled by ``authorize``
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    nonce_override: str | None = None

    def authorize(self, location: str, code: str = "the-code") -> dict[str, str]:
        """What the browser's visit to the authorization URL does: the provider remembers
        the challenge and the nonce for the code it hands back."""
        query = {k: v[0] for k, v in parse_qs(httpx.URL(location).query.decode()).items()}
        self.codes[code] = (query["code_challenge"], query["nonce"])
        return query

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "oidc-user-1",
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce_override or nonce,
            **self.claims,
        }
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/.well-known/openid-configuration":
            return httpx.Response(
                200,
                json={
                    "issuer": ISSUER,
                    "authorization_endpoint": f"{ISSUER}/authorize",
                    "token_endpoint": f"{ISSUER}/token",
                    "jwks_uri": f"{ISSUER}/jwks",
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        if path == "/jwks":
            return httpx.Response(200, json={"keys": [self.key.as_dict(private=False)]})
        if path == "/token" and request.method == "POST":
            form = parse_qs(request.content.decode())
            self.token_requests.append(form)
            code = form.get("code", [""])[0]
            verifier = form.get("code_verifier", [""])[0]
            if code not in self.codes:
                return httpx.Response(400, json={"error": "invalid_grant"})
            challenge, nonce = self.codes.pop(code)
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
                return httpx.Response(400, json={"error": "invalid_grant"})
            return httpx.Response(
                200,
                json={
                    "access_token": "at",
                    "token_type": "Bearer",
                    "id_token": self.id_token(nonce),
                },
            )
        return httpx.Response(404)


def gateway_settings(tmp_path: Path, **overrides: Any) -> Settings:
    web = tmp_path / "web"
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path / 'gateway.sqlite3'}",
        "web_dir": web,
        "environment": "development",
    }
    values.update(overrides)
    return Settings(**values)


@contextmanager
def gateway_client(
    settings: Settings,
    *,
    upstream: FastAPI | None = None,
    provider: FakeProvider | None = None,
    client: str = "testclient",
    network: bool = False,
) -> Iterator[TestClient]:
    """``network``: reach the services over the network, not the fake one."""
    parts = build_parts(
        settings,
        upstream_transport=None if network else httpx.ASGITransport(upstream or echo_service()),
        oidc_transport=httpx.MockTransport(provider.handler) if provider else None,
    )
    app = create_service_app(parts)
    with TestClient(app, client=(client, 50000), follow_redirects=False) as test_client:
        yield test_client


def sign_in(client: TestClient, username: str = "handler.county") -> httpx.Response:
    return client.post("/auth/login", json={"username": username, "password": PASSWORD})


def csrf(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies.get("sunshine_csrf") or ""}
