"""OAuth2 bearer JWTs: minted for development and tests, verified by every service.

Locally tokens are HS256 with the shared secret (``<PREFIX>_JWT_SECRET``); in production they
are RS256 from the identity provider, verified against its JWKS (``<PREFIX>_JWKS_URL``).

Claims: ``sub`` (user id), ``role``, ``org``, optional ``name``, ``iat``, ``exp``,
``iss`` and ``aud`` (both ``sunshine-petition``). All but ``name`` are required; the expiry is
enforced, and so is a cap on the lifetime (``exp - iat``, at most ``MAX_TTL`` unless configured):
a token that would stay valid longer is refused whoever signed it. A role outside ``Role`` is
refused. Only the configured algorithm is accepted (no
``none``, no HS/RS confusion).

Errors are ``TokenError`` with a short reason safe to show a client; neither the token nor
its claims ever appear in a message or a log line.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import jwt
from jwt.algorithms import has_crypto
from pydantic import ValidationError

from shared.auth.roles import Principal, Role, valid_roles
from shared.settings import ServiceSettings

ISSUER = "sunshine-petition"
AUDIENCE = "sunshine-petition"
DEFAULT_TTL = timedelta(hours=8)
MAX_TTL = timedelta(days=30)
# Clock skew allowed between the identity provider and the services.
DEFAULT_LEEWAY = timedelta(seconds=30)
# RFC 7518 §3.2: an HS256 key at least as long as the hash.
MIN_HMAC_SECRET_BYTES = 32
REQUIRED_CLAIMS = ("sub", "role", "org", "iat", "exp", "iss", "aud")

Algorithm = Literal["HS256", "RS256"]


class TokenError(Exception):
    """The bearer token is not acceptable; ``str(err)`` is a reason fit for a 401 body."""


class TokenExpired(TokenError):
    pass


class TokenVerifierUnavailable(Exception):
    """The verifier could not get the keys it needs (JWKS unreachable): a 503, not a 401."""


def _check_secret(secret: str | bytes) -> bytes:
    key = secret.encode() if isinstance(secret, str) else secret
    if len(key) < MIN_HMAC_SECRET_BYTES:
        raise ValueError(f"the JWT secret must be at least {MIN_HMAC_SECRET_BYTES} bytes long")
    return key


def _require_crypto() -> None:
    if not has_crypto:
        raise RuntimeError("RS256 needs the 'cryptography' package, which is not installed")


def mint_token(
    principal: Principal,
    key: str | bytes | Any,
    *,
    algorithm: Algorithm = "HS256",
    ttl: timedelta = DEFAULT_TTL,
    now: datetime | None = None,
    kid: str | None = None,
    extra_claims: Mapping[str, Any] | None = None,
) -> str:
    """A signed token for ``principal``. ``key``: the HS256 secret, or an RS256 private key
    (PEM or a ``cryptography`` key object). ``extra_claims`` may not override the standard
    ones (tests use it to forge bad tokens via ``mint_claims``)."""
    if ttl <= timedelta(0) or ttl > MAX_TTL:
        raise ValueError(f"ttl must be positive and at most {MAX_TTL.days} days")
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    claims: dict[str, Any] = dict(extra_claims or {})
    claims.update(
        {
            "sub": principal.user_id,
            "role": principal.role.value,
            "org": principal.org,
            "iat": issued,
            "exp": issued + ttl,
            "iss": ISSUER,
            "aud": AUDIENCE,
        }
    )
    if principal.name is not None:
        claims["name"] = principal.name
    return mint_claims(claims, key, algorithm=algorithm, kid=kid)


def mint_claims(
    claims: Mapping[str, Any],
    key: str | bytes | Any,
    *,
    algorithm: Algorithm = "HS256",
    kid: str | None = None,
) -> str:
    """Sign arbitrary claims as they are (tests, tools). Prefer ``mint_token``."""
    if algorithm == "HS256":
        key = _check_secret(key)
    else:
        _require_crypto()
    headers = {"kid": kid} if kid else None
    return jwt.encode(dict(claims), key, algorithm=algorithm, headers=headers)


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """The principal a verified token's claims describe; ``TokenError`` if they don't."""
    role = claims.get("role")
    if not isinstance(role, str) or role not in set(valid_roles()):
        raise TokenError(f"unknown role; valid roles: {', '.join(valid_roles())}")
    name = claims.get("name")
    try:
        return Principal(
            user_id=claims.get("sub"),
            name=name if isinstance(name, str) and name else None,
            role=Role(role),
            org=claims.get("org"),
        )
    except ValidationError as exc:
        fields = sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")})
        claim = {"user_id": "sub"}
        bad = ", ".join(claim.get(f, f) for f in fields) or "claims"
        raise TokenError(f"invalid claims: {bad}") from None


class TokenVerifier:
    """Verifies bearer tokens for one service; built once at start-up.

    - ``HS256``: ``secret`` (at least 32 bytes).
    - ``RS256``: ``jwks_url`` (keys fetched and cached by ``PyJWKClient``, picked by the
      token's ``kid``), or a fixed ``public_key`` (tests, or an IdP without JWKS).
    """

    def __init__(
        self,
        *,
        algorithm: Algorithm = "HS256",
        secret: str | bytes | None = None,
        jwks_url: str | None = None,
        public_key: Any = None,
        leeway: timedelta = DEFAULT_LEEWAY,
        max_lifetime: timedelta = MAX_TTL,
        jwks_cache_s: float = 300.0,
        jwks_timeout_s: float = 5.0,
    ) -> None:
        self.algorithm: Algorithm = algorithm
        self.leeway = leeway
        self.max_lifetime = max_lifetime
        self._key: Any = None
        self._jwks: jwt.PyJWKClient | None = None
        if algorithm == "HS256":
            if secret is None:
                raise ValueError("HS256 needs a secret")
            self._key = _check_secret(secret)
        elif algorithm == "RS256":
            _require_crypto()
            if public_key is not None:
                self._key = public_key
            elif jwks_url:
                self._jwks = jwt.PyJWKClient(
                    jwks_url, cache_keys=True, lifespan=jwks_cache_s, timeout=jwks_timeout_s
                )
            else:
                raise ValueError("RS256 needs a jwks_url (or a public key)")
        else:  # pragma: no cover - guarded by the Literal type
            raise ValueError(f"unsupported JWT algorithm {algorithm!r}")

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        cap = timedelta(days=settings.jwt_max_ttl_days)
        if settings.jwt_algorithm == "RS256":
            return cls(algorithm="RS256", jwks_url=settings.jwks_url, max_lifetime=cap)
        secret = settings.jwt_secret.get_secret_value()
        return cls(algorithm="HS256", secret=secret, max_lifetime=cap)

    @property
    def fetches_keys(self) -> bool:
        """True when ``verify`` may do network I/O (JWKS): call it off the event loop."""
        return self._jwks is not None

    def _signing_key(self, token: str) -> Any:
        if self._jwks is None:
            return self._key
        try:
            return self._jwks.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientConnectionError as exc:
            raise TokenVerifierUnavailable("the signing keys could not be fetched") from exc
        except jwt.PyJWKClientError:
            raise TokenError("no signing key matches the token") from None
        except jwt.PyJWTError:
            raise TokenError("malformed token") from None

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; ``TokenError`` otherwise."""
        if not token:
            raise TokenError("missing token")
        key = self._signing_key(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[self.algorithm],
                audience=AUDIENCE,
                issuer=ISSUER,
                leeway=self.leeway,
                options={
                    "require": list(REQUIRED_CLAIMS),
                    "verify_signature": True,
                    "verify_exp": True,
                    "verify_iat": True,
                    "verify_aud": True,
                    "verify_iss": True,
                },
            )
        except jwt.ExpiredSignatureError:
            raise TokenExpired("token expired") from None
        except jwt.MissingRequiredClaimError as exc:
            raise TokenError(f"token lacks the {exc.claim!r} claim") from None
        except (jwt.InvalidAudienceError, jwt.InvalidIssuerError):
            raise TokenError("token is not for this system") from None
        except jwt.InvalidSignatureError:
            raise TokenError("bad signature") from None
        except jwt.InvalidAlgorithmError:
            raise TokenError("token algorithm not accepted") from None
        except jwt.PyJWTError:
            raise TokenError("malformed token") from None
        self._check_lifetime(claims)
        return principal_from_claims(claims)

    def _check_lifetime(self, claims: Mapping[str, Any]) -> None:
        # PyJWT has read both as integers (int(), as here: no float overflow on a huge exp).
        # A leaked long-lived token is refused even when the key that signed it is good.
        lifetime_s = int(claims["exp"]) - int(claims["iat"])
        if lifetime_s > (self.max_lifetime + self.leeway).total_seconds():
            raise TokenError(f"token lifetime exceeds {_span(self.max_lifetime)}")


def _span(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours / 24:g} days" if hours >= 24 else f"{hours:g} hours"
