"""Consumer metrics in the default registry, labelled by consumer name only (low cardinality)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

PROCESSED = Counter(
    "consumer_processed_total",
    "Messages applied to a projection (not counting skipped duplicates).",
    ["consumer"],
)
SKIPPED = Counter(
    "consumer_skipped_total",
    "Messages skipped because the consumer had already processed them.",
    ["consumer"],
)
ERRORS = Counter(
    "consumer_errors_total",
    "Failures: each poison message, and each batch that had to be retried.",
    ["consumer"],
)
DEAD_LETTERED = Counter(
    "consumer_dead_lettered_total",
    "Messages written to the dead-letter topic (through the outbox).",
    ["consumer"],
)
LAG_MESSAGES = Gauge(
    "consumer_lag_messages",
    "Messages on the consumer's partitions not yet processed (high watermark minus position).",
    ["consumer"],
)
LAG_SECONDS = Gauge(
    "projection_lag_seconds",
    "Now minus the recorded time of the last event applied (Kafka timestamp if it has none).",
    ["consumer"],
)
STREAM_GAPS = Counter(
    "projection_stream_gaps_total",
    "Events not applied because their stream's version was beyond the next one (a gap).",
    ["consumer"],
)
STREAMS_WAITING = Gauge(
    "projection_stream_gaps_waiting",
    "Streams waiting on a gap: a later version was seen, the missing ones not yet applied.",
    ["consumer"],
)
