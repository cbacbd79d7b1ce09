"""The dead-letter contract: a message a consumer could not process, with its origin and error.

Published on ``Topics.dead_letters`` through the failing consumer's outbox (DESIGN.md, rule 4),
keyed by the origin message's key. The original bytes travel base64-encoded, so a message that
is not even valid UTF-8 or JSON survives intact and can be replayed once the bug is fixed.
The payload may hold personal data: read dead letters with the same care as the origin topic.
"""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.schemas.envelope import utcnow

MAX_ERROR_CHARS = 2000


class DeadLetter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = 1
    consumer: str
    service: str
    # The id the consumer tracked the message under (event id, or topic:partition:offset).
    message_id: str
    origin_topic: str
    origin_partition: int
    origin_offset: int
    origin_timestamp_ms: int = 0
    key: str | None = None
    payload: str = Field(description="the original value, base64")
    payload_text: str = Field(description="the original value as UTF-8, undecodable bytes replaced")
    error_type: str
    error: str = Field(max_length=MAX_ERROR_CHARS)
    # Wall clock: when processing failed is a fact about the consumer, not about the event.
    failed_at: datetime = Field(default_factory=utcnow)

    @classmethod
    def build(
        cls,
        *,
        consumer: str,
        service: str,
        message_id: str,
        topic: str,
        partition: int,
        offset: int,
        timestamp_ms: int,
        key: bytes | None,
        value: bytes,
        exc: BaseException,
    ) -> DeadLetter:
        return cls(
            consumer=consumer,
            service=service,
            message_id=message_id,
            origin_topic=topic,
            origin_partition=partition,
            origin_offset=offset,
            origin_timestamp_ms=timestamp_ms,
            key=None if key is None else key.decode("utf-8", errors="replace"),
            payload=base64.b64encode(value).decode("ascii"),
            payload_text=value.decode("utf-8", errors="replace"),
            error_type=_qualified_name(type(exc)),
            error=str(exc)[:MAX_ERROR_CHARS],
        )

    def payload_bytes(self) -> bytes:
        """The original message value, byte for byte."""
        return base64.b64decode(self.payload)


def _qualified_name(cls: type) -> str:
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"
