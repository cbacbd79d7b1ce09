"""RS256 tokens verified with a public key or a JWKS, as in production. Needs the optional
``cryptography`` package (PyJWT's RSA backend); skipped when it is not installed."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from jwt.algorithms import has_crypto
from jwt.utils import base64url_encode

from shared.auth.roles import Principal, Role
from shared.auth.tokens import (
    AUDIENCE,
    ISSUER,
    TokenError,
    TokenVerifier,
    TokenVerifierUnavailable,
    mint_token,
)
from shared.settings import ServiceSettings

LEADER = Principal(user_id="u-9", role=Role.LEADER, org="320812")


def _claims() -> dict[str, Any]:
    now = int(time.time())
    return {
        "sub": "u-9",
        "role": "admin",
        "org": "320800",
        "iat": now,
        "exp": now + 3600,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }


@pytest.mark.skipif(has_crypto, reason="checks the error when cryptography is missing")
def test_rs256_without_cryptography_fails_at_start_up() -> None:
    with pytest.raises(RuntimeError, match="cryptography"):
        TokenVerifier(algorithm="RS256", jwks_url="https://idp.example/jwks")


needs_crypto = pytest.mark.skipif(
    not has_crypto, reason="RS256 needs the 'cryptography' package, not installed here"
)


@pytest.fixture
def rsa_key() -> Any:
    rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@needs_crypto
def test_rs256_public_key_round_trip(rsa_key: Any) -> None:
    verifier = TokenVerifier(algorithm="RS256", public_key=rsa_key.public_key())
    assert verifier.verify(mint_token(LEADER, rsa_key, algorithm="RS256")) == LEADER
    other = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")
    stranger = other.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(TokenError, match="signature"):
        verifier.verify(mint_token(LEADER, stranger, algorithm="RS256"))


@needs_crypto
def test_rs256_refuses_hs256_signed_with_the_public_key(rsa_key: Any) -> None:
    from cryptography.hazmat.primitives import serialization

    verifier = TokenVerifier(algorithm="RS256", public_key=rsa_key.public_key())
    pem = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # The classic confusion attack: HS256 keyed with the (public) RSA key.
    header = base64url_encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = base64url_encode(json.dumps(_claims()).encode())
    signature = base64url_encode(hmac.new(pem, header + b"." + body, hashlib.sha256).digest())
    forged = b".".join([header, body, signature]).decode()
    with pytest.raises(TokenError):
        verifier.verify(forged)


@needs_crypto
def test_rs256_via_jwks(rsa_key: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    jwk.update({"kid": "k1", "use": "sig", "alg": "RS256"})
    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", lambda self: {"keys": [jwk]})
    settings = ServiceSettings(jwt_algorithm="RS256", jwks_url="https://idp.example/jwks")
    verifier = TokenVerifier.from_settings(settings)
    assert verifier.fetches_keys
    assert verifier.verify(mint_token(LEADER, rsa_key, algorithm="RS256", kid="k1")) == LEADER
    with pytest.raises(TokenError):
        verifier.verify(mint_token(LEADER, rsa_key, algorithm="RS256", kid="unknown"))


@needs_crypto
def test_jwks_unreachable_is_not_the_clients_fault(
    rsa_key: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(self: Any) -> Any:
        raise jwt.PyJWKClientConnectionError("connection refused")

    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", down)
    verifier = TokenVerifier(algorithm="RS256", jwks_url="https://idp.example/jwks")
    with pytest.raises(TokenVerifierUnavailable):
        verifier.verify(mint_token(LEADER, rsa_key, algorithm="RS256", kid="k1"))


def test_rs256_needs_a_key_source() -> None:
    if has_crypto:
        with pytest.raises(ValueError, match="jwks_url"):
            TokenVerifier(algorithm="RS256")
    else:
        with pytest.raises(RuntimeError, match="cryptography"):
            TokenVerifier(algorithm="RS256")
