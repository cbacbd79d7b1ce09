"""Skip decoding what a projection does not read: a rebuild is bound by decoding.

The envelope's header fields come first in the JSON (``encode_event`` writes them in the
model's order) and string values are escaped, so the event id, type, stream and version can
be read from the raw bytes without parsing the rest. A message whose header cannot be read
this way is decoded in full as usual (and dead-lettered if bad).

A skipped event still carries its stream and version, so the runner tracks it per stream
like any other (one row per petition), not with a row of its own per message.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from shared.consumer.message import InboundMessage
from shared.consumer.projection import decode_current

_HEADER = re.compile(
    rb'^\{"event_id":"([^"\\]{1,64})","event_type":"([^"\\]{1,100})","schema_version":\d+,'
    rb'"stream_id":"([^"\\]{1,128})","stream_version":(\d{1,9}),'
)


class Skipped:
    """An event the projection ignores; only its id matters (the tracking row). A plain
    class: a frozen dataclass costs more to build than the rest of a skip."""

    __slots__ = ("event_id", "event_type", "stream_id", "stream_version")
    payload = None
    recorded_at = None

    def __init__(self, event_id: str, event_type: str, stream_id: str, version: int) -> None:
        self.event_id = event_id
        self.event_type = event_type
        self.stream_id = stream_id
        self.stream_version = version


def decode_only(msg: InboundMessage, wanted: Collection[str], must_hold: bytes = b"") -> Any:
    """The event if its type is ``wanted`` (and its bytes hold ``must_hold``), else a
    ``Skipped`` stand-in."""
    m = _HEADER.match(msg.value)
    if m is None:
        return decode_current(msg.value)
    event_type = m.group(2).decode()
    if event_type in wanted and must_hold in msg.value:
        return decode_current(msg.value)
    return Skipped(m.group(1).decode(), event_type, m.group(3).decode(), int(m.group(4)))


def stream_of(value: bytes) -> tuple[str, int] | None:
    """The stream id and version in an envelope's header, if it reads (even when the rest
    of the message does not decode)."""
    m = _HEADER.match(value)
    return (m.group(3).decode(), int(m.group(4))) if m else None
