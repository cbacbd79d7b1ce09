"""The relay's producer keeps one key's order across retries, on either broker (DESIGN.md,
rule 2): on Apache Kafka idempotent with every replica's ack, on the embedded Tansu (which
refuses the idempotent producer) with one request in flight."""

from __future__ import annotations

import pytest
from aiokafka import AIOKafkaProducer
from pydantic import ValidationError

from shared.outbox.relay import producer_settings
from shared.settings import KafkaSettings


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> KafkaSettings:
    for name in ("KAFKA_ENABLE_IDEMPOTENCE", "KAFKA_ACKS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return KafkaSettings()


async def test_on_apache_kafka_the_relay_producer_is_idempotent_with_all_acks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = producer_settings(_settings(monkeypatch, KAFKA_ENABLE_IDEMPOTENCE="true"))
    assert settings["enable_idempotence"] is True and settings["acks"] == "all"
    producer = AIOKafkaProducer(**settings)  # aiokafka accepts the combination
    assert producer._sender._acks == -1  # "all", as aiokafka sends it


async def test_on_the_embedded_broker_one_request_is_in_flight_per_broker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = producer_settings(_settings(monkeypatch))
    assert settings["enable_idempotence"] is False and settings["acks"] == "all"
    producer = AIOKafkaProducer(**settings)
    # aiokafka's sender skips a broker with a request in flight (in effect max_in_flight=1)
    # and mutes its partitions: a retry cannot be overtaken. Pinned, as no setting shows it.
    assert producer._sender._in_flight == set()
    assert producer._sender._muted_partitions == set()


def test_idempotence_without_all_acks_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="KAFKA_ACKS=all"):
        _settings(monkeypatch, KAFKA_ENABLE_IDEMPOTENCE="true", KAFKA_ACKS="1")
