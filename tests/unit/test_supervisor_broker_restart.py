"""``sunshine run`` after the embedded broker crashed: before the new broker listens, every
ready service is told (it rewinds its consumers and requeues its outbox) and paused until the
topics exist again, and a service still starting, which cannot be told, is started afresh."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from shared.runtime.broker import BROKER_RESTARTED_SIGNAL
from shared.runtime.services import ServiceInfo
from shared.runtime.supervisor import Child, RunConfig, Supervisor, _signal_group
from tests.support.processes import wait_for

INFO = ServiceInfo("tiny", 1, "a test service", package="tests.support.tiny")


def _supervisor(tmp_path: Path) -> Supervisor:
    return Supervisor(RunConfig(data_dir=tmp_path), console=Console(file=io.StringIO()))


def _child(tmp_path: Path, name: str, script: str) -> Child:
    child = Child(INFO, 0, tmp_path / f"{name}.log")
    # A session of its own, as the supervisor gives its services: it signals the group.
    child.proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, start_new_session=True
    )
    assert child.proc.stdout is not None and child.proc.stdout.readline() == b"up\n"
    return child


def test_ready_services_are_told_and_starting_ones_restarted(tmp_path: Path) -> None:
    told = tmp_path / "told"
    listens = (
        "import pathlib, signal, time\n"
        f"signal.signal({int(BROKER_RESTARTED_SIGNAL)}, "
        f"lambda *_: pathlib.Path({str(told)!r}).write_text('told'))\n"
        "print('up', flush=True)\n"
        "time.sleep(60)\n"
    )
    ready = _child(tmp_path, "ready", listens)
    ready.ready = True
    starting = _child(tmp_path, "starting", "import time\nprint('up', flush=True)\ntime.sleep(60)")
    sup = _supervisor(tmp_path)
    sup.children = [ready, starting]
    try:
        paused = sup.announce_broker_restart()

        assert paused == [ready] and _state(ready) == "T"  # stopped while the broker starts
        assert starting.proc is not None and starting.proc.poll() is not None
        _signal_group(ready, signal.SIGCONT)  # what check_broker does once the topics exist
        wait_for("the ready service to be told", told.exists, timeout=10)
        assert ready.alive()
    finally:
        for child in sup.children:
            if child.proc is not None:
                child.proc.kill()
                child.proc.wait(5)


def _state(child: Child) -> str:
    assert child.proc is not None
    stat = Path(f"/proc/{child.proc.pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0]


class _DeadBroker:
    def __init__(self, calls: list[str]) -> None:
        self.calls = calls
        self.process = subprocess.Popen([sys.executable, "-c", "pass"])
        self.process.wait(10)

    def restart(self) -> None:
        self.calls.append("broker restarted")


def test_services_are_told_before_the_new_broker_starts(tmp_path: Path, monkeypatch: Any) -> None:
    calls: list[str] = []
    sup = _supervisor(tmp_path)
    sup.broker = _DeadBroker(calls)  # type: ignore[assignment]

    def announce() -> list[Child]:
        calls.append("services told and paused")
        return []

    monkeypatch.setattr(sup, "announce_broker_restart", announce)
    monkeypatch.setattr(sup, "create_topics", lambda: calls.append("topics created"))

    sup.check_broker()

    assert calls == ["services told and paused", "broker restarted", "topics created"]
