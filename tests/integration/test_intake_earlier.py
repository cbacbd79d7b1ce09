"""The registrar's repeat warning (``POST /api/v1/petitions/earlier``) and the case owner's
own cases (``GET /api/v1/petitions?case_owner=me``): each cut to what the caller may read."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from shared.auth import Role
from tests.support.intake_api import (
    COUNTY,
    DEPT,
    HANDLER,
    OFFICE,
    OTHER_COUNTY,
    REGISTRAR,
    act,
    headers,
    intake_client,
    register,
    registration,
)

ID_NUMBER = "320802198001011236"  # registration()'s petitioner
OTHER_PERSON = "110101199003074514"
EARLIER = "/api/v1/petitions/earlier"


def look_up(
    client: TestClient, who: dict[str, str], category: str | None = "0101", **body: Any
) -> Any:
    return client.post(
        EARLIER, json={"id_number": ID_NUMBER, "category_code": category, **body}, headers=who
    )


def test_earlier_petitions_same_category_first_with_the_repeat_candidate(db_url: str) -> None:
    with intake_client(db_url) as client:
        older = register(client, received_on="2026-01-10", title="补偿款一")
        other = register(client, category_code="0201", received_on="2026-02-20", title="另一事")
        newer = register(client, received_on="2026-02-01", title="补偿款二")
        register(client, petitioner={"name": "李四", "id_number": OTHER_PERSON})
        # Typed with blanks around it, as people type: the same person.
        r = look_up(client, REGISTRAR, id_number=f"  {ID_NUMBER}  ")
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["repeat_window_days"] == 180
        items = body["items"]
        assert [i["id"] for i in items] == [newer["id"], older["id"], other["id"]]
        assert [i["same_category"] for i in items] == [True, True, False]
        # The one registration would record: the latest of the category in the window.
        assert [i["repeat_candidate"] for i in items] == [True, False, False]
        assert items[0]["title"] == "补偿款二"
        assert items[0]["tracking_code"] == newer["tracking_code"]
        assert items[0]["status"] == "registered"
        assert items[0]["received_on"] == "2026-02-01"
        # The number is never echoed, nor any personal data of the petitioner.
        assert ID_NUMBER not in r.text and "张三" not in r.text and "13800000000" not in r.text
        assert r.headers["cache-control"] == "no-store"
        # Without a category: newest first, nobody marked.
        plain = look_up(client, REGISTRAR, category=None).json()["items"]
        assert [i["id"] for i in plain] == [other["id"], newer["id"], older["id"]]
        assert not any(i["repeat_candidate"] or i["same_category"] for i in plain)


def test_earlier_petitions_are_cut_to_the_callers_scope(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        elsewhere_registrar = headers(Role.REGISTRAR, "320812001-GOV", "u-r2")
        other_county = headers(Role.PETITION_OFFICE, OTHER_COUNTY, "u-o2")
        city_office = headers(Role.PETITION_OFFICE, "320800", "u-o3")
        assert [i["id"] for i in look_up(client, OFFICE).json()["items"]] == [p["id"]]
        assert [i["id"] for i in look_up(client, city_office).json()["items"]] == [p["id"]]
        assert look_up(client, elsewhere_registrar).json()["items"] == []
        assert look_up(client, other_county).json()["items"] == []
        # Only who registers looks up: a handler, a leader, an auditor may not.
        for who in (HANDLER, headers(Role.LEADER, COUNTY), headers(Role.AUDITOR, "320800")):
            assert look_up(client, who).status_code == 403


def test_the_accused_unit_never_finds_the_accusation(db_url: str) -> None:
    accused = "320831-ZJJ"
    accused_registrar = headers(Role.REGISTRAR, accused, "u-accused-registrar")
    with intake_client(db_url) as client:
        claim = client.post(
            "/api/v1/petitions",
            json=registration(receiving_org=accused),
            headers=accused_registrar,
        ).json()
        accusation = client.post(
            "/api/v1/petitions",
            json=registration(
                kind="accusation", accused_org=accused, receiving_org=accused, title="举报某某"
            ),
            headers=accused_registrar,
        )
        assert accusation.status_code == 201, accusation.text
        seen = look_up(client, accused_registrar)
        assert [i["id"] for i in seen.json()["items"]] == [claim["id"]]
        assert "举报某某" not in seen.text
        # Its superior, the county's office, finds both.
        both = {i["id"] for i in look_up(client, OFFICE).json()["items"]}
        assert both == {claim["id"], accusation.json()["id"]}


def test_a_bad_id_number_is_refused_without_echo(db_url: str) -> None:
    with intake_client(db_url) as client:
        bad = "320802198001011237"  # wrong check digit
        r = look_up(client, REGISTRAR, id_number=bad)
        assert r.status_code == 422
        assert bad not in r.text
        assert r.json()["errors"][0]["field"] == "body.id_number"
        passport = look_up(client, REGISTRAR, id_type="passport", id_number="E12345678")
        assert passport.status_code == 200 and passport.json()["items"] == []


def test_case_owner_me_lists_the_callers_own_cases(db_url: str) -> None:
    owner = headers(Role.CASE_OWNER, COUNTY, "case-owner.county")
    other_owner = headers(Role.CASE_OWNER, COUNTY, "case-owner.city")
    with intake_client(db_url) as client:
        p = register(client)
        register(client)  # nobody owns this one
        assert act(client, p["id"], "assign", {"department": DEPT, "reason": "属地"}, OFFICE, 1)
        body = {"owner_user_id": "case-owner.county", "owner_name": "赵局长", "hard_case": True}
        r = act(client, p["id"], "case-owner", body, OFFICE, 2)
        assert r.status_code == 200, r.text
        mine = client.get("/api/v1/petitions?case_owner=me", headers=owner).json()["items"]
        assert [i["id"] for i in mine] == [p["id"]]
        assert client.get("/api/v1/petitions?case_owner=me", headers=other_owner).json() == {
            "items": [],
            "next_cursor": None,
        }
        # The office names the owner; its own ``me`` owns nothing.
        named = client.get("/api/v1/petitions?case_owner=case-owner.county", headers=OFFICE)
        assert [i["id"] for i in named.json()["items"]] == [p["id"]]
        assert client.get("/api/v1/petitions?case_owner=me", headers=OFFICE).json()["items"] == []
