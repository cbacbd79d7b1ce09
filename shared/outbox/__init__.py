"""The outbox relay: publishes a service's outbox rows to Kafka, in order per key, at least once
(DESIGN.md, rule 2), and republishes them when the broker lost what it had."""

from shared.outbox.relay import OutboxRelay

__all__ = ["OutboxRelay"]
