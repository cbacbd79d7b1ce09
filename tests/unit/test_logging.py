"""Log lines are JSON, carry the bound context, and never show a petitioner's personal data."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from shared.service.logging import bind_message, bound, configure_logging, get_logger


@pytest.fixture
def lines(capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    configure_logging("tiny", "DEBUG")

    def read() -> list[dict[str, object]]:
        out = capsys.readouterr().out
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    yield read
    structlog.reset_defaults()
    logging.getLogger().handlers[:] = []


def test_personal_data_is_masked_at_any_depth(lines) -> None:  # type: ignore[no-untyped-def]
    get_logger("t").info(
        "registered",
        petition_id="p-1",
        petitioner={"name": "张三", "id_number": "110101199001011234"},
        phone="13800000000",
        payload={"content": "我要举报", "items": [{"address": "北京市东城区"}]},
    )
    [line] = lines()
    text = json.dumps(line, ensure_ascii=False)
    for secret in ("张三", "110101199001011234", "13800000000", "我要举报", "北京市东城区"):
        assert secret not in text
    assert line["petition_id"] == "p-1"
    assert line["petitioner"] == "***"
    assert line["payload"] == {"content": "***", "items": [{"address": "***"}]}
    assert line["service"] == "tiny"
    assert line["level"] == "info"
    assert line["event"] == "registered"


def test_stdlib_extras_are_masked_too(lines) -> None:  # type: ignore[no-untyped-def]
    logging.getLogger("faststream.tiny").info("consumed", extra={"phone": "13800000000"})
    [line] = lines()
    assert line["phone"] == "***"
    assert line["event"] == "consumed"


def test_bound_context_rides_along(lines) -> None:  # type: ignore[no-untyped-def]
    log = get_logger("t")
    with (
        bound(correlation_id="c-1"),
        bind_message(topic="petition.events", partition=3, offset=42, event_id="e-9"),
    ):
        log.info("projected")
    log.info("after")
    first, second = lines()
    assert first["correlation_id"] == "c-1"
    assert (first["topic"], first["partition"], first["offset"], first["event_id"]) == (
        "petition.events",
        3,
        42,
        "e-9",
    )
    assert "correlation_id" not in second
    assert "offset" not in second
