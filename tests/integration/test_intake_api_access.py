"""Who may see and do what, through every endpoint: the access matrix, accusation
confidentiality (Art. 30/45), public tracking without personal data, and two handlers acting
on one petition at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.auth import Role
from tests.support.intake_api import (
    ADMIN,
    CITY,
    COUNTY,
    DEPT,
    HANDLER,
    OFFICE,
    OTHER_COUNTY,
    OTHER_DEPT,
    REGISTRAR,
    TOWNSHIP_GOV,
    act,
    headers,
    intake_client,
    register,
    registration,
)

PERSONAL = {"petitioner"}
CONTENT = {"title", "content", "attachments"}


def assigned(client: TestClient, **overrides: Any) -> dict[str, Any]:
    p = register(client, **overrides)
    r = act(client, p["id"], "assign", {"department": DEPT, "reason": "属地"}, OFFICE, 1)
    assert r.status_code == 200, r.text
    return p


READERS = [
    # (who, may read, sees the petitioner block)
    ("admin", ADMIN, True, True),
    ("auditor", headers(Role.AUDITOR, CITY), True, False),
    ("county office", OFFICE, True, True),
    ("city office", headers(Role.PETITION_OFFICE, CITY), True, True),
    ("other county office", headers(Role.PETITION_OFFICE, OTHER_COUNTY), False, False),
    ("county leader", headers(Role.LEADER, COUNTY), True, True),
    ("other county leader", headers(Role.LEADER, OTHER_COUNTY), False, False),
    ("assigned handler", HANDLER, True, True),
    ("other handler", headers(Role.HANDLER, OTHER_DEPT), False, False),
    ("registrar at receiving org", REGISTRAR, True, True),
    ("registrar elsewhere", headers(Role.REGISTRAR, "320812001-GOV"), False, False),
    # Inspectors read overdue cases only; this one is not overdue.
    ("inspector", headers(Role.INSPECTOR, CITY), False, False),
]


@pytest.mark.parametrize(
    ("who", "token", "reads", "personal"), READERS, ids=[r[0] for r in READERS]
)
def test_read_matrix(
    db_url: str, who: str, token: dict[str, str], reads: bool, personal: bool
) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        one = client.get(f"/api/v1/petitions/{p['id']}", headers=token)
        events = client.get(f"/api/v1/petitions/{p['id']}/events", headers=token)
        found = client.get("/api/v1/petitions", headers=token).json()["items"]
        assert one.status_code == (200 if reads else 404)
        assert events.status_code == (200 if reads else 404)
        assert [i["id"] for i in found] == ([p["id"]] if reads else [])
        if reads:
            assert ("petitioner" in one.json()) is personal
            payload = events.json()["events"][0]["payload"]
            assert ("petitioner" in payload) is personal


def test_inspector_reads_overdue_cases(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'late.sqlite3'}"
    with intake_client(url) as client:
        p = register(client, received_on="2026-01-05")  # forward due 2026-01-20: overdue now
    inspector = headers(Role.INSPECTOR, CITY)
    with intake_client(url) as client:
        got = client.get(f"/api/v1/petitions/{p['id']}", headers=inspector)
        assert got.status_code == 200
        assert got.json()["overdue"] is True
        assert "petitioner" not in got.json()
        listed = client.get("/api/v1/petitions?overdue=true", headers=inspector).json()
        assert [i["id"] for i in listed["items"]] == [p["id"]]


ACTORS = [
    ("assigned handler accepts", HANDLER, "accept", {}, 200),
    ("other handler", headers(Role.HANDLER, OTHER_DEPT), "accept", {}, 404),
    ("county office", OFFICE, "accept", {}, 200),
    ("other county office", headers(Role.PETITION_OFFICE, OTHER_COUNTY), "accept", {}, 404),
    ("leader reads only", headers(Role.LEADER, COUNTY), "accept", {}, 403),
    ("auditor reads only", headers(Role.AUDITOR, CITY), "accept", {}, 403),
    ("registrar cannot act", REGISTRAR, "accept", {}, 403),
    ("handler cannot assign", HANDLER, "assign", {"department": DEPT, "reason": "x"}, 403),
]


@pytest.mark.parametrize(
    ("who", "token", "path", "body", "status"), ACTORS, ids=[a[0] for a in ACTORS]
)
def test_act_matrix(
    db_url: str, who: str, token: dict[str, str], path: str, body: dict[str, Any], status: int
) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        r = act(client, p["id"], path, body, token, 2)
        assert r.status_code == status, r.text
        version = client.get(f"/api/v1/petitions/{p['id']}", headers=ADMIN).json()["version"]
        assert version == (3 if status == 200 else 2)


def test_registrar_registers_only_at_its_own_org(db_url: str) -> None:
    with intake_client(db_url) as client:
        elsewhere = registration(receiving_org="320831001-GOV")
        r = client.post("/api/v1/petitions", json=elsewhere, headers=REGISTRAR)
        assert r.status_code == 403
        office = client.post("/api/v1/petitions", json=elsewhere, headers=OFFICE)
        assert office.status_code == 201
        handler = client.post("/api/v1/petitions", json=registration(), headers=HANDLER)
        assert handler.status_code == 403


def test_every_event_records_its_actor(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        act(client, p["id"], "accept", {}, HANDLER, 2)
        events = client.get(f"/api/v1/petitions/{p['id']}/events", headers=ADMIN).json()["events"]
        assert [e["actor"] for e in events] == [
            {"user_id": "u-registrar", "role": "registrar", "org": TOWNSHIP_GOV},
            {"user_id": "u-office", "role": "petition_office", "org": COUNTY},
            {"user_id": "u-handler", "role": "handler", "org": DEPT},
        ]


# -- accusations ----------------------------------------------------------------------------

ACCUSED = "320831-ZJJ"  # the county housing bureau is accused
ACCUSED_STAFF = [
    headers(Role.HANDLER, ACCUSED, "u-accused"),
    headers(Role.REGISTRAR, ACCUSED, "u-accused-registrar"),
]


def accusation(client: TestClient) -> dict[str, Any]:
    return register(
        client,
        kind="accusation",
        accused_org=ACCUSED,
        title="举报住建局工作人员",
        content="某某收受好处。",
    )


def test_an_accusation_cannot_be_assigned_to_the_accused_unit(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = accusation(client)
        r = act(client, p["id"], "assign", {"department": ACCUSED, "reason": "x"}, OFFICE, 1)
        assert r.status_code == 409
        assert "accused" in r.json()["detail"]
        assert client.get(f"/api/v1/petitions/{p['id']}", headers=ADMIN).json()["version"] == 1


@pytest.mark.parametrize("token", ACCUSED_STAFF, ids=["handler", "registrar"])
def test_the_accused_unit_never_sees_the_accuser(db_url: str, token: dict[str, str]) -> None:
    with intake_client(db_url) as client:
        p = accusation(client)
        responses = [
            client.get(f"/api/v1/petitions/{p['id']}", headers=token),
            client.get(f"/api/v1/petitions/{p['id']}/events", headers=token),
            client.get("/api/v1/petitions", headers=token),
            client.get("/api/v1/petitions?kind=accusation", headers=token),
        ]
        for r in responses:
            text = r.text
            assert "某某收受好处" not in text and "张三" not in text and "13800000000" not in text
            if r.status_code == 200 and "payload" in text:
                payload = r.json()["events"][0]["payload"]
                assert not (PERSONAL | CONTENT) & set(payload)
        # And it cannot act on it either.
        assert act(client, p["id"], "accept", {}, token, 1).status_code in (403, 404)


def test_accused_unit_that_received_it_cannot_read_it_back(db_url: str) -> None:
    # The accused bureau's own registrar took the letter: once registered, the accusation is
    # gone from its view (Art. 30/45): no read, no list, as for an absent petition.
    registrar = headers(Role.REGISTRAR, ACCUSED, "u-accused-registrar")
    with intake_client(db_url) as client:
        body = registration(
            kind="accusation", accused_org=ACCUSED, receiving_org=ACCUSED, content="某某收受好处。"
        )
        created = client.post("/api/v1/petitions", json=body, headers=registrar)
        assert created.status_code == 201
        pid = created.json()["id"]
        one = client.get(f"/api/v1/petitions/{pid}", headers=registrar)
        events = client.get(f"/api/v1/petitions/{pid}/events", headers=registrar)
        listed = client.get("/api/v1/petitions", headers=registrar)
        assert one.status_code == events.status_code == 404
        assert listed.status_code == 200 and listed.json()["items"] == []
        for r in (created, one, events, listed):
            assert "某某收受好处" not in r.text and "张三" not in r.text


def test_the_office_over_the_accused_unit_sees_the_accusation(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = accusation(client)
        got = client.get(f"/api/v1/petitions/{p['id']}", headers=OFFICE).json()
        assert got["content"] == "某某收受好处。"
        assert got["petitioner"]["name"] == "张三"


# -- public tracking ------------------------------------------------------------------------


def test_public_tracking_shows_no_personal_data(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        r = client.get(f"/api/v1/public/track/{p['tracking_code'].lower()}")
        assert r.status_code == 200
        body = r.json()
        # What the SMS notices promise and nothing else (issue 12: due date, unit, reply).
        assert set(body) == {
            "tracking_code", "status", "received_on", "steps",
            "current_due", "handling_unit", "reply", "not_accepted_reason",
        }  # fmt: skip
        assert body["status"] == "assigned"
        assert body["steps"] == [
            {"step": "received", "on": "2026-02-27"},
            {"step": "assigned", "on": "2026-03-02"},
        ]
        assert body["current_due"] == p_due(client, p["id"], "acceptance_due")
        assert body["handling_unit"] == "金湖县住房和城乡建设局"
        assert body["reply"] is None and body["not_accepted_reason"] is None
        for secret in ("张三", "13800000000", "房屋征收", "320831-ZJJ", "u-office", "属地"):
            assert secret not in r.text


def p_due(client: TestClient, petition_id: str, which: str) -> Any:
    return client.get(f"/api/v1/petitions/{petition_id}", headers=ADMIN).json()["due"][which]


def test_public_tracking_shows_the_reply_the_sms_points_to(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        code = p["tracking_code"]
        assert act(client, p["id"], "accept", {"handler": "u-h"}, HANDLER, 2).status_code == 200
        accepted = client.get(f"/api/v1/public/track/{code}").json()
        assert accepted["current_due"] == p_due(client, p["id"], "reply_due")
        reply = {"reply_text": "补偿款将于本月发放。", "document_ref": "金住建复〔2026〕1号"}
        assert act(client, p["id"], "reply", reply, HANDLER, 3).status_code == 200
        r = client.get(f"/api/v1/public/track/{code}")
        body = r.json()
        assert body["reply"] == {"text": "补偿款将于本月发放。", "on": "2026-03-02"}
        assert body["current_due"] is None  # nothing is waiting on the unit any more
        assert body["handling_unit"] == "金湖县住房和城乡建设局"
        assert "金住建复" not in r.text and "u-h" not in r.text


def test_public_tracking_shows_why_it_was_not_accepted(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        refusal = {"reason": "已进入诉讼程序"}
        assert act(client, p["id"], "not-accept", refusal, HANDLER, 2).status_code == 200
        body = client.get(f"/api/v1/public/track/{p['tracking_code']}").json()
        assert body["not_accepted_reason"] == "已进入诉讼程序" and body["reply"] is None


@pytest.mark.parametrize("code", ["0000-0000-0000-0000", "nonsense", "x" * 300])
def test_unknown_tracking_code_is_404(db_url: str, code: str) -> None:
    with intake_client(db_url) as client:
        assert client.get(f"/api/v1/public/track/{code}").status_code == 404


# -- concurrency ----------------------------------------------------------------------------


def test_two_handlers_at_once_one_gets_409(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        other = headers(Role.HANDLER, DEPT, "u-handler-2")
        with ThreadPoolExecutor(2) as pool:
            results = list(
                pool.map(
                    lambda who: act(client, p["id"], "accept", {"handler": who[1]}, who[0], 2),
                    [(HANDLER, "u-handler"), (other, "u-handler-2")],
                )
            )
        assert sorted(r.status_code for r in results) == [200, 409]
        loser = next(r for r in results if r.status_code == 409).json()
        assert loser["title"] in {"Version conflict", "Invalid transition"}
        events = client.get(f"/api/v1/petitions/{p['id']}/events", headers=ADMIN).json()
        assert [e["type"] for e in events["events"]].count("petition.accepted") == 1


def test_stale_if_match_is_409_and_writes_nothing(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = assigned(client)
        r = act(client, p["id"], "accept", {}, HANDLER, 1)
        assert r.status_code == 409
        assert r.json()["current_version"] == 2
        ok = act(client, p["id"], "accept", {}, HANDLER, '"2"')
        assert ok.status_code == 200
        assert ok.headers["ETag"] == 'W/"3"'
