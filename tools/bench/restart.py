"""Time to ready after a crash (issue 13, item 3): a service killed with ``kill -9`` and started
again on its database, data in it, answers ``/readyz`` within seconds.

Every service runs as its own process on one broker (topics of their own), filled by some days
of the demo city. Then each in turn is killed and started again: the figure is the time from
the new process's start to its first ``/readyz`` 200 (``/healthz`` answers at the same moment:
uvicorn serves once the start is done). A killed consumer stays a member of its group until
its session times out, which is what a restart used to wait for. The imports count too: on a
busy machine they alone take seconds.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

from shared.clock import SystemClock
from shared.runtime.broker import free_port
from shared.runtime.services import DATED_RUN, existing
from shared.runtime.topics import Topics, ensure_topics
from shared.settings import DEV_JWT_SECRET
from tools.bench.fixtures import spawn_service, wait_ready
from tools.bench.report import Figure

TARGET_S = 5.0


def _until_ready(url: str, proc: subprocess.Popen[bytes]) -> float:
    """Seconds from now to ``/readyz`` answering 200 (polled finely: the figure is small)."""
    start = time.monotonic()
    wait_ready(url, proc, timeout=180, poll_s=0.02)
    return time.monotonic() - start


def _fill(urls: dict[str, str], days: int) -> None:
    from tools.demo import Demo

    # The services run on free ports, not the demo's default neighbours: name routing's.
    demo = Demo(urls["intake"], seed=5, secret=DEV_JWT_SECRET, routing_url=urls["routing"])
    today = SystemClock.of().today()
    demo.run(today - timedelta(days=days - 1), days, 40, lambda _day: None)


def bench_restart(bootstrap: str, folder: Path, repeats: int, days: int) -> list[Figure]:
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    asyncio.run(ensure_topics(bootstrap, Topics(prefix=prefix).specs()))
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
    }
    # The demo dates its requests, and the services follow its days as under sunshine run.
    env.update({f"{i.env_prefix}{k}": v for i in existing() for k, v in DATED_RUN})
    names = [info.name for info in existing()]
    ports = {name: free_port() for name in names}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    procs = {name: spawn_service(name, prefix, folder, env, ports[name]) for name in names}
    figures: list[Figure] = []
    try:
        for name in names:
            wait_ready(urls[name], procs[name], timeout=180)
        _fill(urls, days)
        ready: dict[str, list[float]] = {name: [] for name in names}
        # Round by round: the others' restarts give a service's consumers time to join
        # before it is killed again (a second dead member would only add to the wait).
        for _ in range(repeats):
            for name in names:
                procs[name].kill()
                procs[name].wait(10)
                procs[name] = spawn_service(name, prefix, folder, env, ports[name])
                ready[name].append(_until_ready(urls[name], procs[name]))
        for name in names:
            what = f"{name}: kill -9, start again → /readyz"
            figures.append(Figure("restart", what, "s", ready[name], max_value=TARGET_S))
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    return figures
