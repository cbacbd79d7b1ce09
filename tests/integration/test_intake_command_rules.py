"""The rules commands share whichever way they come (HTTP or ``petition.commands``): an
accusation never reaches anyone of its accused unit, nobody of that unit acts on it, and
assigning a petition where it already is writes nothing. And no later petition points the
accused unit at an accusation through its links."""

from __future__ import annotations

import uuid
from typing import Any

from services.intake.main import build_parts, command_handler
from services.intake.settings import IntakeSettings
from shared.auth import Role
from shared.clock import FakeClock
from shared.consumer import InboundMessage, ProjectionRunner
from shared.runtime.topics import Topics
from shared.schemas.commands import CommandMessage, CommandOutcome
from shared.schemas.envelope import Actor
from tests.support.intake_api import (
    ADMIN,
    DEPT,
    OFFICE,
    TODAY,
    act,
    headers,
    intake_client,
    register,
)
from tests.support.supervision import outbox_messages

TOPICS = Topics()
ROUTING = Actor(user_id="routing", role="system", org="routing")


def run_commands(db_url: str, *commands: CommandMessage) -> list[CommandOutcome]:
    """Run commands through the ``petition.commands`` consumer; their outcomes, in order."""
    parts = build_parts(
        IntakeSettings(database_url=db_url, environment="test"),
        clock=FakeClock(TODAY),
        with_kafka=False,
    )
    rt = parts.api
    assert rt is not None
    runner = ProjectionRunner(
        command_handler(rt), rt.engine, service="intake", dead_letter_topic="d"
    )
    before = len(outbox_messages(rt.engine, TOPICS.command_outcomes))
    for i, cmd in enumerate(commands):
        msg = InboundMessage(
            topic=TOPICS.petition_commands,
            partition=0,
            offset=10_000 + i,
            key=(cmd.petition_id or "").encode(),
            value=cmd.model_dump_json().encode(),
        )
        runner.process_batch([msg])
    found = outbox_messages(rt.engine, TOPICS.command_outcomes)[before:]
    rt.engine.dispose()
    return [CommandOutcome.model_validate_json(m.value) for m in found]


def command(pid: str, body: dict[str, Any], actor: Actor = ROUTING) -> CommandMessage:
    return CommandMessage.model_validate(
        {
            "command_id": uuid.uuid4().hex,
            "petition_id": pid,
            "actor": actor,
            "correlation_id": uuid.uuid4().hex,
            "command": body,
        }
    )


def version(client: Any, pid: str) -> int:
    return int(client.get(f"/api/v1/petitions/{pid}", headers=ADMIN).json()["version"])


def test_a_topic_command_cannot_send_an_accusation_into_the_accused_region(db_url: str) -> None:
    # Accused: township 320831003 itself; its government department lies within it.
    with intake_client(db_url) as client:
        p = register(client, kind="accusation", category_code="1103", accused_org="320831003")
    assign = {"command": "assign", "department": "320831003-GOV", "reason": "规则"}
    [outcome] = run_commands(db_url, command(p["id"], assign))
    assert (outcome.status, outcome.code) == ("refused", "rule_violation")
    assert "accused unit" in (outcome.reason or "")
    with intake_client(db_url) as client:
        assert version(client, p["id"]) == 1


def test_nobody_of_the_accused_unit_acts_on_it_through_the_topic(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client, kind="accusation", category_code="1103", accused_org="320831003-GOV")
        r = act(
            client, p["id"], "assign", {"department": "320800-JWJ", "reason": "纪检"}, OFFICE, 1
        )
        assert r.status_code == 200, r.text
    accused = Actor(user_id="u-gov", role="handler", org="320831003-GOV")
    [outcome] = run_commands(db_url, command(p["id"], {"command": "accept"}, accused))
    assert (outcome.status, outcome.code) == ("refused", "not_found")
    with intake_client(db_url) as client:
        assert version(client, p["id"]) == 2


def test_assigning_where_it_already_is_writes_no_second_event(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        body = {"department": DEPT, "reason": "属地"}
        first = act(client, p["id"], "assign", body, OFFICE, 1)
        again = act(client, p["id"], "assign", body, OFFICE, 2)
        assert first.status_code == again.status_code == 200
        assert again.headers["ETag"] == 'W/"2"' and again.json()["department"] == DEPT
        events = client.get(f"/api/v1/petitions/{p['id']}/events", headers=ADMIN).json()
        assert [e["type"] for e in events["events"]].count("petition.assigned") == 1
    # Routing's retry on the topic: done, at the same version, with no event.
    retry = {"command": "assign", "department": DEPT, "reason": "规则"}
    [outcome] = run_commands(db_url, command(p["id"], retry))
    assert (outcome.status, outcome.version, outcome.event_ids) == ("done", 2, ())
    with intake_client(db_url) as client:
        assert version(client, p["id"]) == 2


def test_a_later_petition_does_not_point_the_accused_unit_at_the_accusation(
    db_url: str,
) -> None:
    # The accuser petitions again on the same matter, this time at the township itself: the
    # township reads the new petition, never the link to the accusation it made before.
    township = headers(Role.PETITION_OFFICE, "320831003", "u-township")
    with intake_client(db_url) as client:
        first = register(
            client, kind="accusation", category_code="1103", accused_org="320831003-GOV"
        )
        later = register(client, category_code="1103", received_on="2026-03-01")
        seen = client.get(f"/api/v1/petitions/{later['id']}", headers=township)
        events = client.get(f"/api/v1/petitions/{later['id']}/events", headers=township)
        assert seen.status_code == events.status_code == 200
        assert seen.json()["repeat_candidate_of"] is None
        assert events.json()["events"][0]["payload"]["repeat_candidate_of"] is None
        assert first["id"] not in seen.text + events.text
        county = client.get(f"/api/v1/petitions/{later['id']}", headers=OFFICE).json()
        assert county["repeat_candidate_of"] == first["id"]
