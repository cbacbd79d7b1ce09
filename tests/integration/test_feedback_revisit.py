"""The dissatisfied loop over a real database and the HTTP API: a 不满意 rating records an SMS
to the unit, opens a revisit task in its queue and invites the petitioner to the survey; the
dispatcher sends; the survey is answered; the outcome goes to intake through the outbox and
the task waits for intake: its event closes the task, its refusal reopens it with the reason.
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
from shared.consumer import InboundMessage, ProjectionRunner
from shared.eventstore.tables import outbox
from shared.notify import FileNotifier
from shared.runtime.topics import Topics
from shared.schemas.catalog import EventEnvelope, decode_event
from shared.schemas.commands import CommandMessage, CommandOutcome, RecordRevisitOutcome
from shared.schemas.petition import Petitioner, RevisitOutcomeRecorded
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


def commands(engine: Engine, topics: Topics) -> list[CommandMessage]:
    rows = outbox_rows(engine, topics.petition_commands)
    return [CommandMessage.model_validate_json(v) for v in rows]


def intake_recorded(command: CommandMessage, version: int) -> EventEnvelope:
    """The event intake appends when it runs ``command`` (at ``version`` of the petition)."""
    c = command.command
    assert isinstance(c, RecordRevisitOutcome) and command.petition_id
    stream = Stream(command.petition_id)
    stream.version = version - 1
    event = stream.event(
        RevisitOutcomeRecorded(
            outcome=c.outcome, resolved=c.resolved, revisited_on=c.revisited_on or TODAY
        )
    )
    return event.model_copy(
        update={
            "actor": command.actor,
            "correlation_id": command.correlation_id,
            "causation_id": command.command_id,
        }
    )


def refusal(command: CommandMessage, topics: Topics, offset: int = 0) -> InboundMessage:
    """Intake's answer on petition.command-outcomes: it refused ``command``."""
    answer = CommandOutcome(
        command_id=command.command_id,
        petition_id=command.petition_id,
        status="refused",
        code="invalid_transition",
        reason="record_revisit_outcome is not allowed while the petition is under_review; "
        "allowed: decide_review, link",
    )
    return InboundMessage(
        topic=topics.command_outcomes,
        partition=0,
        offset=offset,
        key=(command.petition_id or "").encode(),
        value=answer.model_dump_json().encode(),
    )


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

    # The unit records the outcome: the command to intake; the task waits for intake.
    body = {"outcome": "上门回访，已协调物业整改", "resolved": True}
    other = client.post(
        "/api/v1/revisits/p3/outcome", json=body, headers=bearer("handler", "320803-ZJJ")
    )
    assert other.status_code == 403
    done = client.post(
        "/api/v1/revisits/p3/outcome", json=body, headers=bearer("handler", "320812-ZJJ")
    )
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "sent" and done.json()["revisited_on"] == str(TODAY)
    assert done.json()["refused_reason"] is None and not done.json()["overdue"]
    [command] = commands(engine, topics)
    assert command.petition_id == "p3"
    assert command.command.command == "record_revisit_outcome"
    assert command.command.resolved is True  # type: ignore[union-attr]
    assert command.actor.org == "320812-ZJJ"
    # Not completed in feedback's own log before intake has recorded it.
    assert own_events(engine, topics) == ["feedback.revisit_opened", "feedback.survey_answered"]
    twice = client.post(
        "/api/v1/revisits/p3/outcome", json=body, headers=bearer("handler", "320812-ZJJ")
    )
    assert twice.status_code == 409
    assert "awaits" in twice.json()["detail"]
    queued = client.get("/api/v1/revisits", params={"state": "sent"}, headers=unit_of_zjj())
    assert [t["petition_id"] for t in queued.json()["items"]] == ["p3"]

    # Intake records it: the task is done, and feedback's own event says so, once.
    recorded = intake_recorded(command, version=len(events) + 1)
    runner.process_batch([message(recorded)])
    runner.process_batch([message(recorded)])
    task = client.get("/api/v1/revisits/p3", headers=unit_of_zjj()).json()
    assert task["state"] == "done" and task["resolved"] is True
    assert task["outcome"] == body["outcome"]
    assert own_events(engine, topics) == [
        "feedback.revisit_opened", "feedback.survey_answered", "feedback.revisit_completed",
    ]  # fmt: skip
    completed = decode_event(outbox_rows(engine, topics.feedback_events)[-1])
    assert completed.actor == command.actor and completed.causation_id == recorded.event_id
    again = client.post(
        "/api/v1/revisits/p3/outcome", json=body, headers=bearer("handler", "320812-ZJJ")
    )
    assert again.status_code == 409 and "already recorded" in again.json()["detail"]

    report = client.get(
        "/api/v1/satisfaction/report", headers=bearer("leader", "320800"),
        params={"from": "2025-01-01", "to": "2025-12-31"},
    ).json()  # fmt: skip
    assert report["revisits"]["opened"] == 1 and report["revisits"]["resolved"] == 1
    assert report["survey"]["office"]["工作作风"] == 2.0


def unit_of_zjj() -> dict[str, str]:
    return bearer("handler", "320812-ZJJ")


def test_a_refused_outcome_reopens_the_task_with_the_reason(
    service: tuple[TestClient, Engine, Topics],
) -> None:
    client, engine, topics = service
    runner = outreach(engine, topics)
    events = handled("p5", R.DISSATISFIED, R.SATISFIED)
    runner.process_batch([message(e) for e in events])
    body = {"outcome": "电话回访，信访人仍不认可", "resolved": False}
    sent = client.post("/api/v1/revisits/p5/outcome", json=body, headers=unit_of_zjj())
    assert sent.status_code == 200 and sent.json()["state"] == "sent"
    [first] = commands(engine, topics)

    # Intake refused it (the petition went under review meanwhile): the unit has it again.
    assert runner.process_batch([refusal(first, topics)]).processed == 1
    task = client.get("/api/v1/revisits/p5", headers=unit_of_zjj()).json()
    assert task["state"] == "open" and task["refused_code"] == "invalid_transition"
    assert "under_review" in task["refused_reason"]
    assert (
        task["refused_reason_zh"] == "信访事项的状态已经变化（现为“复查中”），现在不能记录回访结果"
    )
    assert task["outcome"] is None and task["resolved"] is None and task["revisited_on"] is None
    assert own_events(engine, topics) == ["feedback.revisit_opened"]  # nothing completed
    # The same answer again, at another offset (a broker that came back empty): a repeat.
    assert runner.process_batch([refusal(first, topics, offset=7)]).skipped == 1

    # The unit sends again: a command of its own (intake runs a command id once).
    again = client.post("/api/v1/revisits/p5/outcome", json=body, headers=unit_of_zjj())
    assert again.status_code == 200 and again.json()["state"] == "sent"
    assert again.json()["refused_reason"] is None
    first_again, second = commands(engine, topics)
    assert first_again == first and second.command_id != first.command_id
    # The refusal of the first attempt, redelivered now, leaves the second waiting.
    runner.process_batch([refusal(first, topics, offset=9)])
    assert client.get("/api/v1/revisits/p5", headers=unit_of_zjj()).json()["state"] == "sent"
    runner.process_batch([message(intake_recorded(second, version=len(events) + 1))])
    task = client.get("/api/v1/revisits/p5", headers=unit_of_zjj()).json()
    assert task["state"] == "done" and task["refused_reason"] is None
    report = client.get(
        "/api/v1/satisfaction/report", headers=bearer("leader", "320800"),
        params={"from": "2025-01-01", "to": "2025-12-31"},
    ).json()  # fmt: skip
    assert report["revisits"]["done"] == 1 and report["revisits"]["resolved"] == 0


def test_an_outcome_recorded_on_intakes_own_route_closes_the_task(
    service: tuple[TestClient, Engine, Topics],
) -> None:
    client, engine, topics = service
    runner = outreach(engine, topics)
    events = handled("p6", R.DISSATISFIED, R.SATISFIED)
    runner.process_batch([message(e) for e in events])
    s = Stream("p6")
    s.version = len(events)
    on = RATED_ON + timedelta(days=1)
    person = s.event(RevisitOutcomeRecorded(outcome="上门回访", resolved=True, revisited_on=on))
    runner.process_batch([message(person)])
    task = client.get("/api/v1/revisits/p6", headers=unit_of_zjj()).json()
    assert (task["state"], task["revisited_on"], task["outcome"]) == ("done", str(on), "上门回访")
    assert commands(engine, topics) == []


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
