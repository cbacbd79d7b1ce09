"""Join the consumer groups without holding up the start of the service.

A Kafka consumer's start waits until its group has given it partitions. After a crash the
killed process is still a member of each of its groups until its session times out, so on the
embedded Tansu a join took about 18 s (5 s on a fresh group); and FastStream's
``broker.start()`` starts a broker's subscribers one after another. Routing, with two
consumers, answered ``/readyz`` 19-27 s after a restart, although nothing it serves over HTTP
needs a consumer to have joined (``/readyz``: database and broker reachable). So the service
connects to the broker, reports ready, and its subscribers start meanwhile, all at once. What
depends on a consumer's progress waits for it where it is read (supervision's scheduler:
``shared.consumer.catchup``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

from faststream.kafka import KafkaBroker

from shared.service.logging import get_logger

log = get_logger(__name__)


async def start_consuming(broker: KafkaBroker) -> None:
    """``broker.start()`` once ``broker.connect()`` has run, with the subscribers started
    together. A failure stops the process (SIGTERM to itself, so it shuts down cleanly), as
    a failed start did before: ``sunshine run`` or the orchestrator starts it again."""
    try:
        await asyncio.gather(*(sub.start() for sub in broker.subscribers))
        for publisher in broker.publishers:
            await publisher.start()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("consumers failed to start: stopping the service")
        os.kill(os.getpid(), signal.SIGTERM)
        return
    broker.running = True
    log.info("consumers started", subscribers=len(broker.subscribers))


async def stop_starting(task: asyncio.Task[None] | None) -> None:
    """Cancel ``start_consuming`` if it is still joining (the service stops first)."""
    if task is None or task.done():
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
