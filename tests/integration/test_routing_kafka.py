"""Routing end to end through the real (embedded) broker: the service as ``sunshine run``
wires it, fed petition events the way intake publishes them, observed on petition.commands
and through its HTTP API."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from services.routing.main import build_parts
from services.routing.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import Topics, ensure_topics
from shared.schemas.catalog import EventEnvelope, encode_event
from shared.schemas.commands import CommandMessage
from shared.schemas.petition import Level
from shared.service.app import create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.support.routing import Stream, assigned, registered, returned

pytestmark = pytest.mark.integration


async def wait_for(check: Callable[[], bool], within_s: float) -> float:
    """Poll until ``check()``; return how long it took, fail after ``within_s``."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > within_s:
            raise TimeoutError(f"condition not met within {within_s}s")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


class Commands:
    """Collects what routing sends on petition.commands."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest"
        )
        self.seen: list[CommandMessage] = []
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Commands:
        await self.consumer.start()
        self._task = asyncio.create_task(self._run())
        return self

    async def _run(self) -> None:
        async for record in self.consumer:
            self.seen.append(CommandMessage.model_validate_json(record.value))

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await self.consumer.stop()

    def assigns(self, petition_id: str) -> list[str]:
        return [
            m.command.department
            for m in self.seen
            if m.petition_id == petition_id and m.command.command == "assign"
        ]


@pytest.fixture
async def service(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[TestClient, Topics]]:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap_servers)
    monkeypatch.setenv("KAFKA_TOPIC_PREFIX", topic_prefix)
    topics = Topics(prefix=topic_prefix)
    await ensure_topics(broker.bootstrap_servers, topics.specs())
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'routing.sqlite3'}", relay_poll_interval_s=0.01
    )
    parts = dataclasses.replace(build_parts(settings), registry=CollectorRegistry())
    client = TestClient(create_service_app(parts))
    await asyncio.to_thread(client.__enter__)
    try:
        yield client, topics
    finally:
        await asyncio.to_thread(client.__exit__, None, None, None)


async def publish(bootstrap: str, topic: str, *events: EventEnvelope) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for e in events:
            await producer.send_and_wait(topic, encode_event(e), key=e.key())
    finally:
        await producer.stop()


def handler(department: str) -> dict[str, str]:
    token = mint_token(Principal(user_id="h", role=Role.HANDLER, org=department), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


async def test_registered_assigned_queued_returned_rerouted(
    broker: EmbeddedBroker, service: tuple[TestClient, Topics]
) -> None:
    client, topics = service
    bootstrap = broker.bootstrap_servers
    async with Commands(bootstrap, topics.petition_commands) as commands:
        # Warm up: the first message also waits for the consumer group to form.
        warm = Stream("warm-up")
        await publish(bootstrap, topics.petition_events, warm.event(registered()))
        await wait_for(lambda: commands.assigns("warm-up") != [], within_s=30)

        s = Stream("p-e2e")
        await publish(bootstrap, topics.petition_events, s.event(registered()))
        took = await wait_for(lambda: commands.assigns("p-e2e") == ["320812-ZJJ"], within_s=2)
        assert took < 2

        # Intake carries the command out; the petition shows in the department's queue.
        await publish(
            bootstrap, topics.petition_events, s.event(assigned("320812-ZJJ", Level.COUNTY))
        )

        def in_queue(dept: str, state: str) -> bool:
            r = client.get(f"/api/v1/queues/{dept}", headers=handler(dept), params={"state": state})
            return any(i["petition_id"] == "p-e2e" for i in r.json()["items"])

        await wait_for(lambda: in_queue("320812-ZJJ", "new"), within_s=5)

        # The bureau returns it: routing sends it elsewhere, and the return stays on record.
        await publish(bootstrap, topics.petition_events, s.event(returned("320812-ZJJ")))
        await wait_for(lambda: len(commands.assigns("p-e2e")) == 2, within_s=5)
        assert commands.assigns("p-e2e")[1] != "320812-ZJJ"
        await wait_for(lambda: in_queue("320812-ZJJ", "returned"), within_s=5)
