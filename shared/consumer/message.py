"""What a projection sees of a Kafka record: plain data, independent of FastStream and aiokafka."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InboundMessage:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()
    timestamp_ms: int = 0

    @classmethod
    def from_record(cls, record: Any) -> InboundMessage:
        """From an aiokafka ``ConsumerRecord`` (raw bytes: no deserializers configured)."""
        return cls(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key,
            # A tombstone has no value; an empty payload is then what fails to decode.
            value=record.value if record.value is not None else b"",
            headers=_headers(record.headers) if record.headers else (),
            timestamp_ms=record.timestamp if record.timestamp is not None else 0,
        )

    @property
    def position(self) -> str:
        """The message's place in the log, its id when its value has no event id."""
        return f"{self.topic}:{self.partition}:{self.offset}"


def _headers(raw: Any) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, value or b"") for name, value in raw)
