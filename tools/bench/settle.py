"""Wait until a running system has applied everything it was sent.

A figure read right after a fill measures the services while they still consume it: after a
year of the demo city each projection is busy for minutes, and a page's reads queue behind
its writes. The system has settled when every service's outbox is empty, every consumer's lag
is 0, and no consumer applied anything between two reads of the metrics.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from prometheus_client.parser import text_string_to_metric_families

from shared.runtime.services import CATALOGUE

# The gauges that say work is waiting, and the counter that says work is being done.
WAITING = ("outbox_backlog_messages", "consumer_lag_messages")
APPLIED = "consumer_processed"  # the parser strips a counter's ``_total``


def reading(url: str) -> tuple[float, float]:
    """(messages waiting, messages applied so far) of the service at ``url``."""
    r = httpx.get(f"{url}/metrics", timeout=10)
    r.raise_for_status()
    waiting = applied = 0.0
    for family in text_string_to_metric_families(r.text):
        if family.name in WAITING:
            waiting += sum(s.value for s in family.samples)
        elif family.name == APPLIED:
            applied += sum(s.value for s in family.samples if s.name.endswith("_total"))
    return waiting, applied


def wait_settled(
    port_base: int,
    *,
    timeout: float = 1800,
    interval: float = 2.0,
    on_poll: Callable[[float], None] | None = None,
) -> float:
    """Seconds it took the services on ``port_base`` to settle; raises after ``timeout``.
    ``on_poll`` is told the messages still waiting at each poll (a progress line)."""
    urls = [f"http://127.0.0.1:{i.port(port_base)}" for i in CATALOGUE if i.name != "gateway"]
    start = time.monotonic()
    before: float | None = None
    while True:
        readings = [reading(url) for url in urls]
        waiting = sum(w for w, _ in readings)
        applied = sum(a for _, a in readings)
        if on_poll is not None:
            on_poll(waiting)
        if waiting == 0 and applied == before:
            return time.monotonic() - start
        before = applied
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"the services still had {waiting:g} messages waiting")
        time.sleep(interval)  # between two metric reads: the interval is the measurement
