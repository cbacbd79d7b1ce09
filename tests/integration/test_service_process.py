"""A service built with the skeleton, as a real process against the embedded broker: ready,
consumes, shows FastStream's and the HTTP metrics, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from shared.runtime.broker import EmbeddedBroker
from shared.runtime.topics import TopicSpec, ensure_topics
from tests.support.processes import env_without, free_ports, port_free, wait_for

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


async def _publish(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for v in values:
            await producer.send_and_wait(topic, v, key=b"k")
    finally:
        await producer.stop()


def test_tiny_service_process_lifecycle(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path
) -> None:
    [port] = free_ports(1)
    topic = f"{topic_prefix}tiny.pings"
    asyncio.run(ensure_topics(broker.bootstrap_servers, [TopicSpec(topic, 1)]))
    env = env_without("TINY_", "KAFKA_")
    env.update(
        TINY_PORT=str(port),
        TINY_DATABASE_URL=f"sqlite:///{tmp_path / 'tiny.sqlite3'}",
        TINY_TOPIC=topic,
        TINY_SHUTDOWN_TIMEOUT_S="5",
        KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers,
    )
    log = tmp_path / "tiny.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.tiny"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        ready = wait_for(
            "tiny /readyz",
            lambda: (r := httpx.get(f"{url}/readyz", timeout=3)).status_code == 200 and r,
            timeout=60,
        )
        assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}

        asyncio.run(_publish(broker.bootstrap_servers, topic, [b"one", b"two"]))
        wait_for(
            "the pings consumed",
            lambda: httpx.get(f"{url}/seen", timeout=3).json() == ["one", "two"],
            timeout=60,
        )
        metrics = httpx.get(f"{url}/metrics", timeout=3).text
        assert "faststream_received_messages_total" in metrics
        assert f'handler="{topic}"' in metrics or topic in metrics
        assert 'http_request_duration_seconds_count{method="GET",route="/seen"' in metrics
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    lines = log.read_text(errors="replace")
    # uvicorn re-raises the signal once shut down: dying by SIGTERM after cleanup is clean.
    assert code in (0, -signal.SIGTERM), lines
    assert '"event": "service stopped"' in lines, lines
    assert port_free(port)
