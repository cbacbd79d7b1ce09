"""Staff sign-in at the gateway: the development directory, the session cookies, lockout,
CSRF, sign-out, who is signed in; and OpenID Connect (code + PKCE) against a fake provider."""

from __future__ import annotations

from pathlib import Path

import jwt as pyjwt
import pytest
from fastapi.testclient import TestClient

from shared.auth.tokens import TokenVerifier
from shared.settings import DEV_JWT_SECRET
from tests.support.gateway import (
    CLIENT_ID,
    ISSUER,
    PASSWORD,
    FakeProvider,
    csrf,
    gateway_client,
    gateway_settings,
    sign_in,
)

WRONG = "用户名或密码错误"
LOCKED = "尝试次数过多，请 15 分钟后再试"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    with gateway_client(gateway_settings(tmp_path)) as c:
        yield c  # type: ignore[misc]


def _cookie_header(resp: object, name: str) -> str:
    for line in resp.headers.get_list("set-cookie"):  # type: ignore[attr-defined]
        if line.startswith(f"{name}="):
            return line
    raise AssertionError(f"no {name} cookie set")


def test_sign_in_sets_the_two_cookies_and_me_answers(client: TestClient) -> None:
    resp = sign_in(client, "handler.county")
    assert resp.status_code == 204
    session = _cookie_header(resp, "sunshine_session").lower()
    assert "httponly" in session and "samesite=strict" in session and "path=/" in session
    token = _cookie_header(resp, "sunshine_csrf").lower()
    assert "httponly" not in token and "samesite=strict" in token
    me = client.get("/auth/me")
    assert me.status_code == 200
    assert me.json() == {
        "username": "handler.county",
        "name": "陈静",
        "role": "handler",
        "org": "320831-ZJJ",
        "org_name": "金湖县住房和城乡建设局",
    }


def test_region_orgs_are_named_too(client: TestClient) -> None:
    sign_in(client, "petition-office.county")
    assert client.get("/auth/me").json()["org_name"] == "金湖县"


def test_the_token_is_one_the_services_accept(client: TestClient) -> None:
    sign_in(client, "leader.city")
    seen = client.get("/api/index/v1/scorecards").json()
    token = seen["headers"]["authorization"].removeprefix("Bearer ")
    principal = TokenVerifier(secret=DEV_JWT_SECRET).verify(token)
    assert (principal.user_id, principal.role.value, principal.org) == (
        "leader.city",
        "leader",
        "320800",
    )
    claims = pyjwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 8 * 3600  # the session's lifetime, bounded


def test_secure_cookies_outside_development(tmp_path: Path) -> None:
    with gateway_client(gateway_settings(tmp_path, environment="test")) as client:
        resp = sign_in(client)
    assert "secure" in _cookie_header(resp, "sunshine_session").lower()


@pytest.mark.parametrize(
    ("username", "password"),
    [("handler.county", "wrong"), ("nobody.here", PASSWORD), ("nobody", "wrong")],
)
def test_a_wrong_user_or_password_gets_the_same_answer(
    client: TestClient, username: str, password: str
) -> None:
    resp = client.post("/auth/login", json={"username": username, "password": password})
    assert resp.status_code == 401
    assert resp.json()["detail"] == WRONG
    assert "set-cookie" not in resp.headers
    assert client.get("/auth/me").status_code == 401


def test_five_failures_lock_the_username_even_from_elsewhere(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path)
    with gateway_client(settings, client="198.51.100.1") as client:
        for _ in range(5):
            bad = client.post("/auth/login", json={"username": "admin.city", "password": "x"})
            assert bad.status_code == 401
        locked = sign_in(client, "admin.city")  # the right password, too late
        assert locked.status_code == 429 and locked.json()["detail"] == LOCKED
    # Another address, after a restart of the gateway: still locked (kept in its database).
    with gateway_client(settings, client="198.51.100.2") as client:
        assert sign_in(client, "ADMIN.city ").status_code == 429
        assert sign_in(client, "admin.county").status_code == 204


def test_five_failures_from_one_address_lock_it_for_every_username(client: TestClient) -> None:
    for name in ("a", "b", "c", "d", "e"):
        client.post("/auth/login", json={"username": name, "password": "x"})
    resp = sign_in(client, "auditor.city")
    assert resp.status_code == 429 and resp.json()["detail"] == LOCKED


def test_a_success_forgets_the_usernames_failures(client: TestClient) -> None:
    for _ in range(3):
        client.post("/auth/login", json={"username": "leader.county", "password": "x"})
    assert sign_in(client, "leader.county").status_code == 204
    client.cookies.clear()
    client.post("/auth/login", json={"username": "leader.county", "password": "x"})
    assert sign_in(client, "leader.county").status_code == 204


def test_failures_older_than_the_window_do_not_count(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path, lockout_window_minutes=1, lockout_failures=2)
    with gateway_client(settings) as client:
        for _ in range(2):
            client.post("/auth/login", json={"username": "admin.city", "password": "x"})
        assert sign_in(client, "admin.city").status_code == 429
    from sqlalchemy import text

    from shared.eventstore import make_engine

    engine = make_engine(settings.database_url)
    with engine.begin() as conn:  # two minutes pass
        conn.execute(text("UPDATE gateway_signin_failures SET at = datetime(at, '-2 minutes')"))
    engine.dispose()
    with gateway_client(settings) as client:
        assert sign_in(client, "admin.city").status_code == 204


def test_a_write_with_the_session_cookie_needs_the_csrf_header(client: TestClient) -> None:
    sign_in(client)
    for headers in ({}, {"X-CSRF-Token": "not-it"}):
        resp = client.post("/api/intake/v1/petitions", json={}, headers=headers)
        assert resp.status_code == 403
        assert resp.json()["detail"] == "请求已过期，请刷新页面"
    assert client.post("/auth/logout").status_code == 403
    assert client.post("/api/intake/v1/petitions", json={}, headers=csrf(client)).status_code == 200
    assert client.get("/api/intake/v1/petitions").status_code == 200  # reads need none


def test_a_cookie_header_the_guard_could_misread_still_needs_the_csrf_header(
    client: TestClient,
) -> None:
    sign_in(client)
    session = client.cookies["sunshine_session"]
    # A malformed cookie before the session one (planted by a sibling site): the session
    # is still found, so the write must still prove itself with the header.
    cookie = f'x=a"b; sunshine_session={session}; sunshine_csrf={client.cookies["sunshine_csrf"]}'
    client.cookies.clear()
    seen = client.post("/api/intake/v1/x", json={}, headers={"Cookie": cookie})
    assert seen.status_code == 403 or "authorization" not in seen.json()["headers"]


def test_a_write_without_a_session_needs_no_csrf_token(client: TestClient) -> None:
    resp = client.post("/api/intake/v1/public/verification-codes", json={"phone": "138"})
    assert resp.status_code == 200
    assert "authorization" not in resp.json()["headers"]


def test_a_csrf_cookie_of_another_session_is_not_enough(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path)
    with gateway_client(settings) as mine, gateway_client(settings) as theirs:
        sign_in(mine)
        sign_in(theirs, "leader.city")
        forged = theirs.cookies["sunshine_csrf"]
        mine.cookies.set("sunshine_csrf", forged)
        seen = mine.post("/api/intake/v1/x", json={}, headers={"X-CSRF-Token": forged}).json()
    assert "authorization" not in seen["headers"]  # carried, but without the session


def test_logout_ends_the_session_and_clears_the_cookies(client: TestClient) -> None:
    sign_in(client)
    session = client.cookies["sunshine_session"]
    resp = client.post("/auth/logout", headers=csrf(client))
    assert resp.status_code == 204
    cleared = [c for c in resp.headers.get_list("set-cookie") if "max-age=0" in c.lower()]
    assert {c.split("=", 1)[0] for c in cleared} == {"sunshine_session", "sunshine_csrf"}
    assert client.get("/auth/me").status_code == 401
    client.cookies.set("sunshine_session", session)  # replaying the old cookie
    assert client.get("/auth/me").status_code == 401


def test_me_without_a_session_is_a_chinese_401(client: TestClient) -> None:
    resp = client.get("/auth/me")
    assert resp.status_code == 401 and resp.json()["detail"] == "请先登录"


# -- OpenID Connect --------------------------------------------------------------------------


def _oidc(tmp_path: Path) -> dict[str, object]:
    return {
        "oidc_issuer": ISSUER,
        "oidc_client_id": CLIENT_ID,
        "public_base_url": "https://xf.city.example",
    }


def _start(client: TestClient, provider: FakeProvider) -> dict[str, str]:
    resp = client.get("/auth/oidc/login")
    assert resp.status_code == 302
    location = resp.headers["location"]
    assert location.startswith(f"{ISSUER}/authorize?")
    return provider.authorize(location)


def test_oidc_signs_in_with_code_and_pkce(tmp_path: Path) -> None:
    provider = FakeProvider()
    with gateway_client(gateway_settings(tmp_path, **_oidc(tmp_path)), provider=provider) as client:
        query = _start(client, provider)
        assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
        assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
        assert query["redirect_uri"] == "https://xf.city.example/auth/oidc/callback"
        assert "openid" in query["scope"].split()
        back = client.get(f"/auth/oidc/callback?code=the-code&state={query['state']}")
        assert back.status_code == 303 and back.headers["location"] == "/"
        me = client.get("/auth/me").json()
    assert me == {
        "username": "oidc-user-1",
        "name": "统一认证用户",
        "role": "leader",
        "org": "320831",
        "org_name": "金湖县",
    }
    [form] = provider.token_requests
    assert form["grant_type"] == ["authorization_code"] and form["code_verifier"]


def test_oidc_refuses_a_state_it_did_not_hand_out(tmp_path: Path) -> None:
    provider = FakeProvider()
    with gateway_client(gateway_settings(tmp_path, **_oidc(tmp_path)), provider=provider) as client:
        query = _start(client, provider)
        resp = client.get("/auth/oidc/callback?code=the-code&state=forged")
        assert resp.status_code == 401
        # The right state, but from a browser that did not start the sign-in.
        client.cookies.clear()
        resp = client.get(f"/auth/oidc/callback?code=the-code&state={query['state']}")
        assert resp.status_code == 401
    assert provider.token_requests == []


def test_oidc_refuses_a_state_twice_and_a_wrong_nonce(tmp_path: Path) -> None:
    provider = FakeProvider(nonce_override="another")
    with gateway_client(gateway_settings(tmp_path, **_oidc(tmp_path)), provider=provider) as client:
        query = _start(client, provider)
        url = f"/auth/oidc/callback?code=the-code&state={query['state']}"
        assert client.get(url).status_code == 401  # the ID token's nonce is not ours
        assert client.get(url).status_code == 401  # and the state is spent
        assert client.get("/auth/me").status_code == 401


def test_oidc_without_a_role_of_ours_is_refused(tmp_path: Path) -> None:
    provider = FakeProvider(claims={"role": "janitor", "org": "320831"})
    with gateway_client(gateway_settings(tmp_path, **_oidc(tmp_path)), provider=provider) as client:
        query = _start(client, provider)
        resp = client.get(f"/auth/oidc/callback?code=the-code&state={query['state']}")
    assert resp.status_code == 403
    assert "未分配" in resp.json()["detail"]


def test_oidc_is_off_unless_configured(client: TestClient) -> None:
    assert client.get("/auth/oidc/login").status_code == 404


def test_production_signs_in_through_oidc_only(tmp_path: Path) -> None:
    provider = FakeProvider()
    settings = gateway_settings(
        tmp_path,
        environment="production",
        jwt_secret="a-production-secret-of-enough-length-0123456789",
        database_url="postgresql+psycopg://db/gateway",
        **_oidc(tmp_path),
    )
    settings.database_url = f"sqlite:///{tmp_path / 'p.sqlite3'}"  # validated; a file here
    with gateway_client(settings, provider=provider) as client:
        resp = sign_in(client)
        assert resp.status_code == 404
        assert "统一身份认证" in resp.json()["detail"]
        assert client.get("/auth/oidc/login").status_code == 302


def test_signing_in_again_ends_the_old_session_even_with_stale_cookies(tmp_path: Path) -> None:
    settings = gateway_settings(tmp_path)
    with gateway_client(settings) as client:
        sign_in(client)
        old = client.cookies["sunshine_session"]
        client.cookies.set("sunshine_csrf", "stale")  # no header: signing in needs none
        assert sign_in(client, "leader.city").status_code == 204
        assert client.cookies["sunshine_session"] != old
        assert client.get("/auth/me").json()["username"] == "leader.city"
        client.cookies.set("sunshine_session", old)
        assert client.get("/auth/me").status_code == 401
