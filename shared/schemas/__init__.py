"""Event contracts: the envelope, the payloads of each stream type, and the upcasters."""

from shared.schemas.catalog import AnyPayload, EventEnvelope, decode_event, encode_event
from shared.schemas.envelope import SYSTEM_ACTOR, Actor, Envelope, RawEnvelope, new_id, utcnow

__all__ = [
    "SYSTEM_ACTOR",
    "Actor",
    "AnyPayload",
    "Envelope",
    "EventEnvelope",
    "RawEnvelope",
    "decode_event",
    "encode_event",
    "new_id",
    "utcnow",
]
