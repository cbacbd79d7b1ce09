"""The dissatisfied loop over a real database and the HTTP API: a 不满意 rating records an SMS
to the unit, opens a revisit task in its queue and invites the petitioner to the survey; the
dispatcher sends; the survey is answered; the outcome goes to intake through the outbox.
Also the petitioner's notices and their record for the 15-day duty."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from services.feedback.application.dispatch import Dispatcher
from services.feedback.domain.survey import DEFAULT_DIMENSIONS
from services.feedback.projections.outreach import Outreach, OutreachConfig
from services.feedback.projections.satisfaction import Satisfaction
from services.feedback.tables import notifications
from shared.consumer import ProjectionRunner
from shared.eventstore.tables import outbox
from shared.notify import FileNotifier
from shared.runtime.topics import Topics
from shared.schemas.catalog import decode_event
from shared.schemas.commands import CommandMessage
from shared.schemas.petition import Petitioner
from shared.schemas.petition import Rating as R
from tests.support.feedback import DAY0, Stream, api_app, bearer, handled, message, not_accepted
from tests.support.feedback import registered as reg

TODAY = DAY0 + timedelta(days=30)  # the rating is on day 25
RATED_ON = DAY0 + timedelta(days=25)


@pytest.fixture
def service(db_url: str) -> Iterator[tuple[TestClient, Engine, Topics]]:
    app, engine, topics = api_app(db_url, TODAY, unit_contacts={"320812-ZJJ": "13900000001"})
    with TestClient(app) as client:
        yield client, engine, topics
    engine.dispose()


def outreach(engine: Engine, topics: Topics) -> ProjectionRunner:
    config = OutreachConfig(revisit_days=15, unit_contacts={"320812-ZJJ": "13900000001"})
    return ProjectionRunner(
        Outreach(topics, config), engine, service="feedback", dead_letter_topic="dl"
    )


def sent(engine: Engine, petition_id: str) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        q = select(notifications).where(notifications.c.petition_id == petition_id)
        return {r.kind: dict(r._mapping) for r in conn.execute(q)}


def outbox_rows(engine: Engine, topic: str) -> list[bytes]:
    with engine.connect() as conn:
        q = select(outbox.c.value).where(outbox.c.topic == topic).order_by(outbox.c.id)
        return [bytes(v) for v in conn.execute(q).scalars()]


def own_events(engine: Engine, topics: Topics) -> list[str]:
    return [decode_event(v).event_type for v in outbox_rows(engine, topics.feedback_events)]


def test_dissatisfied_loop(service: tuple[TestClient, Engine, Topics], tmp_path: Path) -> None:
    client, engine, topics = service
    runner = outreach(engine, topics)
    events = handled("p3", R.DISSATISFIED, R.SATISFIED)
    for e in events:
        runner.process_batch([message(e)])
    runner.process_batch([message(events[-1])])  # redelivered: nothing twice

    # (a) the SMS to the unit, (c) the survey invitation: recorded, not yet sent
    notes = sent(engine, "p3")
    assert set(notes) == {
        "tracking_code", "accepted", "reply", "rating_invitation",
        "dissatisfied_alert", "survey_invitation",
    }  # fmt: skip
    alert = notes["dissatisfied_alert"]
    assert alert["audience"] == "unit" and alert["recipient"] == "13900000001"
    assert alert["status"] == "pending" and "不满意" in alert["body"]
    # (b) the revisit task, with its own deadline, in the unit's queue
    queue = client.get("/api/v1/revisits", headers=bearer("handler", "320812-ZJJ")).json()
    [task] = queue["items"]
    assert task["petition_id"] == "p3" and task["state"] == "open"
    assert task["due_on"] == str(RATED_ON + timedelta(days=15))
    assert own_events(engine, topics) == ["feedback.revisit_opened"]

    # The dispatcher sends what was recorded: the file adapter writes the messages.
    path = tmp_path / "messages.jsonl"
    dispatcher = Dispatcher(engine, FileNotifier(path))
    assert asyncio.run(dispatcher.run_once()) == 6
    assert asyncio.run(dispatcher.run_once()) == 0
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {m["kind"] for m in lines} == set(notes)
    assert all(n["status"] == "sent" and n["attempts"] == 1 for n in sent(engine, "p3").values())

    # The petitioner answers the survey, through the link in the invitation.
    invite = next(m for m in lines if m["kind"] == "survey_invitation")
    assert invite["to"] == "13800000000"
    token = invite["text"].rsplit("/", 1)[1]
    survey = client.get(f"/api/v1/public/surveys/{token}").json()
    assert survey["dimensions"] == list(DEFAULT_DIMENSIONS) and not survey["answered"]
    scores = dict.fromkeys(DEFAULT_DIMENSIONS, 2)
    bad = client.post(f"/api/v1/public/surveys/{token}", json={"office": {}, "unit": scores})
    assert bad.status_code == 422 and "missing dimension" in bad.json()["detail"]
    ok = client.post(f"/api/v1/public/surveys/{token}", json={"office": scores, "unit": scores})
    assert ok.status_code == 204
    again = client.post(f"/api/v1/public/surveys/{token}", json={"office": scores, "unit": scores})
    assert again.status_code == 409

    # The unit records the outcome: own event and the command to intake, one transaction.
    body = {"outcome": "上门回访，已协调物业整改", "resolved": True}
    other = client.post(
        "/api/v1/revisits/p3/outcome", json=body, headers=bearer("handler", "320803-ZJJ")
    )
    assert other.status_code == 403
    done = client.post(
        "/api/v1/revisits/p3/outcome", json=body, headers=bearer("handler", "320812-ZJJ")
    )
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "done" and done.json()["revisited_on"] == str(TODAY)
    [command] = [
        CommandMessage.model_validate_json(v) for v in outbox_rows(engine, topics.petition_commands)
    ]
    assert command.petition_id == "p3"
    assert command.command.command == "record_revisit_outcome"
    assert command.command.resolved is True  # type: ignore[union-attr]
    assert command.actor.org == "320812-ZJJ"
    assert own_events(engine, topics) == [
        "feedback.revisit_opened", "feedback.survey_answered", "feedback.revisit_completed",
    ]  # fmt: skip
    twice = client.post(
        "/api/v1/revisits/p3/outcome", json=body, headers=bearer("handler", "320812-ZJJ")
    )
    assert twice.status_code == 409

    report = client.get(
        "/api/v1/satisfaction/report", headers=bearer("leader", "320800"),
        params={"from": "2025-01-01", "to": "2025-12-31"},
    ).json()  # fmt: skip
    assert report["revisits"]["opened"] == 1 and report["revisits"]["resolved"] == 1
    assert report["survey"]["office"]["工作作风"] == 2.0


def test_satisfied_rating_opens_nothing(service: tuple[TestClient, Engine, Topics]) -> None:
    _, engine, topics = service
    runner = outreach(engine, topics)
    runner.process_batch([message(e) for e in handled("ok", R.SATISFIED, R.NOT_QUITE)])
    assert "dissatisfied_alert" not in sent(engine, "ok")
    assert own_events(engine, topics) == []


def test_notice_duty_record(service: tuple[TestClient, Engine, Topics]) -> None:
    client, engine, topics = service
    runner = outreach(engine, topics)
    s = Stream("n1")  # not accepted; the notice never goes out (no phone on record)
    events = [
        s.event(reg(petitioner=Petitioner(name="李四"))),
        s.event(not_accepted(DAY0 + timedelta(days=3))),
    ]
    runner.process_batch([message(e) for e in events])
    notes = sent(engine, "n1")
    assert notes["not_accepted"]["status"] == "undeliverable"
    assert notes["not_accepted"]["due_on"] == DAY0 + timedelta(days=15)
    office = bearer("petition_office", "320812")
    late = client.get("/api/v1/notices", params={"late": True}, headers=office).json()["items"]
    assert [(n["petition_id"], n["kind"], n["on_time"]) for n in late] == [
        ("n1", "not_accepted", False)
    ]
    assert "recipient" not in late[0] and "body" not in late[0]
    elsewhere = bearer("petition_office", "320803")
    assert client.get("/api/v1/notices", headers=elsewhere).json()["items"] == []
    handler = client.get("/api/v1/notices", headers=bearer("handler", "320812-ZJJ"))
    assert handler.status_code == 403


def test_satisfaction_runner_ignores_outreach_tables(
    service: tuple[TestClient, Engine, Topics],
) -> None:
    # Both consumers read the same events into separate tables: no interference.
    _, engine, topics = service
    sat = ProjectionRunner(Satisfaction(topics), engine, service="feedback", dead_letter_topic="dl")
    events = handled("both", R.DISSATISFIED)
    sat.process_batch([message(e) for e in events])
    outreach(engine, topics).process_batch([message(e) for e in events])
    assert "dissatisfied_alert" in sent(engine, "both")


@pytest.mark.parametrize("dated", [True, False])
def test_a_dated_request_dates_the_revisit_as_intake_will(db_url: str, dated: bool) -> None:
    """In a dated development run the page's X-Sunshine-Today names the revisit's day (intake
    checks it against the petition's own days, and refused the wall clock's); elsewhere the
    header is refused and nothing is recorded."""
    app, engine, topics = api_app(
        db_url, TODAY, unit_contacts={"320812-ZJJ": "13900000001"}, allow_date_override=dated
    )
    try:
        with TestClient(app) as client:
            runner = outreach(engine, topics)
            for e in handled("p4", R.DISSATISFIED, R.SATISFIED):
                runner.process_batch([message(e)])
            day = RATED_ON + timedelta(days=2)
            done = client.post(
                "/api/v1/revisits/p4/outcome",
                json={"outcome": "电话回访，问题已解决", "resolved": True},
                headers={**bearer("handler", "320812-ZJJ"), "X-Sunshine-Today": str(day)},
            )
            if dated:
                assert done.status_code == 200, done.text
                assert done.json()["revisited_on"] == str(day)
            else:
                assert done.status_code == 403
                task = client.get(
                    "/api/v1/revisits/p4", headers=bearer("handler", "320812-ZJJ")
                ).json()
                assert task["state"] == "open"
    finally:
        engine.dispose()
