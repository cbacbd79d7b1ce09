"""``sunshine replay`` against the embedded broker: one petition's timeline with its
deadlines met or missed, one person's actions, JSON and CSV."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import typer
from aiokafka import AIOKafkaProducer
from typer.testing import CliRunner

from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import Topics, ensure_topics
from shared.schemas.catalog import EventEnvelope, encode_event
from shared.settings import KafkaSettings
from tests.support.processes import env_without, free_ports
from tests.support.supervision import DAY0, Stream, accepted, assigned, registered, replied
from tools.cli.replay import replay

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


async def publish(bootstrap: str, topic: str, events: list[EventEnvelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for e in events:
            await producer.send_and_wait(topic, encode_event(e), key=e.key())
    finally:
        await producer.stop()


def test_replay_rebuilds_a_timeline(
    broker: EmbeddedBroker, topic_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bootstrap = broker.bootstrap_servers
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    monkeypatch.setenv("KAFKA_TOPIC_PREFIX", topic_prefix)
    topics = Topics(prefix=topic_prefix)
    asyncio.run(ensure_topics(bootstrap, topics.specs()))
    a, b = Stream("p-a"), Stream("p-b")
    events = [
        a.event(registered()),
        a.event(assigned(DAY0 + timedelta(days=20))),  # forwarded 5 days late
        a.event(accepted(DAY0 + timedelta(days=21))),
        a.event(replied(DAY0 + timedelta(days=50))),
        b.event(registered()),
    ]
    asyncio.run(publish(bootstrap, topics.petition_events, [*events, events[1]]))  # a repeat
    app = typer.Typer()
    app.command()(replay)
    runner = CliRunner()

    result = runner.invoke(app, ["--petition", "p-a", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["version"] for r in rows] == [1, 2, 3, 4]
    assert [(r["deadline"], r["met"]) for r in rows] == [
        ("forward", None),
        ("forward", False),
        ("acceptance_notice", True),
        ("handling", True),
    ]
    assert rows[1]["event_id"] == events[1].event_id

    result = runner.invoke(app, ["--user", "intake-test", "--format", "csv"])
    assert result.exit_code == 0, result.output
    found = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["petition_id"] for r in found} == {"p-a", "p-b"} and len(found) == 5

    monkeypatch.setenv("COLUMNS", "250")  # wide enough for every column
    result = runner.invoke(app, ["--petition", "p-a"])
    assert result.exit_code == 0 and "missed" in result.stdout


def _replay_without_broker(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "tools.cli.main", "replay", "--format", "json"]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_replay_without_a_broker_says_so_in_one_line() -> None:
    [port] = free_ports(1)
    env = {**env_without("KAFKA_"), "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{port}"}
    run = _replay_without_broker(env)
    assert run.returncode == 1 and run.stdout == ""
    assert "Traceback" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    assert f"127.0.0.1:{port}" in line and "KAFKA_BOOTSTRAP_SERVERS" in line


def test_replay_defaults_to_the_broker_every_service_uses() -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 9092)) == 0:
            pytest.skip("a broker is listening on 127.0.0.1:9092 here")
    run = _replay_without_broker(env_without("KAFKA_"))
    assert run.returncode == 1, run.stderr
    assert f"broker at {KafkaSettings().bootstrap_servers}" in run.stderr
    assert "127.0.0.1:9092" in run.stderr
