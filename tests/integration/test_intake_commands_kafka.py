"""Commands on ``petition.commands`` over a real broker: run once, outcome published, events
on ``petition.events`` through the relay."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from services.intake.main import build_parts
from services.intake.settings import IntakeSettings
from shared.clock import FakeClock
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import Topics, ensure_topics
from shared.schemas.commands import CommandMessage, CommandOutcome
from shared.schemas.envelope import Actor
from shared.service.app import create_service_app
from shared.settings import KafkaSettings
from tests.support.intake_api import DEPT, TODAY, registration

ROUTING = Actor(user_id="routing", role="system", org="routing")


def message(petition_id: str | None, command: dict[str, Any], **kw: Any) -> CommandMessage:
    return CommandMessage.model_validate(
        {
            "command_id": kw.pop("command_id", uuid.uuid4().hex),
            "petition_id": petition_id,
            "actor": ROUTING,
            "correlation_id": uuid.uuid4().hex,
            "command": command,
            **kw,
        }
    )


async def _outcomes(kafka: KafkaSettings, topic: str, want: int, limit_s: float) -> list[Any]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=kafka.bootstrap_servers, auto_offset_reset="earliest"
    )
    await consumer.start()
    got: list[CommandOutcome] = []
    deadline = time.monotonic() + limit_s
    try:
        while len(got) < want and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            got += [
                CommandOutcome.model_validate_json(r.value) for rs in batch.values() for r in rs
            ]
    finally:
        await consumer.stop()
    return got


async def _scenario(kafka: KafkaSettings, url: str) -> None:
    topics = Topics(kafka.topic_prefix)
    await ensure_topics(kafka.bootstrap_servers, topics.specs())
    settings = IntakeSettings(database_url=url, environment="test")
    parts = build_parts(settings, kafka=kafka, clock=FakeClock(TODAY))
    app = create_service_app(parts)
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap_servers)
    await producer.start()
    async with app.router.lifespan_context(app):
        reg = message(None, {"command": "register", **registration()})
        await producer.send_and_wait(topics.petition_commands, reg.model_dump_json().encode())
        [registered] = await _outcomes(kafka, topics.command_outcomes, 1, 30)
        assert registered.status == "done" and registered.version == 1
        pid = registered.petition_id
        assert pid is not None
        assign = message(pid, {"command": "assign", "department": DEPT, "reason": "规则"})
        wrong = message(pid, {"command": "reply", "reply_text": "x", "document_ref": "d"})
        for m in (assign, assign, wrong):  # the assign twice: a redelivery runs once
            await producer.send_and_wait(
                topics.petition_commands, m.model_dump_json().encode(), key=pid.encode()
            )
        outcomes = await _outcomes(kafka, topics.command_outcomes, 3, 30)
    await producer.stop()
    by_id = {o.command_id: o for o in outcomes}
    assert len(outcomes) == 3
    assert by_id[assign.command_id].status == "done"
    assert by_id[assign.command_id].version == 2
    assert by_id[wrong.command_id].status == "refused"
    assert by_id[wrong.command_id].code == "invalid_transition"
    assert parts.api is not None
    assert [e.event_type for e in parts.api.store.read_stream(pid)] == [
        "petition.registered",
        "petition.assigned",
    ]


def test_commands_over_kafka_produce_outcomes(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path
) -> None:
    kafka = KafkaSettings(bootstrap_servers=broker.bootstrap_servers, topic_prefix=topic_prefix)
    asyncio.run(_scenario(kafka, f"sqlite:///{tmp_path / 'intake.sqlite3'}"))
