from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from shared.schemas import Actor, EventEnvelope, decode_event, encode_event
from shared.schemas.petition import PetitionClosed, PetitionWithdrawn
from shared.schemas.upcasting import UnknownSchemaVersion, UpcasterRegistry

ACTOR = Actor(user_id="u1", role="registrar", org="320800")


def _event(**kw: object) -> EventEnvelope:
    base: dict[str, object] = dict(
        event_type="petition.closed",
        schema_version=1,
        stream_id="p-1",
        stream_version=1,
        occurred_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        actor=ACTOR,
        correlation_id="c-1",
        payload=PetitionClosed(reason="done"),
    )
    base.update(kw)
    return EventEnvelope.model_validate(base)


def test_round_trip_through_json() -> None:
    ev = _event()
    assert decode_event(encode_event(ev)) == ev


def test_payload_is_chosen_by_its_type() -> None:
    raw = _event().model_dump(mode="json")
    raw["payload"] = {"type": "petition.withdrawn", "reason": "settled"}
    assert isinstance(decode_event(raw).payload, PetitionWithdrawn)


def test_unknown_payload_type_is_refused() -> None:
    raw = _event().model_dump(mode="json")
    raw["payload"] = {"type": "petition.exploded"}
    with pytest.raises(ValidationError):
        decode_event(raw)


def test_envelope_is_frozen() -> None:
    ev = _event()
    with pytest.raises(ValidationError):
        ev.stream_version = 2  # type: ignore[misc]


def test_version_1_event_is_read_as_version_2() -> None:
    """v1 of petition.closed had a free-text ``note``; v2 calls it ``reason``."""
    registry = UpcasterRegistry()

    @registry.register("petition.closed", from_version=1)
    def _rename(payload: dict[str, object]) -> dict[str, object]:
        payload["reason"] = payload.pop("note")
        return payload

    raw = _event().model_dump(mode="json")
    raw["payload"] = {"type": "petition.closed", "note": "resolved in mediation"}
    ev = decode_event(raw, registry)
    assert ev.schema_version == 2
    assert ev.payload == PetitionClosed(reason="resolved in mediation")


def test_a_version_newer_than_the_code_is_refused() -> None:
    raw = _event(schema_version=3).model_dump(mode="json")
    with pytest.raises(UnknownSchemaVersion):
        decode_event(raw, UpcasterRegistry())
