"""``sunshine run``: the broker, the topics and every service as its own process, watched.

Order at start: embedded broker (unless ``KAFKA_BOOTSTRAP_SERVERS`` is set) -> topics ->
services (each migrates its database before it reports ready) -> wait for every ``/readyz``
-> print where everything is. Then watch: a service that dies is restarted with backoff; an
embedded broker that dies is restarted and the topics recreated (it keeps them in memory
only), see ``check_broker``.

After a broker restart every consumer must read the recreated topics from offset 0, and no
old offset may reach the new broker. The supervisor tells every ready service so, with
``BROKER_RESTARTED_SIGNAL``, before the new broker accepts connections, and pauses it
(SIGSTOP) until the topics are recreated: its subscribers rewind to 0 on their next batch and
commit nothing until then, its relay queues every outbox row again (published ones too). A
service that is not ready yet (it cannot take the signal) is killed and started afresh, with
no offsets at all. This rather than restarting every
service: intake's API is away only for the pause, a second or so (its outbox holds what
is registered meanwhile), and no service pays a restart on each broker crash. The consumers are told
rather than left to notice: Tansu's group protocol does not reliably make a member of the old
broker rejoin, and an offset from the old log looks valid in the new one once the republish
has refilled it.

Order at stop (Ctrl-C, SIGTERM, SIGHUP): services get SIGTERM (they stop consuming, finish
what is in flight and flush their relay), are killed after ``stop_timeout_s``; the broker
goes last. Services run in their own process group, so a terminal's Ctrl-C reaches only
this supervisor and the order holds; on Linux they also get SIGTERM if the supervisor dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

import httpx
from rich.console import Console
from rich.table import Table

from shared.runtime.broker import BROKER_RESTARTED_SIGNAL, EmbeddedBroker, port_open
from shared.runtime.services import CATALOGUE, ServiceInfo
from shared.runtime.topics import Topics, ensure_topics
from shared.settings import KafkaSettings

TICK_S = 0.5
MAX_BACKOFF_S = 30.0
STABLE_AFTER_S = 60.0  # a service up this long has its restart backoff reset


@dataclass
class RunConfig:
    data_dir: Path
    port_base: int = 8000
    host: str = "127.0.0.1"
    broker_port: int = 9092
    # Set: use that cluster and start no embedded broker.
    external_bootstrap: str | None = None
    services: list[str] | None = None  # None: every service that exists
    catalogue: tuple[ServiceInfo, ...] = CATALOGUE
    ready_timeout_s: float = 120.0
    stop_timeout_s: float = 30.0
    kafka: KafkaSettings = field(default_factory=KafkaSettings)

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"


class SupervisorError(RuntimeError):
    pass


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    os.setsid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
        except OSError:
            pass


@dataclass
class Child:
    info: ServiceInfo
    port: int
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    log_file: IO[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    restart_at: float | None = None
    ready: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Supervisor:
    def __init__(self, cfg: RunConfig, console: Console | None = None) -> None:
        self.cfg = cfg
        self.console = console or Console()
        self.stopping = threading.Event()
        self.broker: EmbeddedBroker | None = None
        self.children: list[Child] = []
        self.skipped: list[ServiceInfo] = []
        self._broker_restart_at = 0.0

    # -- addresses ------------------------------------------------------------------------

    @property
    def bootstrap_servers(self) -> str:
        if self.cfg.external_bootstrap:
            return self.cfg.external_bootstrap
        return f"127.0.0.1:{self.cfg.broker_port}"

    def say(self, message: str) -> None:
        self.console.print(f"[dim]{time.strftime('%H:%M:%S')}[/dim] {message}", highlight=False)

    # -- the whole run --------------------------------------------------------------------

    def run(self) -> int:
        """Start everything, watch until a stop signal, stop everything. Returns an exit code."""
        previous = self._install_signals()
        try:
            self.start()
            if not self.stopping.is_set():
                self.print_summary()
            self.watch()
            return 0
        except SupervisorError as exc:
            self.console.print(f"[bold red]error:[/bold red] {exc}")
            return 1
        finally:
            self.stop()
            self._restore_signals(previous)

    def _install_signals(self) -> dict[int, object]:
        previous: dict[int, object] = {}

        def handler(signum: int, _frame: FrameType | None) -> None:
            if not self.stopping.is_set():
                self.say(f"received {signal.Signals(signum).name}: stopping")
            self.stopping.set()

        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, handler)
        return previous

    @staticmethod
    def _restore_signals(previous: dict[int, object]) -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)  # type: ignore[arg-type]

    # -- start ----------------------------------------------------------------------------

    def plan(self) -> None:
        wanted = set(self.cfg.services) if self.cfg.services is not None else None
        for info in self.cfg.catalogue:
            if wanted is not None and info.name not in wanted:
                continue
            if not info.exists():
                self.skipped.append(info)
                continue
            port = info.port(self.cfg.port_base)
            self.children.append(Child(info, port, self.cfg.logs_dir / f"{info.name}.log"))

    def start(self) -> None:
        self.cfg.data_dir.mkdir(parents=True, exist_ok=True)
        self.cfg.logs_dir.mkdir(parents=True, exist_ok=True)
        self.plan()
        # The first line people read is the one address they open; the rest follows.
        self.announce_front_door()
        for info in self.skipped:
            self.say(f"[yellow]{info.name}[/yellow]: no {info.module}.__main__ yet, skipped")
        busy = [c for c in self.children if port_open("127.0.0.1", c.port)]
        if busy:
            names = ", ".join(f"{c.info.name} ({c.port})" for c in busy)
            raise SupervisorError(
                f"ports already in use: {names}. Is another `sunshine run` up? "
                "Choose others with --port-base."
            )
        self.start_broker()
        self.create_topics()
        for child in self.children:
            self.spawn(child)
        self.wait_ready()

    def start_broker(self) -> None:
        if self.cfg.external_bootstrap:
            self.say(f"using the Kafka cluster at {self.cfg.external_bootstrap}")
            return
        if port_open("127.0.0.1", self.cfg.broker_port):
            raise SupervisorError(
                f"port {self.cfg.broker_port} is already in use. To use a broker that is "
                f"already there, set KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:{self.cfg.broker_port}; "
                "or choose another port with --broker-port."
            )
        # A process group of its own (and, on Linux, death with us): a terminal's Ctrl-C must
        # not reach Tansu before the services, which leave their groups and flush their relays
        # while the broker is still there.
        self.broker = EmbeddedBroker(
            port=self.cfg.broker_port,
            log_path=self.cfg.logs_dir / "broker.log",
            preexec=_die_with_parent,
        )
        self.broker.start()
        self.say(f"embedded broker (Tansu) listening on {self.bootstrap_servers}")

    def create_topics(self, timeout_s: float = 30.0) -> None:
        kafka = self.cfg.kafka
        specs = Topics(kafka.topic_prefix).specs(kafka.partitions, kafka.replication_factor)
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                created = asyncio.run(
                    ensure_topics(self.bootstrap_servers, specs, kafka.request_timeout_ms)
                )
                break
            except Exception as exc:
                if time.monotonic() > deadline or self.stopping.is_set():
                    raise SupervisorError(
                        f"could not create the topics on {self.bootstrap_servers}: {exc!r}"
                    ) from exc
                self.stopping.wait(1.0)
        if created:
            self.say(f"created {len(created)} topics ({max(kafka.partitions, 6)} partitions each)")

    def spawn(self, child: Child) -> None:
        env = child.info.env(
            port_base=self.cfg.port_base,
            data_dir=self.cfg.data_dir,
            bootstrap_servers=self.bootstrap_servers,
            host=self.cfg.host,
        )
        if child.log_file is None:
            child.log_file = open(child.log_path, "ab")  # noqa: SIM115 - lives with the child
        child.log_file.write(
            f"--- {time.strftime('%F %T')} starting {child.info.module}\n".encode()
        )
        child.log_file.flush()
        child.proc = subprocess.Popen(
            [sys.executable, "-m", child.info.module],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=child.log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        child.started_at = time.monotonic()
        child.ready = False
        child.restart_at = None

    def _readyz(self, child: Child, timeout: float = 1.0) -> bool:
        try:
            return httpx.get(f"{child.url}/readyz", timeout=timeout).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.cfg.ready_timeout_s
        while not self.stopping.is_set():
            pending = [c for c in self.children if not c.ready]
            if not pending:
                return
            for child in pending:
                if not child.alive():
                    code = child.proc.returncode if child.proc else None
                    raise SupervisorError(
                        f"{child.info.name} exited with code {code} before it was ready; "
                        f"see {child.log_path}\n{_tail(child.log_path)}"
                    )
                if self._readyz(child):
                    child.ready = True
                    self.say(f"[green]{child.info.name}[/green] ready on {child.url}")
            if time.monotonic() > deadline:
                names = ", ".join(c.info.name for c in self.children if not c.ready)
                raise SupervisorError(
                    f"not ready after {self.cfg.ready_timeout_s:.0f}s: {names}; "
                    f"see the logs in {self.cfg.logs_dir}"
                )
            self.stopping.wait(0.2)

    def front_door(self) -> Child | None:
        return next((c for c in self.children if c.info.front_door), None)

    def announce_front_door(self) -> None:
        door = self.front_door()
        if door is not None:
            self.console.print(
                f"[bold green]请打开 open this: {door.url}/[/bold green]",
                highlight=False,
                soft_wrap=True,
            )

    def print_summary(self) -> None:
        door = self.front_door()
        self.announce_front_door()
        table = Table(title="Sunshine Petition (阳光信访) is running", title_justify="left")
        table.add_column("what")
        table.add_column("where")
        table.add_column("more")
        kind = "external Kafka" if self.cfg.external_bootstrap else "embedded Tansu (memory)"
        broker_log = "" if self.broker is None else str(self.cfg.logs_dir / "broker.log")
        table.add_row("broker", self.bootstrap_servers, f"{kind} {broker_log}".strip())
        for child in self.children:
            table.add_row(
                child.info.name,
                child.url,
                f"{child.url}/docs  {child.url}/metrics  log: {child.log_path}",
            )
        for info in self.skipped:
            table.add_row(info.name, "-", "not built yet")
        table.add_row("data", str(self.cfg.data_dir.resolve()), "SQLite files, logs/")
        self.console.print(table)
        if not self.children:
            self.say("no service exists yet: running the broker and topics only")
        if door is not None:
            self.say(f"people open {door.url}/ (staff sign in at {door.url}/signin)")
        self.say("press Ctrl-C to stop")

    # -- watch ----------------------------------------------------------------------------

    def watch(self) -> None:
        while not self.stopping.wait(TICK_S):
            self.check_broker()
            for child in self.children:
                self.check_child(child)

    def check_broker(self) -> None:
        broker = self.broker
        if broker is None or broker.process is None or broker.process.poll() is None:
            return
        now = time.monotonic()
        if now < self._broker_restart_at:
            return
        self.say(
            f"[red]broker exited (code {broker.process.returncode})[/red]: restarting it and "
            "recreating the topics; the relays republish their outbox, the consumers read it "
            "from the beginning"
        )
        paused = self.announce_broker_restart()
        try:
            broker.restart()
            self.create_topics()
        except Exception as exc:
            self.say(f"[red]broker restart failed[/red]: {exc!r}; trying again in 5s")
            self._broker_restart_at = now + 5.0
        finally:
            for child in paused:
                _signal_group(child, signal.SIGCONT)

    def announce_broker_restart(self) -> list[Child]:
        """Before the new broker listens (see the module docstring): tell the ready services
        and pause them until the topics exist, kill the others. Returns the paused ones.

        Paused, because a client that asks the new broker for a topic by name before it is
        created makes Tansu create it with its default partition count; a consumer that joins
        then keeps that assignment even after a relay recreates the topic from its spec (Tansu
        answers the rejoin with the old one), and leaves the other partitions unread."""
        paused: list[Child] = []
        for child in self.children:
            if not child.alive():
                continue  # restarted later, against the new broker
            assert child.proc is not None
            if child.ready:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.proc.pid, BROKER_RESTARTED_SIGNAL)
                _signal_group(child, signal.SIGSTOP)
                paused.append(child)
            else:
                _signal_group(child, signal.SIGKILL)
                # Reaped by the watch loop if it takes longer; never let it end the watch.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.proc.wait(5)
        return paused

    def check_child(self, child: Child) -> None:
        now = time.monotonic()
        if child.alive():
            if not child.ready and self._readyz(child, timeout=0.3):
                child.ready = True
                self.say(f"[green]{child.info.name}[/green] ready again on {child.url}")
            return
        if child.restart_at is None:
            code = child.proc.returncode if child.proc else None
            if now - child.started_at > STABLE_AFTER_S:
                child.restarts = 0
            delay = min(MAX_BACKOFF_S, 2.0**child.restarts)
            child.restarts += 1
            child.restart_at = now + delay
            child.ready = False
            self.say(
                f"[red]{child.info.name} exited (code {code})[/red]; restarting in {delay:.0f}s "
                f"(see {child.log_path})"
            )
        elif now >= child.restart_at:
            self.spawn(child)

    # -- stop -----------------------------------------------------------------------------

    def stop(self) -> None:
        running = [c for c in self.children if c.alive()]
        if running:
            self.say(f"stopping {', '.join(c.info.name for c in running)}")
        for child in running:
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + self.cfg.stop_timeout_s
        for child in running:
            assert child.proc is not None
            try:
                child.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"[red]{child.info.name} did not stop in time[/red]: killing it")
                _signal_group(child, signal.SIGKILL)
                child.proc.wait(5)
        for child in self.children:
            # Anything the service left in its group goes too.
            _signal_group(child, signal.SIGKILL)
            if child.log_file is not None:
                child.log_file.close()
                child.log_file = None
        if self.broker is not None:
            self.broker.stop()
            self.broker = None
            self.say("broker stopped")
        self.say("stopped")


def _signal_group(child: Child, sig: signal.Signals) -> None:
    if child.proc is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.proc.pid, sig)  # the child leads its own group (setsid)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def run_supervisor(cfg: RunConfig, console: Console | None = None) -> int:
    return Supervisor(cfg, console).run()
