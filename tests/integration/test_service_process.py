"""A service built with the skeleton, as a real process against the embedded broker: ready,
consumes, shows FastStream's and the HTTP metrics, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from datetime import datetime
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


def _tiny_env(broker: EmbeddedBroker, port: int, topic: str, tmp_path: Path) -> dict[str, str]:
    asyncio.run(ensure_topics(broker.bootstrap_servers, [TopicSpec(topic, 1)]))
    env = env_without("TINY_", "KAFKA_")
    env.update(
        TINY_PORT=str(port),
        TINY_DATABASE_URL=f"sqlite:///{tmp_path / 'tiny.sqlite3'}",
        TINY_TOPIC=topic,
        TINY_SHUTDOWN_TIMEOUT_S="5",
        KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers,
    )
    return env


def _spawn(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.support.tiny"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _ready(url: str) -> httpx.Response | None:
    r = httpx.get(f"{url}/readyz", timeout=3)
    return r if r.status_code == 200 else None


def test_tiny_service_process_lifecycle(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path
) -> None:
    [port] = free_ports(1)
    topic = f"{topic_prefix}tiny.pings"
    env = _tiny_env(broker, port, topic, tmp_path)
    log = tmp_path / "tiny.log"
    proc = _spawn(env, log)
    url = f"http://127.0.0.1:{port}"
    try:
        ready = wait_for("tiny /readyz", lambda: _ready(url), timeout=60)
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


def _serving_since(log: Path, pid: int) -> float | None:
    """When uvicorn in process ``pid`` began (its imports done): the log's own timestamp."""
    for line in log.read_text(errors="replace").splitlines():
        if f"Started server process [{pid}]" in line:
            return datetime.fromisoformat(json.loads(line)["timestamp"]).timestamp()
    return None


def test_a_killed_service_is_ready_again_in_seconds(
    broker: EmbeddedBroker, topic_prefix: str, tmp_path: Path
) -> None:
    """After ``kill -9`` the dead process stays a member of its consumer group until its
    session times out (a join took about 18 s on the embedded broker); the restarted service
    must not wait for that to be ready, and its consumer still joins and goes on. Timed from
    when the new process began serving, so that a busy machine's slow imports do not count."""
    [port] = free_ports(1)
    topic = f"{topic_prefix}tiny.pings"
    env, log = _tiny_env(broker, port, topic, tmp_path), tmp_path / "tiny.log"
    url = f"http://127.0.0.1:{port}"
    proc = _spawn(env, log)
    try:
        wait_for("tiny /readyz", lambda: _ready(url), timeout=90)
        asyncio.run(_publish(broker.bootstrap_servers, topic, [b"before"]))
        wait_for("the group joined", lambda: httpx.get(f"{url}/seen").json(), timeout=60)
        proc.kill()
        proc.wait(10)

        proc = _spawn(env, log)
        pid = proc.pid
        wait_for("tiny /readyz after the crash", lambda: _ready(url), timeout=120, every=0.05)
        ready_at = time.time()
        began = wait_for("the new process in the log", lambda: _serving_since(log, pid))
        assert ready_at - began < 5, f"ready {ready_at - began:.1f} s after it began serving"

        asyncio.run(_publish(broker.bootstrap_servers, topic, [b"after"]))
        seen = lambda: "after" in httpx.get(f"{url}/seen").json()  # noqa: E731
        wait_for("the ping after the restart consumed", seen, timeout=90)
    finally:
        proc.kill()
        proc.wait(10)
