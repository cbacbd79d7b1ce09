"""The consumer and projection base every service uses (DESIGN.md, rules 3, 4 and 5).

``Projection`` says how to decode and apply a message; ``ProjectionRunner`` applies batches
idempotently in one transaction with dead letters through the outbox; ``subscribe`` wires a
runner to a FastStream broker with explicit acks (and ``broker_restarted`` rewinds it when the
embedded broker came back empty); ``rebuild`` replays a topic from offset 0.
"""

from shared.consumer.catchup import CatchUp
from shared.consumer.message import InboundMessage
from shared.consumer.projection import Projection, RetryableError, is_transient
from shared.consumer.rebuild import RebuildStalled, RebuildStats, rebuild
from shared.consumer.runner import BatchResult, ProjectionRunner, message_id
from shared.consumer.subscriber import broker_restarted, subscribe

__all__ = [
    "BatchResult",
    "CatchUp",
    "InboundMessage",
    "Projection",
    "ProjectionRunner",
    "RebuildStalled",
    "RebuildStats",
    "RetryableError",
    "broker_restarted",
    "is_transient",
    "message_id",
    "rebuild",
    "subscribe",
]
