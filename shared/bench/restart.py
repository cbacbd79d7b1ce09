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
from datetime import date, timedelta
from pathlib import Path

import httpx

from shared.bench.fixtures import spawn_service, wait_ready
from shared.bench.report import Figure
from shared.runtime.broker import free_port
from shared.runtime.services import existing
from shared.runtime.topics import Topics, ensure_topics
from shared.service.settings import DEV_JWT_SECRET

TARGET_S = 5.0


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _until_ready(name: str, start: float, url: str, proc: subprocess.Popen[bytes]) -> float:
    """Seconds from ``start`` to ``/readyz`` answering 200."""
    deadline = start + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode} after its restart")
        if _answers(f"{url}/readyz"):
            return time.monotonic() - start
        time.sleep(0.02)
    raise TimeoutError(f"{name} was not ready 180 s after its restart")


def _fill(intake: str, days: int) -> None:
    from shared.cli.demo import Demo

    Demo(intake, seed=5, secret=DEV_JWT_SECRET).run(
        date.today() - timedelta(days=days - 1), days, 40, lambda _day: None
    )


def bench_restart(bootstrap: str, folder: Path, repeats: int, days: int) -> list[Figure]:
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    asyncio.run(ensure_topics(bootstrap, Topics(prefix=prefix).specs()))
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
        "INTAKE_ALLOW_DATE_OVERRIDE": "true",  # the demo dates its requests
    }
    names = [info.name for info in existing()]
    ports = {name: free_port() for name in names}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    procs = {name: spawn_service(name, prefix, folder, env, ports[name]) for name in names}
    figures: list[Figure] = []
    try:
        for name in names:
            wait_ready(urls[name], procs[name], timeout=180)
        _fill(urls["intake"], days)
        ready: dict[str, list[float]] = {name: [] for name in names}
        # Round by round: the others' restarts give a service's consumers time to join
        # before it is killed again (a second dead member would only add to the wait).
        for _ in range(repeats):
            for name in names:
                procs[name].kill()
                procs[name].wait(10)
                start = time.monotonic()
                procs[name] = spawn_service(name, prefix, folder, env, ports[name])
                ready[name].append(_until_ready(name, start, urls[name], procs[name]))
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
