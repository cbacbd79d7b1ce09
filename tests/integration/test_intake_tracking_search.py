"""Staff find a petition by its tracking code (查询码): ``GET /api/v1/petitions?tracking_code=``,
exact, the typed code read as the public track page reads it, and within the caller's read
scope like every search."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from shared.auth import Role
from tests.support.intake_api import (
    CITY,
    COUNTY,
    OFFICE,
    OTHER_COUNTY,
    REGISTRAR,
    headers,
    intake_client,
    register,
    registration,
)

SEARCH = "/api/v1/petitions"


def found(client: TestClient, who: dict[str, str], code: str, **params: Any) -> list[str]:
    r = client.get(SEARCH, params={"tracking_code": code, **params}, headers=who)
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["items"]]


def as_typed(code: str) -> str:
    """The code as someone types it from a receipt: small letters, no dashes, blanks, and
    O for 0, L for 1 where the code has them."""
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    return f"  {typed} "


def test_the_typed_code_finds_its_petition_and_nothing_else(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        other = register(client, title="另一件")
        code = p["tracking_code"]
        assert found(client, OFFICE, code) == [p["id"]]
        assert found(client, OFFICE, as_typed(code)) == [p["id"]]
        assert found(client, REGISTRAR, code.replace("-", "")) == [p["id"]]
        assert found(client, OFFICE, other["tracking_code"]) == [other["id"]]
        # The answer is the search's own: the summary, with the code, and no further page.
        body = client.get(SEARCH, params={"tracking_code": code}, headers=OFFICE).json()
        assert body["next_cursor"] is None
        assert body["items"][0]["tracking_code"] == code
        # Combined with the other filters, as every filter is.
        assert found(client, OFFICE, code, status="registered") == [p["id"]]
        assert found(client, OFFICE, code, status="replied") == []


def test_a_code_outside_the_callers_scope_finds_nothing(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        code = p["tracking_code"]
        assert found(client, headers(Role.PETITION_OFFICE, CITY, "u-city"), code) == [p["id"]]
        # Another county's office, a registrar elsewhere, a handler the petition is not
        # assigned to: nothing, as for a code nobody has.
        outside = (
            headers(Role.PETITION_OFFICE, OTHER_COUNTY, "u-o2"),
            headers(Role.REGISTRAR, "320812001-GOV", "u-r2"),
            headers(Role.HANDLER, "320831-WJW", "u-h2"),
        )
        for who in outside:
            r = client.get(SEARCH, params={"tracking_code": code}, headers=who)
            assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None}
            assert code not in r.text


def test_the_accused_unit_finds_no_accusation_by_its_code(db_url: str) -> None:
    accused = "320831-ZJJ"
    with intake_client(db_url) as client:
        r = client.post(
            SEARCH,
            json=registration(kind="accusation", category_code="1103", accused_org=accused),
            headers=REGISTRAR,
        )
        assert r.status_code == 201, r.text
        accusation = r.json()
        code = accusation["tracking_code"]
        assert found(client, OFFICE, code) == [accusation["id"]]
        # The accused unit's auditor reads that the accusation exists (the log it traces is
        # whole) but never its code, so its code finds nothing there either.
        auditor = headers(Role.AUDITOR, accused, "u-aud")
        listed = client.get(SEARCH, headers=auditor).json()["items"]
        assert [(i["id"], i["tracking_code"]) for i in listed] == [(accusation["id"], None)]
        assert found(client, auditor, code) == []
        for who in (headers(Role.HANDLER, accused, "u-h"), headers(Role.LEADER, accused, "u-l")):
            assert found(client, who, code) == []
        assert found(client, headers(Role.AUDITOR, COUNTY, "u-aud2"), code) == [accusation["id"]]


def test_a_value_that_cannot_be_a_code_is_refused_in_chinese(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        code = p["tracking_code"]
        last = code[-1]
        wrong_check = code[:-1] + ("0" if last != "0" else "1")  # a mistyped check character
        for bad in (wrong_check, "ABC", code + "X"):
            r = client.get(SEARCH, params={"tracking_code": bad}, headers=OFFICE)
            assert r.status_code == 422, bad
            error = r.json()["errors"][0]
            assert error["field"] == "query.tracking_code"
            assert error["message"] == "查询码有误，请核对后重新输入"
        too_long = client.get(SEARCH, params={"tracking_code": "A" * 41}, headers=OFFICE)
        assert too_long.status_code == 422
