"""``sunshine run`` as a process on ports of its own, for the end-to-end and fault tests: start it,
find its children, run the operator's commands (demo, check) beside it, stop it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from shared.runtime.services import by_name, existing
from tests.support.processes import descendants, env_without, free_port_block, free_ports, wait_for
from tools.cli.reconcile import read_only_engine

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class System:
    proc: subprocess.Popen[bytes]
    out: Path
    data: Path
    port_base: int
    broker_port: int

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{by_name(service).port(self.port_base)}"

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    def env(self) -> dict[str, str]:
        """The environment of a command an operator runs beside this system."""
        return {
            **env_without("KAFKA_", "SUNSHINE_", *(s.env_prefix for s in existing())),
            "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{self.broker_port}",
        }

    def sunshine(self, *args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
        """``sunshine ARGS`` as an operator runs it beside the system."""
        cmd = [sys.executable, "-m", "tools.cli.main", *args]
        return subprocess.Popen(cmd, cwd=ROOT, env=self.env(), **kwargs)

    def check(self) -> dict[str, Any]:
        """``sunshine check --format json`` on this system's databases."""
        proc = self.sunshine(
            "check", "--data-dir", str(self.data), "--format", "json", stdout=subprocess.PIPE
        )
        out, _ = proc.communicate(timeout=120)
        report: dict[str, Any] = json.loads(out)
        assert (proc.returncode == 0) == report["ok"], report
        return report

    def query(self, service: str, sql: str) -> list[Any]:
        """Rows of a read-only query on a service's SQLite database."""
        engine = read_only_engine(by_name(service).default_database_url(self.data))
        try:
            with engine.connect() as conn:
                return list(conn.execute(text(sql)))
        finally:
            engine.dispose()

    def pid(self, needle: str) -> int | None:
        """The child whose command line holds ``needle`` (e.g. ``services.routing``)."""
        for pid in descendants(self.proc.pid):
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(needle.encode() in part for part in cmd):
                return pid
        return None


@contextlib.contextmanager
def running_system(
    tmp: Path, ready_timeout: float = 180, settings: Mapping[str, str] | None = None
) -> Iterator[System]:
    """``sunshine run`` on free ports (the gateway's base + 0 too), with these service
    settings (``NAME_FIELD``) in its environment."""
    port_base = free_port_block(5)
    [broker_port] = free_ports(1)
    data = tmp / "data"
    out = tmp / "run.out"
    cmd = [
        sys.executable, "-m", "tools.cli.main", "run",
        "--data-dir", str(data),
        "--port-base", str(port_base),
        "--broker-port", str(broker_port),
    ]  # fmt: skip
    env = env_without("KAFKA_", "SUNSHINE_", *(s.env_prefix for s in existing()))
    env.update(settings or {})
    with out.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    system = System(proc, out, data, port_base, broker_port)
    try:
        wait_for(
            "sunshine run to report ready",
            lambda: "press Ctrl-C to stop" in system.output() or proc.poll() is not None,
            timeout=ready_timeout,
        )
        assert proc.poll() is None, system.output()
        yield system
    finally:
        stop_run(proc)


def stop_run(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to ``sunshine run``; what is still there after 30 s is killed, children too."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        for pid in descendants(proc.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.wait(10)
