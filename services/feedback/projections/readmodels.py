"""The rebuildable read models as one consumer: satisfaction and the suggestion database.

One consumer, not two: each message is decoded once and tracked once, which is most of a
rebuild's cost. The parts stay separate classes (and can run alone, as the tests do).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from services.feedback.projections.satisfaction import WATCHED_TYPES, Satisfaction
from services.feedback.projections.suggestions import Suggestions
from shared.clock import Seen
from shared.consumer import InboundMessage, Projection
from shared.consumer.peek import Skipped, decode_only
from shared.refdata import ReferenceData
from shared.runtime.topics import Topics

NAME = "feedback-readmodels"


class ReadModels(Projection):
    def __init__(
        self,
        topics: Topics,
        name: str = NAME,
        refdata: ReferenceData | None = None,
        seen: Seen | None = None,
    ) -> None:
        self.name = name
        self.seen = seen  # a dated run's scheduler clock is shown each petition event
        self.topics = (topics.petition_events,)
        self.parts = (Satisfaction(topics, refdata=refdata), Suggestions(topics))
        self.tables = tuple(t for p in self.parts for t in p.tables)

    def decode(self, msg: InboundMessage) -> Any:
        return decode_only(msg, WATCHED_TYPES)  # the suggestions' one type is among them

    def apply(self, conn: Connection, event: Any, msg: InboundMessage) -> None:
        self.apply_batch(conn, [(event, msg)])

    def apply_batch(self, conn: Connection, batch: Sequence[tuple[Any, InboundMessage]]) -> None:
        if self.seen is not None:
            for event, _ in batch:
                if not isinstance(event, Skipped) and event.event_type.startswith("petition."):
                    self.seen(event.occurred_at, event.recorded_at)
        for part in self.parts:
            part.apply_batch(conn, batch)
