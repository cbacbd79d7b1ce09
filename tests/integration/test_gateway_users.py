"""``GET /auth/users``: the development directory as the admin pages, the petition
office's pickers and the auditor's pages see it, cut to the caller's org subtree, never with
a password hash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.gateway.application.users import list_users
from services.gateway.domain.errors import NotOffered
from shared.auth.roles import Principal, Role
from shared.refdata import load_refdata
from tests.support.gateway import gateway_client, gateway_settings, sign_in


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with gateway_client(gateway_settings(tmp_path)) as c:
        yield c


def names(client: TestClient, query: str = "") -> list[str]:
    r = client.get(f"/auth/users{query}")
    assert r.status_code == 200, r.text
    return [u["username"] for u in r.json()["items"]]


def test_an_admin_lists_the_users_of_its_subtree_without_hashes(client: TestClient) -> None:
    sign_in(client, "admin.city")
    r = client.get("/auth/users")
    assert r.status_code == 200
    assert "password" not in r.text and "$argon2" not in r.text
    items = r.json()["items"]
    assert len(items) == 25  # everyone: the city is the root
    me = next(u for u in items if u["username"] == "handler.county")
    assert me == {
        "username": "handler.county",
        "name": "陈静",
        "role": "handler",
        "org": "320831-ZJJ",
        "org_name": "金湖县住房和城乡建设局",
    }
    assert names(client, "?role=auditor") == ["auditor.city", "auditor.county", "auditor.township"]


def test_a_county_admin_sees_its_county_only(client: TestClient) -> None:
    sign_in(client, "admin.county")
    found = names(client)
    assert "handler.county" in found and "admin.township" in found
    assert not any(n.endswith(".city") for n in found)


def test_the_petition_office_lists_handlers_and_case_owners_of_its_region(
    client: TestClient,
) -> None:
    sign_in(client, "petition-office.county")
    # By org, then username: 320831-WJW, 320831-ZJJ, 320831003-GOV.
    assert names(client, "?role=handler") == [
        "handler.county-health",
        "handler.county",
        "handler.township",
    ]
    assert names(client, "?role=case_owner") == ["case-owner.county", "case-owner.township"]
    assert set(names(client)) == {
        "handler.county",
        "handler.county-health",
        "handler.township",
        "case-owner.county",
        "case-owner.township",
    }
    refused = client.get("/auth/users?role=admin")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "您只能查看承办人和包案领导的名单"


def test_an_auditor_lists_the_people_of_its_subtree_only(client: TestClient) -> None:
    """The auditor's pages name who acted: every role, but of its own org's subtree."""
    sign_in(client, "auditor.county")
    r = client.get("/auth/users")
    assert r.status_code == 200
    assert "password" not in r.text and "$argon2" not in r.text
    items = r.json()["items"]
    tree = load_refdata().org_tree
    assert items and all(tree.is_within(u["org"], "320831") for u in items)
    found = {u["username"] for u in items}
    assert {"registrar.county", "handler.county", "petition-office.county"} <= found
    assert {"registrar.township", "handler.county-health", "admin.county"} <= found
    assert not any(n.endswith(".city") for n in found)
    me = next(u for u in items if u["username"] == "registrar.township")
    assert me == {
        "username": "registrar.township",
        "name": "张敏",
        "role": "registrar",
        "org": "320831003-GOV",
        "org_name": "银涂镇人民政府",
    }
    assert names(client, "?role=handler") == [
        "handler.county-health",
        "handler.county",
        "handler.township",
    ]
    # A township's auditor sees its township's people, not the county's.
    client.cookies.clear()
    sign_in(client, "auditor.township")
    assert set(names(client)) == {u for u in found if u.endswith(".township")}


@pytest.mark.parametrize("username", ["handler.county", "inspector.city", "registrar.city"])
def test_other_roles_may_not_list(client: TestClient, username: str) -> None:
    sign_in(client, username)
    r = client.get("/auth/users")
    assert r.status_code == 403
    assert r.json()["detail"] == "您无权查看用户名单"


def test_not_signed_in_and_bad_role(client: TestClient) -> None:
    assert client.get("/auth/users").status_code == 401
    sign_in(client, "admin.city")
    assert client.get("/auth/users?role=wizard").status_code == 422


def test_no_directory_no_listing() -> None:
    # In production staff sign in through OpenID Connect: there is no directory to list.
    admin = Principal(user_id="admin.city", role=Role.ADMIN, org="320800")
    with pytest.raises(NotOffered):
        list_users(None, load_refdata(), admin, None)
