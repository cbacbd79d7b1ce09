"""``sunshine run`` as a user runs it, on ports of its own: the broker answers with the topics,
every service that exists is healthy and serves metrics, a crashed broker or service comes
back, and SIGTERM leaves no process and no port behind.

While no service exists yet this checks the broker + supervisor path only (and says so in
its output); each service that exists (``services/<name>/__main__.py``) is checked too.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from shared.runtime.services import ServiceInfo, existing
from shared.runtime.topics import Topics
from tests.support.processes import (
    alive,
    descendants,
    env_without,
    free_port_block,
    free_ports,
    port_free,
    wait_for,
)
from tests.support.run_tiny import TINY

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Running:
    proc: subprocess.Popen[bytes]
    out: Path
    port_base: int
    broker_port: int
    services: list[ServiceInfo]

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    def url(self, info: ServiceInfo) -> str:
        return f"http://127.0.0.1:{info.port(self.port_base)}"


async def _topics(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


def _has_topics(bootstrap: str) -> bool:
    wanted = {s.name for s in Topics().specs()}
    return wanted <= asyncio.run(_topics(bootstrap))


def _ok(url: str) -> httpx.Response | None:
    resp = httpx.get(url, timeout=3)
    return resp if resp.status_code == 200 else None


def _start(tmp_path: Path, *, tiny: bool) -> Running:
    port_base = free_port_block(5)  # the gateway at base + 0, the services above
    [broker_port] = free_ports(1)
    services = [TINY] if tiny else existing()
    env = env_without("KAFKA_", "SUNSHINE_", *(s.env_prefix for s in services))
    data = str(tmp_path / "data")
    if tiny:
        cmd = ["tests.support.run_tiny", data, str(port_base), str(broker_port)]
    else:
        cmd = [
            "tools.cli.main", "run",
            "--data-dir", data,
            "--port-base", str(port_base),
            "--broker-port", str(broker_port),
            "--stop-timeout", "20",
        ]  # fmt: skip
    out = tmp_path / "run.out"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", *cmd], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    return Running(proc, out, port_base, broker_port, services)


@pytest.fixture(params=["catalogue", "tiny"])
def running(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Running]:
    """``catalogue``: the real ``sunshine run`` with the services that exist; ``tiny``: the
    same supervisor with a test service, so the service path runs before any service does."""
    run = _start(tmp_path, tiny=request.param == "tiny")
    try:
        yield run
    finally:
        if run.proc.poll() is None:
            for pid in descendants(run.proc.pid):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            run.proc.kill()
            run.proc.wait(10)


def test_run_brings_everything_up_and_sigterm_leaves_nothing(running: Running) -> None:
    if not running.services:
        print("no service exists yet: checking the broker and the supervisor only")
    wait_for(
        "the supervisor to report ready",
        lambda: "press Ctrl-C to stop" in running.output() or running.proc.poll() is not None,
        timeout=180,
    )
    assert running.proc.poll() is None, running.output()
    assert _has_topics(running.bootstrap), "the broker answers but lacks the topics"

    if any(info.front_door for info in running.services):
        # The address people open is the first line, and again above the table of addresses.
        door = f"请打开 open this: http://127.0.0.1:{running.port_base}/"
        out = running.output()
        assert out.splitlines()[0] == door, out
        assert out.index(door, len(door)) < out.index("is running"), out
    for info in running.services:
        url = running.url(info)
        assert _ok(f"{url}/healthz"), info.name
        assert _ok(f"{url}/readyz"), info.name
        metrics = _ok(f"{url}/metrics")
        assert metrics is not None and "http_request_duration_seconds" in metrics.text
        assert url in running.output()

    # The embedded broker keeps topics in memory: after a crash it is restarted, topics made.
    tree = descendants(running.proc.pid)
    [tansu] = [p for p in tree if "tansu" in Path(f"/proc/{p}/cmdline").read_text()]
    os.kill(tansu, signal.SIGKILL)
    wait_for("the broker back with its topics", lambda: _has_topics(running.bootstrap), 60)
    assert "broker exited" in running.output()

    # A service that dies is reported and restarted.
    if running.services:
        victim = running.services[0]
        url = running.url(victim)
        pid = int(
            wait_for("a pid", lambda: _service_pid(running.proc.pid, victim.module), timeout=10)
        )
        os.kill(pid, signal.SIGKILL)
        wait_for(f"{victim.name} restarted", lambda: f"{victim.name} exited" in running.output())
        wait_for(f"{victim.name} ready again", lambda: _ok(f"{url}/readyz"), timeout=120)

    tree = descendants(running.proc.pid)
    assert tree, "the supervisor has no children"
    running.proc.send_signal(signal.SIGTERM)
    code = running.proc.wait(60)
    assert code == 0, running.output()
    wait_for("every child gone", lambda: not any(alive(p) for p in tree), timeout=10)
    ports = [running.broker_port] + [s.port(running.port_base) for s in running.services]
    wait_for("every port free", lambda: all(port_free(p) for p in ports), timeout=10)
    assert "stopped" in running.output()


def _service_pid(root: int, module: str) -> int | None:
    for pid in descendants(root):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if module.encode() in cmd:
            return pid
    return None
