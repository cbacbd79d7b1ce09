"""Every transition and every invalid one, through the HTTP API, on SQLite and PostgreSQL.

A petition is driven to each named state (``PATHS``); there every command the state does not
allow must answer 409 naming the current state and the allowed commands, and write nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.intake.api.commands import COMMANDS
from services.intake.domain.transitions import TRANSITIONS
from tests.support.intake import PATHS
from tests.support.intake_api import ADMIN, DEPT, act, intake_client, register

PATH_OF = {model.model_fields["command"].default: path for path, model, _ in COMMANDS}
BODIES: dict[str, dict[str, Any]] = {
    "assign": {"department": DEPT, "reason": "属地管理"},
    "return": {"department": DEPT, "reason": "不属本单位职责"},
    "accept": {"handler": "u-handler"},
    "not_accept": {"reason": "已进入诉讼程序"},
    "record_acceptance_notice": {"method": "sms"},
    "request_extension": {"days": 20, "reason": "情况复杂"},
    "approve_extension": {"approver": "u-head"},
    "refuse_extension": {"approver": "u-head", "reason": "无必要"},
    "reply": {"reply_text": "已协调发放。", "document_ref": "金住建复〔2026〕1号"},
    "close": {},
    "request_review": {"reviewer_org": "320800-ZJJ"},
    "decide_review": {"upheld": True, "decision_text": "维持原处理意见"},
    "request_re_review": {"reviewer_org": "320800-XFJ"},
    "decide_re_review": {"upheld": True, "decision_text": "复核维持"},
    "withdraw": {"reason": "已和解"},
    "set_case_owner": {"owner_user_id": "u-leader", "owner_name": "李副县长"},
    "record_revisit_outcome": {"outcome": "已解决", "resolved": True},
}
# Rating is public (token), linking needs a second petition: both have tests of their own.
STAFF_COMMANDS = sorted(BODIES)
EXPECTED_STATUS = {
    "extension_pending": "accepted",
    "extension_approved": "accepted",
    "rated": "closed",
}


def drive(client: TestClient, path: tuple[str, ...]) -> tuple[str, int, str | None]:
    """Register and run ``path``; return the id, the version and the last rating token."""
    p = register(client)
    version, token = 1, None
    for name in path:
        if name == "rate":
            r = client.post(
                "/api/v1/public/rate",
                json={
                    "tracking_code": p["tracking_code"],
                    "token": token,
                    "unit_rating": "satisfied",
                    "result_rating": "very_satisfied",
                },
            )
            assert r.status_code == 200, r.text
            version = r.json()["version"]
            continue
        r = act(client, p["id"], PATH_OF[name], BODIES[name], ADMIN, version)
        assert r.status_code == 200, (name, r.text)
        assert r.headers["ETag"] == f'W/"{version + 1}"'
        version = r.json()["version"]
        token = r.json().get("rating_token", token)
    return p["id"], version, token


def test_every_path_reaches_its_state(db_url: str) -> None:
    with intake_client(db_url) as client:
        for state, path in PATHS.items():
            pid, version, _ = drive(client, path)
            got = client.get(f"/api/v1/petitions/{pid}", headers=ADMIN).json()
            assert got["status"] == EXPECTED_STATUS.get(state, state)
            assert got["version"] == version == len(path) + 1
            assert [h["version"] for h in got["history"]] == list(range(1, version + 1))


def test_every_invalid_command_is_409_and_writes_nothing(db_url: str) -> None:
    with intake_client(db_url) as client:
        for state, path in PATHS.items():
            pid, version, _ = drive(client, path)
            allowed = client.get(f"/api/v1/petitions/{pid}", headers=ADMIN).json()[
                "allowed_commands"
            ]
            for name in STAFF_COMMANDS:
                if name in allowed:
                    continue
                r = act(client, pid, PATH_OF[name], BODIES[name], ADMIN, version)
                assert r.status_code == 409, (state, name, r.text)
                problem = r.json()
                assert r.headers["content-type"].startswith("application/problem+json")
                assert problem["current_status"].startswith(EXPECTED_STATUS.get(state, state))
                assert problem["allowed"] == allowed
            events = client.get(f"/api/v1/petitions/{pid}/events", headers=ADMIN).json()
            assert len(events["events"]) == version, state


def test_the_table_names_every_command() -> None:
    assert set(STAFF_COMMANDS) | {"rate", "link", "register"} == set(TRANSITIONS)


def test_link_to_an_earlier_petition(db_url: str) -> None:
    with intake_client(db_url) as client:
        earlier = register(client, received_on="2026-01-05")
        later = register(client)
        r = act(client, later["id"], "link", {"earlier_petition_id": earlier["id"]}, ADMIN, 1)
        assert r.status_code == 200, r.text
        got = client.get(f"/api/v1/petitions/{later['id']}", headers=ADMIN).json()
        assert got["linked_to"] == earlier["id"]
        # Once linked, linking again is not a transition the state allows.
        again = act(client, later["id"], "link", {"earlier_petition_id": earlier["id"]}, ADMIN, 2)
        assert again.status_code == 409
        assert "link" not in again.json()["allowed"]


def test_repeat_candidate_is_recorded_at_registration(db_url: str) -> None:
    with intake_client(db_url) as client:
        first = register(client, received_on="2026-01-05")
        second = register(client)
        got = client.get(f"/api/v1/petitions/{second['id']}", headers=ADMIN).json()
        assert got["repeat_candidate_of"] == first["id"]


@pytest.mark.parametrize("days", [31, 0])
def test_extension_out_of_range_is_422(db_url: str, days: int) -> None:
    with intake_client(db_url) as client:
        pid, version, _ = drive(client, ("assign", "accept"))
        r = act(client, pid, "request-extension", {"days": days, "reason": "x"}, ADMIN, version)
        assert r.status_code == 422
        assert r.json()["errors"][0]["field"] == "body.days"
