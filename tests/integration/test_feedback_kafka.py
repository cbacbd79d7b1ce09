"""Feedback end to end through the real (embedded) broker, wired as ``sunshine run`` wires it:
petition events in, satisfaction figures and the revisit task out through the API, messages
written by the file notifier, the revisit outcome published on petition.commands; then the
read models rebuilt from offset 0 equal the live ones."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from sqlalchemy import select

from services.feedback.main import build_parts, build_runners
from services.feedback.settings import Settings
from services.feedback.tables import ratings, suggestions
from shared.consumer import rebuild
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import Topics, ensure_topics
from shared.schemas.catalog import EventEnvelope, encode_event
from shared.schemas.commands import CommandMessage
from shared.schemas.petition import Rating as R
from shared.service.app import ServiceParts, create_service_app
from shared.settings import KafkaSettings
from tests.support.feedback import Stream, bearer, handled, suggestion

pytestmark = pytest.mark.integration
YEAR = {"from": "2025-01-01", "to": "2025-12-31"}


async def wait_for(check: Callable[[], bool], within_s: float) -> None:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > within_s:
            raise TimeoutError(f"condition not met within {within_s}s")
        await asyncio.sleep(0.05)


@pytest.fixture
async def service(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[TestClient, Topics, ServiceParts]]:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap_servers)
    monkeypatch.setenv("KAFKA_TOPIC_PREFIX", topic_prefix)
    topics = Topics(prefix=topic_prefix)
    await ensure_topics(broker.bootstrap_servers, topics.specs())
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'feedback.sqlite3'}",
        relay_poll_interval_s=0.01,
        dispatch_interval_s=0.02,
    )
    parts = dataclasses.replace(build_parts(settings), registry=CollectorRegistry())
    client = TestClient(create_service_app(parts))
    await asyncio.to_thread(client.__enter__)
    try:
        yield client, topics, parts
    finally:
        await asyncio.to_thread(client.__exit__, None, None, None)


async def publish(bootstrap: str, topic: str, events: list[EventEnvelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for e in events:
            await producer.send_and_wait(topic, encode_event(e), key=e.key())
    finally:
        await producer.stop()


async def commands_on(
    bootstrap: str, topic: str, within_s: float, want: int = 1
) -> list[CommandMessage]:
    """What is on the commands topic once ``want`` commands arrived (or time ran out)."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        found: list[CommandMessage] = []
        deadline = time.monotonic() + within_s
        while len(found) < want and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            found += [
                CommandMessage.model_validate_json(r.value) for b in batches.values() for r in b
            ]
        return found
    finally:
        await consumer.stop()


def table_rows(parts: ServiceParts) -> list[list[tuple[Any, ...]]]:
    with parts.engine.connect() as conn:
        return [
            [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in (ratings, suggestions)
        ]


async def test_petition_events_to_figures_revisit_and_command(
    broker: EmbeddedBroker, service: tuple[TestClient, Topics, ServiceParts], tmp_path: Path
) -> None:
    client, topics, parts = service
    bootstrap = broker.bootstrap_servers
    events = [
        *handled("k1", R.VERY_SATISFIED),
        *handled("k2", R.DISSATISFIED, R.NOT_QUITE),
        Stream("k3").event(suggestion("增设公交站", "工业园区增设公交站点。")),
    ]
    await publish(bootstrap, topics.petition_events, events)
    leader = bearer("leader", "320800")

    def rated() -> int:
        r = client.get("/api/v1/satisfaction", params={"by": "department", **YEAR}, headers=leader)
        groups = r.json()["groups"]
        return int(groups[0]["rated"]) if groups else 0

    await wait_for(lambda: rated() == 2, within_s=30)
    unit = bearer("handler", "320812-ZJJ")

    def queued() -> list[Any]:
        return list(client.get("/api/v1/revisits", headers=unit).json()["items"])

    await wait_for(lambda: len(queued()) == 1, within_s=10)
    office = bearer("petition_office", "320800")
    await wait_for(
        lambda: (
            client.get("/api/v1/suggestions", params={"q": "公交"}, headers=office).json()["total"]
            == 1
        ),
        within_s=10,
    )
    # The dispatcher writes every message to the file beside the database.
    path = tmp_path / "feedback-messages.jsonl"

    def kinds() -> set[str]:
        if not path.exists():
            return set()
        return {json.loads(line)["kind"] for line in path.read_text("utf-8").splitlines()}

    await wait_for(lambda: {"dissatisfied_alert", "survey_invitation"} <= kinds(), within_s=10)

    outcome = {"outcome": "回访后问题已解决", "resolved": True}
    r = client.post("/api/v1/revisits/k2/outcome", json=outcome, headers=unit)
    assert r.status_code == 200, r.text
    sent = await commands_on(bootstrap, topics.petition_commands, within_s=15, want=3)
    # The two acceptance notices, once sent, are reported to intake too.
    assert sorted((c.petition_id, c.command.command) for c in sent) == [
        ("k1", "record_acceptance_notice"),
        ("k2", "record_acceptance_notice"),
        ("k2", "record_revisit_outcome"),
    ]

    # Rebuild equals live: drop the read models and replay petition.events from offset 0.
    live = table_rows(parts)
    assert live[0] and live[1]
    kafka = KafkaSettings()
    for runner in build_runners(parts.settings, parts.engine):  # type: ignore[arg-type]
        await rebuild(runner, kafka, idle_timeout_s=20)
    assert table_rows(parts) == live
