"""OpenID Connect sign-in: authorization code with PKCE (S256), a state bound to the browser
and a nonce bound to the ID token. Authlib builds the authorization request and the PKCE
challenge; joserfc verifies the ID token against the provider's JWKS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from services.gateway.application.store import OidcRequests
from services.gateway.domain import messages
from services.gateway.domain.claims import NoRole, principal_from_id_token
from services.gateway.domain.errors import BadGateway, Unauthenticated
from shared.auth.roles import Principal
from shared.errors import Forbidden

ID_TOKEN_ALGORITHMS = ("RS256", "ES256", "PS256")
CLOCK_LEEWAY_S = 30


def _utcnow() -> datetime:
    return datetime.now(UTC)


class OidcSignIn:
    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        client_secret: str | None,
        scope: str,
        redirect_uri: str,
        role_claim: str,
        org_claim: str,
        requests: OidcRequests,
        http: httpx.AsyncClient,
        now: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.scope = scope
        self.redirect_uri = redirect_uri
        self.role_claim = role_claim
        self.org_claim = org_claim
        self.requests = requests
        self.http = http
        self.now = now
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            resp = await self.http.get(url)
            resp.raise_for_status()
            body = resp.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise BadGateway(messages.OIDC_PROVIDER_DOWN) from exc
        if not isinstance(body, dict):
            raise BadGateway(messages.OIDC_PROVIDER_DOWN)
        return body

    async def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (fetched once); its issuer must be ours."""
        if self._metadata is None:
            found = await self._get_json(f"{self.issuer}/.well-known/openid-configuration")
            if str(found.get("issuer", "")).rstrip("/") != self.issuer:
                raise BadGateway(messages.OIDC_PROVIDER_DOWN)
            self._metadata = found
        return self._metadata

    async def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            jwks = await self._get_json(str((await self.metadata())["jwks_uri"]))
            self._keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
        return self._keys

    async def start(self) -> tuple[str, str]:
        """(the provider's authorization URL to redirect to, the state to bind the browser)."""
        meta = await self.metadata()
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        self.requests.save(state, verifier, nonce, self.now())
        url = prepare_grant_uri(
            meta["authorization_endpoint"],
            client_id=self.client_id,
            response_type="code",
            redirect_uri=self.redirect_uri,
            scope=self.scope,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(verifier),
            code_challenge_method="S256",
        )
        return url, state

    async def finish(self, code: str, state: str) -> Principal:
        """Exchange the code (with the PKCE verifier) and read who the ID token names."""
        taken = self.requests.take(state, self.now())
        if taken is None or not code:
            raise Unauthenticated(messages.OIDC_FAILED)
        verifier, nonce = taken
        meta = await self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": verifier,
            "client_id": self.client_id,
        }
        # A confidential client authenticates (client_secret_basic); a public one has PKCE.
        auth = httpx.BasicAuth(self.client_id, self._client_secret) if self._client_secret else None
        try:
            resp = await self.http.post(
                str(meta["token_endpoint"]), data=form, auth=auth or httpx.USE_CLIENT_DEFAULT
            )
        except httpx.HTTPError as exc:
            raise BadGateway(messages.OIDC_PROVIDER_DOWN) from exc
        if resp.status_code != 200:
            raise Unauthenticated(messages.OIDC_FAILED)
        try:
            id_token = str(resp.json()["id_token"])
        except (ValueError, KeyError, TypeError):
            raise Unauthenticated(messages.OIDC_FAILED) from None
        claims = await self._verify(id_token, nonce)
        try:
            return principal_from_id_token(
                claims, role_claim=self.role_claim, org_claim=self.org_claim
            )
        except NoRole:
            raise Forbidden(messages.OIDC_NO_ROLE) from None

    async def _verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        registry = jwt.JWTClaimsRegistry(
            now=int(self.now().timestamp()),
            leeway=CLOCK_LEEWAY_S,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.client_id},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        for refresh in (False, True):  # a key we do not know yet: the provider rotated
            try:
                token = jwt.decode(id_token, await self._key_set(refresh), ID_TOKEN_ALGORITHMS)
                registry.validate(token.claims)
                return dict(token.claims)
            except (JoseError, ValueError):
                if refresh:
                    raise Unauthenticated(messages.OIDC_FAILED) from None
        raise Unauthenticated(messages.OIDC_FAILED)  # pragma: no cover - the loop returns
