"""The FastAPI dependencies: 401 problem with WWW-Authenticate, 403 problem, principal in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import jwt
import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from shared.auth.roles import Principal, Role
from shared.auth.tokens import TokenVerifier, mint_claims, mint_token
from shared.service.auth import (
    AUTH_RESPONSES,
    CurrentPrincipal,
    install_auth,
    require_roles,
)
from shared.service.problems import install_problem_handlers
from shared.settings import ServiceSettings

SECRET = "fastapi-test-secret-0123456789abcdef-0123"
PROBLEM = "application/problem+json"


def make_app(*, install: bool = True) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    router = APIRouter(responses=AUTH_RESPONSES)

    @router.get("/me")
    async def me(principal: CurrentPrincipal) -> dict[str, str]:
        return principal.actor().model_dump()

    @router.post("/accept")
    async def accept(
        principal: Annotated[Principal, Depends(require_roles(Role.HANDLER, "petition_office"))],
    ) -> dict[str, str]:
        return {"by": principal.user_id}

    app.include_router(router)
    if install:
        install_auth(app, ServiceSettings(jwt_secret=SECRET))
    return app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(make_app())


def bearer(role: Role, org: str = "320812-ZJJ", secret: str = SECRET) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role.value}", role=role, org=org), secret)
    return {"Authorization": f"Bearer {token}"}


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert body["detail"]
    return body


def test_principal_reaches_the_route(client: TestClient) -> None:
    response = client.get("/me", headers=bearer(Role.HANDLER))
    assert response.status_code == 200
    assert response.json() == {"user_id": "u-handler", "role": "handler", "org": "320812-ZJJ"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": ""}, {"Authorization": "Bearer"}, {"Authorization": "Basic dTpw"}],
    ids=["none", "empty", "no-token", "basic"],
)
def test_missing_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/me", headers=headers)
    body = assert_problem(response, 401)
    assert response.headers["www-authenticate"] == 'Bearer realm="sunshine-petition"'
    assert body["detail"] == "a bearer token is required"
    assert body["instance"] == "/me"


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer not-a-jwt"},
        bearer(Role.HANDLER, secret="some-other-secret-0123456789abcdef-000"),
    ],
    ids=["garbage", "wrong-signature"],
)
def test_invalid_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/me", headers=headers)
    body = assert_problem(response, 401)
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="sunshine-petition", error="invalid_token"')
    token = headers["Authorization"].removeprefix("Bearer ")
    assert token not in response.text and token not in challenge
    assert "error_description" in challenge and body["detail"]


def test_a_token_valid_for_a_year_is_401(client: TestClient) -> None:
    principal = Principal(user_id="u-1", role=Role.HANDLER, org="320812-ZJJ")
    year = mint_token(principal, SECRET, ttl=timedelta(days=30), now=datetime.now(UTC))
    claims = jwt.decode(year, options={"verify_signature": False})
    claims["exp"] = claims["iat"] + 365 * 86400
    response = client.get("/me", headers={"Authorization": f"Bearer {mint_claims(claims, SECRET)}"})
    body = assert_problem(response, 401)
    assert body["detail"] == "token lifetime exceeds 30 days"


def test_wrong_role_is_403(client: TestClient) -> None:
    response = client.post("/accept", headers=bearer(Role.LEADER, org="320812"))
    body = assert_problem(response, 403)
    assert "leader" in body["detail"]
    assert "handler" in body["detail"] and "petition_office" in body["detail"]
    assert "www-authenticate" not in response.headers


@pytest.mark.parametrize("role", [Role.HANDLER, Role.PETITION_OFFICE, Role.ADMIN])
def test_allowed_roles(client: TestClient, role: Role) -> None:
    response = client.post("/accept", headers=bearer(role))
    assert response.status_code == 200
    assert response.json() == {"by": f"u-{role.value}"}


def test_no_token_on_a_role_route_is_401_not_403(client: TestClient) -> None:
    assert_problem(client.post("/accept"), 401)


def test_openapi_documents_bearer_and_auth_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert scheme == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": scheme["description"],
    }
    op = spec["paths"]["/accept"]["post"]
    assert op["security"] == [{"bearer": []}]
    assert {"401", "403"} <= set(op["responses"])


def test_not_installed_is_a_loud_error() -> None:
    client = TestClient(make_app(install=False), raise_server_exceptions=True)
    with pytest.raises(RuntimeError, match="install_auth"):
        client.get("/me", headers=bearer(Role.ADMIN))


def test_install_auth_fails_fast_on_bad_config() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        install_auth(FastAPI(), ServiceSettings(jwt_secret="short"))


def test_install_auth_accepts_a_verifier() -> None:
    app = FastAPI()
    verifier = TokenVerifier(secret=SECRET)
    assert install_auth(app, ServiceSettings(), verifier=verifier) is verifier
    assert app.state.token_verifier is verifier


def test_require_roles_needs_roles() -> None:
    with pytest.raises(ValueError):
        require_roles()
    with pytest.raises(ValueError):
        require_roles("superuser")


def test_on_the_service_skeleton(tmp_path: Path) -> None:
    """Through create_service_app's middleware the 401 keeps its header and problem body."""
    from prometheus_client import CollectorRegistry

    from shared.eventstore import make_engine
    from shared.service.app import ServiceParts, create_service_app

    settings = ServiceSettings(
        jwt_secret=SECRET, database_url=f"sqlite:///{tmp_path / 'auth.sqlite3'}"
    )
    router = APIRouter(responses=AUTH_RESPONSES)

    @router.get("/api/v1/whoami")
    async def whoami(
        principal: Annotated[Principal, Depends(require_roles(Role.AUDITOR))],
    ) -> dict[str, str]:
        return {"role": principal.role.value}

    parts = ServiceParts(
        name="authtest",
        settings=settings,
        engine=make_engine(settings.database_url),
        routers=[router],
        registry=CollectorRegistry(),
        run_migrations=False,
    )
    app = create_service_app(parts)
    install_auth(app, settings)
    with TestClient(app) as c:
        missing = c.get("/api/v1/whoami")
        assert_problem(missing, 401)
        assert missing.headers["www-authenticate"].startswith("Bearer")
        assert_problem(c.get("/api/v1/whoami", headers=bearer(Role.HANDLER)), 403)
        ok = c.get("/api/v1/whoami", headers=bearer(Role.AUDITOR, org="320800"))
        assert ok.json() == {"role": "auditor"}
