"""Topic names and their creation. Names come from settings so tests can use their own."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from shared.settings import KafkaSettings


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int = 6
    replication_factor: int = 1
    config: tuple[tuple[str, str], ...] = ()


async def ensure_topics(
    bootstrap_servers: str, specs: list[TopicSpec], timeout_ms: int = 10000
) -> list[str]:
    """Create the topics that do not exist yet; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=timeout_ms)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        if not missing:
            return []
        new = [
            NewTopic(s.name, s.partitions, s.replication_factor, topic_configs=dict(s.config))
            for s in missing
        ]
        # A concurrent creator may win; the topic is there either way.
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(new)
        return [s.name for s in missing]
    finally:
        await admin.close()


@dataclass(frozen=True)
class Topics:
    """Every topic the system uses, with an optional prefix (tests use their own)."""

    prefix: str = ""

    @classmethod
    def of(cls, kafka: KafkaSettings | None = None) -> Topics:
        """The topics of this run: ``KAFKA_TOPIC_PREFIX`` (tests give each run its own)."""
        return cls(prefix=(kafka or KafkaSettings()).topic_prefix)

    def _name(self, base: str) -> str:
        return f"{self.prefix}{base}"

    @property
    def petition_events(self) -> str:
        return self._name("petition.events")

    @property
    def petition_commands(self) -> str:
        return self._name("petition.commands")

    @property
    def command_outcomes(self) -> str:
        return self._name("petition.command-outcomes")

    @property
    def supervision_events(self) -> str:
        return self._name("supervision.events")

    @property
    def overdue(self) -> str:
        """Every overdue case, for the discipline inspectors."""
        return self._name("supervision.overdue")

    @property
    def feedback_events(self) -> str:
        return self._name("feedback.events")

    @property
    def index_events(self) -> str:
        return self._name("index.events")

    @property
    def routing_events(self) -> str:
        return self._name("routing.events")

    @property
    def dead_letters(self) -> str:
        return self._name("deadletter")

    def specs(self, partitions: int = 6, replication_factor: int = 1) -> list[TopicSpec]:
        names = [
            self.petition_events,
            self.petition_commands,
            self.command_outcomes,
            self.routing_events,
            self.supervision_events,
            self.overdue,
            self.feedback_events,
            self.index_events,
            self.dead_letters,
        ]
        return [TopicSpec(n, max(partitions, 6), replication_factor) for n in names]
