"""Relay metrics, registered once in the default registry; ``service`` is the only label."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

BACKLOG = Gauge("outbox_backlog_messages", "Outbox rows not yet published to Kafka", ["service"])
OLDEST_AGE = Gauge(
    "outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row", ["service"]
)
PUBLISHED = Counter(
    "outbox_published_total", "Outbox rows published to Kafka and marked", ["service"]
)
FAILURES = Counter(
    "outbox_publish_failures_total", "Relay passes that failed (broker or database)", ["service"]
)
REPUBLISHED = Counter(
    "outbox_republished_total",
    "Outbox rows queued again because the broker lost what it had",
    ["service"],
)
