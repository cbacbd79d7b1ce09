"""The revisit outcome and intake's answer, through the real (embedded) broker, with intake and
feedback wired as ``sunshine run`` wires them: a petition rated 不满意 opens feedback's revisit
task; the petition goes under review (复查) before the unit records the outcome, so intake
refuses it, and the task is the unit's again with intake's reason (before, feedback closed it
while intake never recorded the outcome). After the review the unit sends it again, intake
records it, and that closes the task. ``sunshine check`` agrees at each rest.

A withdrawal would not do here: intake takes one only before a reply, a revisit only after
it (services/intake/domain/transitions.py). Feedback on each backend, intake on SQLite.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from services.feedback.api import make_routers
from services.feedback.main import api_context
from services.feedback.main import build_parts as build_feedback
from services.feedback.settings import Settings
from services.intake.main import build_parts as build_intake
from services.intake.settings import IntakeSettings
from shared.clock import FakeClock
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import Topics, ensure_topics
from shared.service.app import ServiceParts, create_service_app
from shared.settings import KafkaSettings
from tests.support.intake_api import DEPT, HANDLER, OFFICE, TODAY, register
from tools.cli import reconcile

pytestmark = pytest.mark.integration


@dataclass
class City:
    intake: TestClient
    feedback: TestClient
    intake_url: str
    feedback_url: str
    topics: Topics


async def wait_for(what: str, check: Callable[[], Any], within_s: float = 30) -> Any:
    """Poll ``check`` until it gives something truthy, at most ``within_s``."""
    deadline = time.monotonic() + within_s
    while not (found := check()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {within_s}s")
        await asyncio.sleep(0.1)
    return found


async def started(parts: ServiceParts) -> TestClient:
    client = TestClient(create_service_app(parts), raise_server_exceptions=False)
    await asyncio.to_thread(client.__enter__)
    return client


@pytest.fixture
async def city(
    broker: EmbeddedBroker,
    topic_prefix: str,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[City]:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap_servers)
    monkeypatch.setenv("KAFKA_TOPIC_PREFIX", topic_prefix)
    kafka = KafkaSettings()
    topics = Topics.of(kafka)
    await ensure_topics(broker.bootstrap_servers, topics.specs())
    clock = FakeClock(TODAY)  # both services on one day: intake checks the revisit's
    intake_url = f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    intake_settings = IntakeSettings(
        database_url=intake_url, environment="test", relay_poll_interval_s=0.01
    )
    intake_parts = dataclasses.replace(
        build_intake(intake_settings, kafka=kafka, clock=clock), registry=CollectorRegistry()
    )
    settings = Settings(
        database_url=db_url,
        relay_poll_interval_s=0.01,
        dispatch_interval_s=0.02,
        messages_file=tmp_path / "feedback-messages.jsonl",
    )
    parts = build_feedback(settings)
    routes = make_routers(api_context(settings, parts.engine, topics, clock))
    parts = dataclasses.replace(parts, routers=routes, registry=CollectorRegistry())
    intake = await started(intake_parts)
    try:
        feedback = await started(parts)
        try:
            yield City(intake, feedback, intake_url, db_url, topics)
        finally:
            await asyncio.to_thread(feedback.__exit__, None, None, None)
    finally:
        await asyncio.to_thread(intake.__exit__, None, None, None)


def act(client: TestClient, pid: str, path: str, body: dict[str, Any], who: dict[str, str]) -> Any:
    # ``*``: feedback's notices move the petition on meanwhile (the acceptance notice duty).
    r = client.post(f"/api/v1/petitions/{pid}/{path}", json=body, headers={**who, "If-Match": "*"})
    assert r.status_code == 200, r.text
    return r.json()


def history(city: City, pid: str) -> list[str]:
    got = city.intake.get(f"/api/v1/petitions/{pid}", headers=OFFICE)
    assert got.status_code == 200, got.text
    return [h["type"] for h in got.json()["history"]]


def task(city: City, pid: str) -> dict[str, Any]:
    got = city.feedback.get(f"/api/v1/revisits/{pid}", headers=HANDLER)
    return dict(got.json()) if got.status_code == 200 else {}


async def check_agrees(city: City) -> None:
    def ok() -> bool:
        found = reconcile.reconcile(
            city.intake_url, {"feedback": city.feedback_url}, city.topics.petition_events
        )
        return found.ok

    await wait_for("sunshine check to agree on feedback", ok)


async def test_a_refused_revisit_outcome_reopens_the_task_until_intake_records_one(
    city: City,
) -> None:
    # A petition handled to its reply and rated 不满意 by the petitioner.
    registered = register(city.intake)
    pid, tracking = registered["id"], registered["tracking_code"]
    act(city.intake, pid, "assign", {"department": DEPT, "reason": "属地管理"}, OFFICE)
    act(city.intake, pid, "accept", {"handler": "u-handler"}, HANDLER)
    reply = act(
        city.intake, pid, "reply",
        {"reply_text": "经核查，补偿款将于本月发放。", "document_ref": "JH-2026-001"}, HANDLER,
    )  # fmt: skip
    rating = {
        "tracking_code": tracking,
        "token": reply["rating_token"],
        "unit_rating": "dissatisfied",
        "result_rating": "dissatisfied",
    }
    assert city.intake.post("/api/v1/public/rate", json=rating).status_code == 200
    opened = await wait_for("feedback to open the revisit", lambda: task(city, pid))
    assert opened["state"] == "open" and opened["department"] == DEPT

    # Meanwhile the petitioner asks for a review: intake takes no revisit outcome now.
    act(city.intake, pid, "request-review", {"reviewer_org": "320800-ZJJ"}, OFFICE)
    body = {"outcome": "电话回访信访人，补偿款已发放", "resolved": True}
    sent = city.feedback.post(f"/api/v1/revisits/{pid}/outcome", json=body, headers=HANDLER)
    assert sent.status_code == 200, sent.text
    assert sent.json()["state"] == "sent"  # outcome sent, awaiting intake

    reopened = await wait_for(
        "intake's refusal to reopen the task", lambda: task(city, pid).get("refused_reason")
    )
    again = task(city, pid)
    assert again["state"] == "open" and again["refused_code"] == "invalid_transition"
    assert "under_review" in reopened
    assert again["refused_reason_zh"] == (
        "信访事项的状态已经变化（现为“复查中”），现在不能记录回访结果"
    )
    assert again["outcome"] is None and again["resolved"] is None
    assert "petition.revisit_outcome_recorded" not in history(city, pid)
    await check_agrees(city)

    # The review is decided; the unit sends the outcome again, and intake records it.
    decided = {"upheld": True, "decision_text": "维持原处理意见"}
    act(city.intake, pid, "decide-review", decided, OFFICE)
    resent = city.feedback.post(f"/api/v1/revisits/{pid}/outcome", json=body, headers=HANDLER)
    assert resent.status_code == 200, resent.text
    assert resent.json()["state"] == "sent" and resent.json()["refused_reason"] is None

    done = await wait_for(
        "intake's event to close the task", lambda: task(city, pid).get("state") == "done"
    )
    assert done
    closed = task(city, pid)
    assert closed["outcome"] == body["outcome"] and closed["resolved"] is True
    assert closed["revisited_on"] == str(TODAY) and closed["refused_reason"] is None
    assert history(city, pid).count("petition.revisit_outcome_recorded") == 1
    await check_agrees(city)
