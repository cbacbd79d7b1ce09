"""Document in AsyncAPI the topics a service publishes through its outbox.

Messages go out through the outbox relay (DESIGN.md, rule 2), never through a FastStream
publisher; declaring one anyway puts the topic and its schema in the generated document.
"""

from __future__ import annotations

from faststream.kafka import KafkaBroker
from pydantic import BaseModel


def declare_outbox_topic(
    broker: KafkaBroker, topic: str, schema: type[BaseModel], description: str
) -> None:
    broker.publisher(
        topic,
        title=f"{topic}:publish",
        description=f"{description} Published through the outbox relay, at least once; "
        "consumers dedupe on the message id.",
        schema=schema,
    )
