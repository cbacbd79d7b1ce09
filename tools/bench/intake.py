"""Intake over HTTP, against a real intake process: saturation rate, open-loop latency at a
fixed offered rate, and resident memory after many registrations. Each HTTP figure stands
beside the same measurement of ``/healthz`` on the same server (the HTTP stack's own cost).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from shared.schemas.idnumber import sample_resident_id
from tools.bench.fixtures import service_process
from tools.bench.loadgen import Call, Connection
from tools.bench.report import Figure


@contextmanager
def intake_process(bootstrap: str, folder: Path) -> Iterator[tuple[int, int]]:
    """A real intake (``python -m services.intake``) on a free port; yields (port, pid)."""
    env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap}
    with service_process("intake", "bench.", folder, env) as (port, proc):
        yield port, proc.pid


class Registrations:
    """Valid registration bodies spread over the demo city's regions and categories."""

    def __init__(self, seed: int = 7) -> None:
        from shared.auth import Principal, Role, mint_token
        from shared.refdata import load_refdata
        from shared.settings import DEV_JWT_SECRET

        ref = load_refdata()
        self.rng = random.Random(seed)
        self.regions = [c for c in ref.regions if len(c) > 6]
        self.minors = [m.code for major in ref.majors.values() for m in major.minors]
        self.office = "320800-XFJ"
        who = Principal(user_id="bench-registrar", role=Role.REGISTRAR, org=self.office)
        self.headers = {"Authorization": f"Bearer {mint_token(who, DEV_JWT_SECRET)}"}

    def body(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "channel": rng.choice(["letter", "visit", "online", "phone"]),
            "kind": "claim",
            "category_code": rng.choice(self.minors),
            "region_code": rng.choice(self.regions),
            "receiving_org": self.office,
            "received_on": date.today().isoformat(),
            "title": "房屋征收补偿问题反映",
            "content": "关于房屋征收补偿标准的诉求，请求依法核实处理。" * 5,
            "petitioner": {
                "name": "张伟",
                "id_number": sample_resident_id(rng.randint(10**13, 10**14 - 1)),
                "phone": f"13{rng.randint(10**8, 10**9 - 1)}",
            },
        }

    def call(self) -> Call:
        return Call.post_json("/api/v1/petitions", self.body(), self.headers)


def healthz() -> Call:
    return Call("GET", "/healthz", {})


async def saturation(port: int, make: Callable[[], Call], n: int, workers: int = 16) -> float:
    """Closed loop: ``workers`` connections back to back; requests per second."""
    calls = [make() for _ in range(n)]  # built before the clock starts
    failed: list[int] = []

    async def worker(conn: Connection) -> None:
        while calls:
            status = await conn.send(calls.pop())
            if status >= 300:
                failed.append(status)

    conns = [Connection("127.0.0.1", port) for _ in range(workers)]
    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - start
    await asyncio.gather(*(c.close() for c in conns))
    if failed:
        raise RuntimeError(f"{len(failed)} of {n} requests failed, e.g. {failed[0]}")
    return n / elapsed


async def open_loop(
    port: int, make: Callable[[], Call], rate: float, seconds: float
) -> list[float]:
    """Requests sent on a fixed schedule whatever the answers; each latency counts from its
    scheduled time, so a slow answer cannot hide the queue behind it."""
    calls = [make() for _ in range(int(rate * seconds))]
    idle: list[Connection] = []
    latencies: list[float] = []

    async def one(call: Call, at: float) -> None:
        conn = idle.pop() if idle else Connection("127.0.0.1", port)
        status = await conn.send(call)
        latencies.append(time.perf_counter() - at)
        idle.append(conn)
        if status >= 300:
            raise RuntimeError(f"request failed with {status}")

    start = time.perf_counter()
    tasks = []
    for i, call in enumerate(calls):
        at = start + i / rate
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        tasks.append(asyncio.create_task(one(call, at)))
    await asyncio.gather(*tasks)
    await asyncio.gather(*(c.close() for c in idle))
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS for the intake process")


async def bench_intake(
    bootstrap: str, folder: Path, repeats: int, saturation_n: int, total: int
) -> list[Figure]:
    regs = Registrations()
    sat, sat_base, p50, p99, p99_base = [], [], [], [], []
    with intake_process(bootstrap, folder) as (port, pid):
        for _ in range(repeats):
            sat_base.append(await saturation(port, healthz, saturation_n))
            sat.append(await saturation(port, regs.call, saturation_n))
            base = await open_loop(port, healthz, 100, 10)
            lat = await open_loop(port, regs.call, 100, 10)
            p50.append(percentile(lat, 0.50) * 1000)
            p99.append(percentile(lat, 0.99) * 1000)
            p99_base.append(percentile(base, 0.99) * 1000)
        done = repeats * (saturation_n + 1000)
        if total > done:
            for start in range(done, total, 10_000):
                await saturation(port, regs.call, min(10_000, total - start))
        memory = rss_mb(pid)
    return [
        Figure("intake", "registrations at saturation", "req/s", sat,
               "GET /healthz at saturation", sat_base, min_value=500),
        Figure("intake", "registration p50 at 100/s offered", "ms", p50),
        Figure("intake", "registration p99 at 100/s offered", "ms", p99,
               "GET /healthz p99 at 100/s", p99_base, max_value=50),
        Figure("intake", f"RSS after {max(total, done):,} registrations", "MB", [memory],
               max_value=200),
    ]  # fmt: skip
