"""Bearer tokens: mint/verify round trip and every way a token is refused."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from shared.auth.roles import Principal, Role
from shared.auth.tokens import (
    AUDIENCE,
    ISSUER,
    TokenError,
    TokenExpired,
    TokenVerifier,
    mint_claims,
    mint_token,
    principal_from_claims,
)
from shared.settings import DEV_JWT_SECRET, ServiceSettings

SECRET = "test-secret-0123456789abcdef-0123456789"
OTHER_SECRET = "another-secret-0123456789abcdef-0123456"
HANDLER = Principal(user_id="u-1", name="张三", role=Role.HANDLER, org="320812-ZJJ")


def claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base: dict[str, Any] = {
        "sub": "u-1",
        "role": "handler",
        "org": "320812-ZJJ",
        "iat": now,
        "exp": now + timedelta(hours=1),
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(secret=SECRET)


def test_round_trip(verifier: TokenVerifier) -> None:
    token = mint_token(HANDLER, SECRET)
    assert verifier.verify(token) == HANDLER
    assert HANDLER.actor().model_dump() == {
        "user_id": "u-1",
        "role": "handler",
        "org": "320812-ZJJ",
    }


def test_claims_carried(verifier: TokenVerifier) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    token = mint_token(HANDLER, SECRET, ttl=timedelta(minutes=30), now=now)
    body = jwt.decode(token, options={"verify_signature": False})
    assert body == {
        "sub": "u-1",
        "role": "handler",
        "org": "320812-ZJJ",
        "name": "张三",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=30)).timestamp()),
        "iss": "sunshine-petition",
        "aud": "sunshine-petition",
    }
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_name_is_optional(verifier: TokenVerifier) -> None:
    p = Principal(user_id="u-2", role=Role.ADMIN, org="320800")
    assert verifier.verify(mint_token(p, SECRET)).name is None


def test_name_stays_out_of_repr() -> None:
    assert "张三" not in repr(HANDLER)


def test_expired(verifier: TokenVerifier) -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    token = mint_token(HANDLER, SECRET, ttl=timedelta(hours=1), now=past)
    with pytest.raises(TokenExpired, match="expired"):
        verifier.verify(token)


def test_expiry_leeway_is_small(verifier: TokenVerifier) -> None:
    token = mint_claims(claims(exp=datetime.now(UTC) - timedelta(seconds=10)), SECRET)
    assert verifier.verify(token).user_id == "u-1"  # within the 30 s clock-skew allowance
    token = mint_claims(claims(exp=datetime.now(UTC) - timedelta(seconds=120)), SECRET)
    with pytest.raises(TokenExpired):
        verifier.verify(token)


def test_wrong_signature(verifier: TokenVerifier) -> None:
    with pytest.raises(TokenError, match="signature"):
        verifier.verify(mint_token(HANDLER, OTHER_SECRET))


def test_tampered_payload(verifier: TokenVerifier) -> None:
    token = mint_token(HANDLER, SECRET)
    forged = mint_claims(claims(role="admin"), OTHER_SECRET)
    header, _, signature = token.split(".")
    with pytest.raises(TokenError):
        verifier.verify(f"{header}.{forged.split('.')[1]}.{signature}")


@pytest.mark.parametrize(
    ("field", "value"),
    [("aud", "some-other-system"), ("aud", ["x", "y"]), ("iss", "someone-else")],
)
def test_wrong_audience_or_issuer(verifier: TokenVerifier, field: str, value: Any) -> None:
    with pytest.raises(TokenError, match="not for this system"):
        verifier.verify(mint_claims(claims(**{field: value}), SECRET))


def test_audience_list_containing_ours_is_accepted(verifier: TokenVerifier) -> None:
    token = mint_claims(claims(aud=["other", AUDIENCE]), SECRET)
    assert verifier.verify(token).role is Role.HANDLER


def test_unknown_role(verifier: TokenVerifier) -> None:
    with pytest.raises(TokenError, match="unknown role") as err:
        verifier.verify(mint_claims(claims(role="superuser"), SECRET))
    assert "petition_office" in str(err.value)  # lists the valid ones


@pytest.mark.parametrize("missing", ["sub", "role", "org", "iat", "exp", "iss", "aud"])
def test_required_claims(verifier: TokenVerifier, missing: str) -> None:
    token = mint_claims(claims(**{missing: None}), SECRET)
    with pytest.raises(TokenError):
        verifier.verify(token)


@pytest.mark.parametrize(("field", "value"), [("sub", ""), ("org", ""), ("org", "x" * 65)])
def test_bad_claim_values(verifier: TokenVerifier, field: str, value: str) -> None:
    with pytest.raises(TokenError, match=f"invalid claims: {field}"):
        verifier.verify(mint_claims(claims(**{field: value}), SECRET))


def test_issued_in_the_future(verifier: TokenVerifier) -> None:
    token = mint_claims(claims(iat=datetime.now(UTC) + timedelta(hours=1)), SECRET)
    with pytest.raises(TokenError):
        verifier.verify(token)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "Bearer x.y.z"])
def test_malformed(verifier: TokenVerifier, garbage: str) -> None:
    with pytest.raises(TokenError):
        verifier.verify(garbage)


def test_other_algorithms_refused(verifier: TokenVerifier) -> None:
    hs512 = jwt.encode(claims(), SECRET * 2, algorithm="HS512")
    with pytest.raises(TokenError, match="algorithm"):
        TokenVerifier(secret=SECRET * 2).verify(hs512)
    unsigned = jwt.encode(claims(), None, algorithm="none")
    with pytest.raises(TokenError):
        verifier.verify(unsigned)


def test_errors_do_not_echo_the_token(verifier: TokenVerifier) -> None:
    token = mint_token(HANDLER, OTHER_SECRET)
    with pytest.raises(TokenError) as err:
        verifier.verify(token)
    assert token not in str(err.value)
    assert "320812-ZJJ" not in str(err.value)


def test_short_secret_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        TokenVerifier(secret="short")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        mint_token(HANDLER, "short")


def test_ttl_bounds() -> None:
    with pytest.raises(ValueError):
        mint_token(HANDLER, SECRET, ttl=timedelta(0))
    with pytest.raises(ValueError):
        mint_token(HANDLER, SECRET, ttl=timedelta(days=31))


def test_from_settings_hs256() -> None:
    settings = ServiceSettings()
    verifier = TokenVerifier.from_settings(settings)
    assert verifier.algorithm == "HS256" and not verifier.fetches_keys
    assert verifier.verify(mint_token(HANDLER, DEV_JWT_SECRET)) == HANDLER


def test_principal_from_claims_role_must_be_a_string() -> None:
    with pytest.raises(TokenError, match="unknown role"):
        principal_from_claims({"sub": "u", "org": "o", "role": ["admin"]})


def test_no_insecure_key_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        TokenVerifier(secret=SECRET).verify(mint_token(HANDLER, SECRET))


def test_role_parse() -> None:
    assert Role.parse(" Petition_Office ") is Role.PETITION_OFFICE
    with pytest.raises(ValueError, match="valid roles: registrar, handler"):
        Role.parse("boss")


# -- lifetime cap ----------------------------------------------------------------------------


def test_a_token_valid_for_a_year_is_refused(verifier: TokenVerifier) -> None:
    now = datetime.now(UTC)
    token = mint_claims(claims(iat=now, exp=now + timedelta(days=365)), SECRET)
    with pytest.raises(TokenError, match="lifetime exceeds 30 days"):
        verifier.verify(token)


def test_a_backdated_token_is_judged_by_its_whole_lifetime(verifier: TokenVerifier) -> None:
    """Valid for another day only, but issued 40 days ago: 41 days in all."""
    now = datetime.now(UTC)
    token = mint_claims(claims(iat=now - timedelta(days=40), exp=now + timedelta(days=1)), SECRET)
    with pytest.raises(TokenError, match="lifetime"):
        verifier.verify(token)


def test_the_longest_token_sunshine_token_mints_is_accepted(verifier: TokenVerifier) -> None:
    assert verifier.verify(mint_token(HANDLER, SECRET, ttl=timedelta(days=30))) == HANDLER


def test_the_cap_is_a_setting() -> None:
    settings = ServiceSettings(jwt_secret=SECRET, jwt_max_ttl_days=0.5)
    strict = TokenVerifier.from_settings(settings)
    with pytest.raises(TokenError, match="lifetime exceeds 12 hours"):
        strict.verify(mint_token(HANDLER, SECRET, ttl=timedelta(hours=13)))
    assert strict.verify(mint_token(HANDLER, SECRET, ttl=timedelta(hours=12))) == HANDLER


def test_a_far_future_expiry_is_refused_not_an_error(verifier: TokenVerifier) -> None:
    now = int(datetime.now(UTC).timestamp())
    with pytest.raises(TokenError, match="lifetime"):
        verifier.verify(mint_claims(claims(iat=now, exp=10**30), SECRET))
