"""``sunshine rebuild`` and ``sunshine asyncapi`` on a service of the tests' own."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer
from typer.testing import CliRunner

from services.intake.tables import petitions
from shared.runtime import services
from shared.runtime.broker import EmbeddedBroker
from shared.runtime.services import ServiceInfo
from shared.runtime.topics import TopicSpec, ensure_topics
from tests.support.intake_api import intake_client, register
from tests.support.processes import free_port_block
from tests.support.run_tiny import TINY
from tools.cli.main import app

pytestmark = pytest.mark.integration


@pytest.fixture
def tiny_catalogue(monkeypatch: pytest.MonkeyPatch) -> ServiceInfo:
    monkeypatch.setattr(services, "CATALOGUE", (TINY,))
    return TINY


async def _publish(bootstrap: str, topic: str, values: list[bytes]) -> None:
    await ensure_topics(bootstrap, [TopicSpec(topic, 3)])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for i, v in enumerate(values):
            await producer.send_and_wait(topic, v, key=str(i).encode())
    finally:
        await producer.stop()


def test_rebuild_replays_the_topic_into_the_projection(
    tiny_catalogue: ServiceInfo,
    broker: EmbeddedBroker,
    topic_prefix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    topic = f"{topic_prefix}tiny.pings"
    bodies = [f"ping-{i}".encode() for i in range(25)]
    asyncio.run(_publish(broker.bootstrap_servers, topic, bodies))
    db = tmp_path / "tiny.sqlite3"
    monkeypatch.setenv("TINY_TOPIC", topic)
    monkeypatch.setenv("TINY_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap_servers)
    port_base = str(free_port_block(5))

    runner = CliRunner()
    for _ in range(2):  # twice: a rebuild starts from nothing, so the result is the same
        result = runner.invoke(app, ["rebuild", "tiny", "--port-base", port_base])
        assert result.exit_code == 0, result.output
        assert "tiny-pings: 25 events" in result.output

    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        got = sorted(r[0] for r in conn.execute(sa.text("SELECT body FROM tiny_pings")))
    engine.dispose()
    assert got == sorted(b.decode() for b in bodies)


def test_rebuild_names_the_known_projections(
    tiny_catalogue: ServiceInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TINY_DATABASE_URL", f"sqlite:///{tmp_path / 'tiny.sqlite3'}")
    result = CliRunner().invoke(
        app, ["rebuild", "tiny", "-p", "nope", "--port-base", str(free_port_block(5))]
    )
    assert result.exit_code == 2
    assert "tiny-pings" in result.output


def test_rebuild_intake_brings_its_petitions_back_from_its_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    with intake_client(url) as client:
        ids = sorted(register(client)["id"] for _ in range(3))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        live = [dict(r) for r in conn.execute(sa.select(petitions).order_by("id")).mappings()]
        conn.execute(sa.delete(petitions))
    monkeypatch.setenv("INTAKE_DATABASE_URL", url)

    result = CliRunner().invoke(app, ["rebuild", "intake", "--port-base", str(free_port_block(5))])
    assert result.exit_code == 0, result.output
    assert "petitions: 3 rows rebuilt from the events table" in result.output
    with engine.connect() as conn:
        rebuilt = [dict(r) for r in conn.execute(sa.select(petitions).order_by("id")).mappings()]
    engine.dispose()
    assert [r["id"] for r in rebuilt] == ids
    assert rebuilt == live


def test_rebuild_refuses_an_unknown_service() -> None:
    result = CliRunner().invoke(app, ["rebuild", "nosuch"])
    assert result.exit_code == 2
    assert "intake" in result.output


def test_asyncapi_documents_each_service(
    tiny_catalogue: ServiceInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TINY_TOPIC", "tiny.pings")
    out = tmp_path / "asyncapi"
    result = CliRunner().invoke(app, ["asyncapi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "tiny.json").read_text())
    assert doc["asyncapi"].startswith("3.")
    assert "tiny.pings" in json.dumps(doc)
    assert "asyncapi: 3.0.0" in (out / "tiny.yaml").read_text()
