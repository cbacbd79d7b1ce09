"""The gateway's pure rules and its settings: lockout, OIDC claims, CSRF, paths, the
development directory, and what production refuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.gateway.application.directory import Directory, DirectoryUser, hash_password
from services.gateway.domain.claims import NoRole, principal_from_id_token
from services.gateway.domain.csrf import needs_token, token_matches
from services.gateway.domain.lockout import LockoutPolicy, username_key
from services.gateway.domain.routes import cache_control, reserved
from services.gateway.settings import Settings
from shared.auth.roles import Role
from shared.refdata import DEFAULT_DIR, load_refdata

PG = "postgresql+psycopg://db/gateway"
SECRET = "a-production-secret-of-enough-length-0123456789"


def test_lockout_counts_failures_in_the_window_by_username_or_address() -> None:
    policy = LockoutPolicy(5, timedelta(minutes=15))
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert policy.counts_from(now) == now - timedelta(minutes=15)
    assert not policy.locked(4, 4)
    assert policy.locked(5, 0) and policy.locked(0, 5)
    assert username_key("  Handler.County ") == "handler.county"


def test_oidc_claims_become_a_principal() -> None:
    p = principal_from_id_token({"sub": "u1", "role": "Inspector", "org": "320831", "name": "甲"})
    assert (p.user_id, p.role, p.org, p.name) == ("u1", Role.INSPECTOR, "320831", "甲")
    listed = principal_from_id_token(
        {"sub": "u2", "roles": ["staff", "handler"], "dept": "320831-ZJJ"},
        role_claim="roles",
        org_claim="dept",
    )
    assert listed.role is Role.HANDLER and listed.org == "320831-ZJJ"
    for claims in (
        {"sub": "u", "org": "320831"},
        {"sub": "u", "role": "janitor", "org": "320831"},
        {"sub": "u", "role": "leader"},
        {"role": "leader", "org": "320831"},
    ):
        with pytest.raises(NoRole):
            principal_from_id_token(claims)


def test_csrf_is_needed_for_cookie_writes_only_and_compared_whole() -> None:
    assert needs_token("POST", True) and needs_token("delete", True)
    assert not needs_token("GET", True) and not needs_token("POST", False)
    assert token_matches("abc", "abc")
    assert (
        not token_matches("abc", "abd")
        and not token_matches("", "")
        and not token_matches("abc", None)
    )


def test_paths_the_page_may_not_take_and_cache_lifetimes() -> None:
    for path in ("/api/x", "/auth/login", "/content/a", "/healthz", "/readyz", "/metrics"):
        assert reserved(path), path
    for path in ("/", "/petition", "/apis", "/kiosk/k1", "/authority"):
        assert not reserved(path), path
    assert "immutable" in cache_control("assets/index-abc.js")
    assert cache_control("index.html") == "no-cache"


def test_unknown_users_are_checked_against_a_dummy_hash() -> None:
    user = DirectoryUser(
        username="a.b", name="甲", role=Role.LEADER, org="320831", password_hash=hash_password("pw")
    )
    directory = Directory([user])
    assert directory.verify("A.B", "pw") == user
    assert directory.verify("a.b", "nope") is None
    assert directory.verify("x", "pw") is None


def test_the_development_directory_has_every_role_at_every_level() -> None:
    refdata = load_refdata()
    directory = Directory.load(DEFAULT_DIR / "users.json", refdata)
    users = json.loads((DEFAULT_DIR / "users.json").read_text(encoding="utf-8"))["users"]
    assert len(directory) == len(users)
    tree = refdata.org_tree
    levels: dict[str, set[str]] = {}
    for u in users:
        assert u["password_hash"].startswith("$argon2id$")
        region = tree.home_region(u["org"])
        levels.setdefault(u["role"], set()).add(refdata.regions[region].level)
        if u["role"] == "handler":
            assert tree.is_department(u["org"]), u
        if u["role"] in ("petition_office", "inspector", "leader"):
            assert tree.is_region(u["org"]), u
    assert set(levels) == {r.value for r in Role}
    for role, found in levels.items():
        assert {"city", "county", "township"} <= found, role
    assert directory.verify("registrar.township", "sunshine-dev") is not None


def test_a_directory_with_an_unknown_org_is_refused(tmp_path: Path) -> None:
    user = {"username": "x", "name": "x", "role": "leader", "org": "999999"}
    bad = {"version": "1", "users": [user | {"password_hash": "$argon2id$x"}]}
    path = tmp_path / "users.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown orgs"):
        Directory.load(path, load_refdata())


def _production(**values: object) -> Settings:
    base: dict[str, object] = {
        "environment": "production",
        "database_url": PG,
        "jwt_secret": SECRET,
        "oidc_issuer": "https://id.city.example",
        "oidc_client_id": "sunshine",
        "public_base_url": "https://xf.city.example",
    }
    return Settings(**(base | values))


def test_production_refuses_the_development_directory() -> None:
    assert not _production().dev_directory
    with pytest.raises(ValidationError, match="development directory"):
        _production(users_file=DEFAULT_DIR / "users.json")


def test_production_needs_oidc_a_public_address_and_a_real_secret() -> None:
    with pytest.raises(ValidationError, match="OpenID Connect"):
        _production(oidc_issuer="")
    with pytest.raises(ValidationError, match="PUBLIC_BASE_URL"):
        _production(public_base_url="")
    with pytest.raises(ValidationError, match="development JWT secret"):
        _production(jwt_secret="dev-only-secret-change-me-0123456789abcdef")
    assert _production().secure_cookies


def test_the_gateway_mints_hs256_only() -> None:
    with pytest.raises(ValidationError, match="HS256"):
        Settings(jwt_algorithm="RS256", jwks_url="https://id/jwks")


def test_service_addresses_follow_the_gateways_port_unless_set() -> None:
    urls = Settings(port=9100, routing_url="http://routing.internal:80/").upstream_urls()
    assert urls == {
        "intake": "http://127.0.0.1:9101",
        "routing": "http://routing.internal:80",
        "supervision": "http://127.0.0.1:9103",
        "index": "http://127.0.0.1:9104",
        "feedback": "http://127.0.0.1:9105",
    }
    assert not Settings().secure_cookies and Settings(environment="test").secure_cookies


def test_sunshine_password_hash_prints_a_hash_of_the_password() -> None:
    from argon2 import PasswordHasher
    from typer.testing import CliRunner

    from tools.cli.main import app

    result = CliRunner().invoke(app, ["password-hash", "--password", "s3cret-pw"])
    assert result.exit_code == 0, result.output
    hashed = result.output.strip().splitlines()[-1]
    assert hashed.startswith("$argon2id$") and PasswordHasher().verify(hashed, "s3cret-pw")
