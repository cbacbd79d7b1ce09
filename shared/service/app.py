"""Assemble a service in one place at startup: settings -> parts -> FastAPI app -> uvicorn.

Nothing here runs at import time. A service wires itself like this (``services/<name>/``)::

    # services/<name>/settings.py
    class Settings(ServiceSettings):
        model_config = SettingsConfigDict(env_prefix="<NAME>_", extra="ignore")
        port: int = 8001

    def load_settings() -> Settings:
        return Settings()

    # services/<name>/main.py
    from shared.service.app import ServiceParts, make_broker, make_relay, run_service

    NAME = "<name>"

    def build_runners(settings: Settings, engine: Engine) -> list[ProjectionRunner]:
        # the service's projections; also what `sunshine rebuild <name>` rebuilds
        ...

    def build_parts(settings: Settings) -> ServiceParts:
        kafka = KafkaSettings()
        engine = make_engine(settings.database_url)
        broker = make_broker(NAME, kafka, graceful_timeout=settings.shutdown_timeout_s)
        runners = build_runners(settings, engine)
        for runner in runners:
            subscribe(broker, runner, batch_size=settings.consumer_batch_size)
        relay = make_relay(NAME, engine, kafka, settings)  # if it publishes
        ctx = ApiContext(engine=engine, ...)  # what the routes share (api/context.py)
        return ServiceParts(
            name=NAME, settings=settings, engine=engine, broker=broker, relay=relay,
            runners=runners, routers=make_routers(ctx),
            migrations=Path(__file__).with_name("migrations"),  # or None
        )

    def main() -> None:
        run_service(NAME, load_settings, build_parts)

    # services/<name>/__main__.py
    from services.<name>.main import main
    main()

``sunshine run`` starts ``python -m services.<name>`` with ``<NAME>_PORT`` and
``<NAME>_DATABASE_URL`` set; the lifespan below migrates the database (platform tables, then
``parts.migrations`` with its own version table) before the service reports ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from anyio import to_thread
from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from sqlalchemy import Engine, text
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.auth.tokens import TokenVerifier
from shared.consumer import Projection, ProjectionRunner, broker_restarted
from shared.eventstore.checkpoint import WalCheckpointer
from shared.eventstore.migrate import migrate
from shared.outbox import OutboxRelay
from shared.runtime.broker import BROKER_RESTARTED_SIGNAL
from shared.runtime.collector import settle_after_startup
from shared.runtime.topics import Topics
from shared.service.auth import install_auth
from shared.service.consuming import start_consuming, stop_starting
from shared.service.docs import install_docs
from shared.service.logging import configure_logging, get_logger
from shared.service.middleware import BodyLimit, PrintableUrl, RequestContext, Unhandled
from shared.service.problems import install_problem_handlers, problem
from shared.settings import KafkaSettings, ServiceSettings

log = get_logger("shared.service.app")

READY_CHECK_TIMEOUT_S = 2.0
# Threads for sync endpoints (see the lifespan): fewer than the SQLite pool (eventstore.db).
REQUEST_THREADS = 8

Check = Callable[[], Awaitable[bool]]
S = TypeVar("S", bound=ServiceSettings)


class Relay(Protocol):
    """What the app needs of ``shared.outbox.OutboxRelay``."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def broker_restarted(self) -> None: ...
    @property
    def healthy(self) -> bool: ...


@dataclass
class ServiceParts:
    """Everything one service process runs, built once by the service's ``build_parts``."""

    name: str
    settings: ServiceSettings
    engine: Engine
    # Subscribers are registered on it before the app starts it; None: no Kafka at all.
    broker: KafkaBroker | None = None
    relay: Relay | None = None
    # The service's projection runners (shared.consumer.ProjectionRunner), already subscribed.
    runners: list[Any] = field(default_factory=list)
    routers: list[APIRouter] = field(default_factory=list)
    # The service's own alembic folder; platform tables are migrated in any case.
    migrations: Path | None = None
    run_migrations: bool = True
    registry: CollectorRegistry = REGISTRY
    version: str = "0.1.0"
    # More readiness checks by name (e.g. a clock that must have caught up).
    checks: dict[str, Check] = field(default_factory=dict)
    # Reported by /readyz ("ok" or "pending") but never making it fail: what an operator
    # wants to see that does not stop the service serving (a scheduler's first sweep).
    notes: dict[str, Check] = field(default_factory=dict)
    # Run after the broker and relay start / before they stop (schedulers, clocks).
    on_startup: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_shutdown: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # The bearer-token verifier; None builds one from the settings (install_auth).
    verifier: TokenVerifier | None = None
    # Paths that take larger bodies than ``max_body_bytes`` (an upload), with their limit.
    body_limits: dict[str, int] = field(default_factory=dict)
    # More pure ASGI middleware, outside the platform's (so they see every response, the
    # platform's 413/422/500 problems too); listed innermost first.
    middleware: list[Callable[[ASGIApp], ASGIApp]] = field(default_factory=list)


def make_broker(
    service: str,
    kafka: KafkaSettings,
    *,
    graceful_timeout: float = 20.0,
    **kwargs: Any,
) -> KafkaBroker:
    """A FastStream Kafka broker configured from ``KAFKA_*``. ``graceful_timeout`` is how long
    ``stop()`` waits for messages in flight to finish."""
    kwargs.setdefault("logger", logging.getLogger(f"faststream.{service}"))
    # FastStream's per-message "Received"/"Processed" lines: DEBUG, not one INFO line per
    # event in every service's log.
    kwargs.setdefault("log_level", logging.DEBUG)
    return KafkaBroker(
        kafka.bootstrap_servers,
        client_id=f"sunshine-{service}",
        request_timeout_ms=kafka.request_timeout_ms,
        enable_idempotence=kafka.enable_idempotence,
        acks="all" if kafka.acks == "all" else int(kafka.acks),
        graceful_timeout=graceful_timeout,
        description=f"Sunshine Petition {service} service",
        **kwargs,
    )


def make_runner(
    service: str, projection: Projection, engine: Engine, topics: Topics
) -> ProjectionRunner:
    """A projection's runner; a message it cannot apply goes to the run's dead-letter topic."""
    return ProjectionRunner(
        projection, engine, service=service, dead_letter_topic=topics.dead_letters
    )


def make_relay(
    service: str, engine: Engine, kafka: KafkaSettings, settings: ServiceSettings
) -> OutboxRelay:
    """The service's outbox relay, configured from its settings; it recreates the system's
    topics (with their partition counts) when the broker has lost them."""
    return OutboxRelay(
        engine,
        service=service,
        kafka=kafka,
        batch_size=settings.relay_batch_size,
        poll_interval_s=settings.relay_poll_interval_s,
        topic_specs=Topics(kafka.topic_prefix).specs(kafka.partitions, kafka.replication_factor),
    )


class _State:
    def __init__(self) -> None:
        self.ready = False
        self.consuming: asyncio.Task[None] | None = None  # see shared.service.consuming


async def _bounded(step: str, coro: Awaitable[Any], limit_s: float) -> None:
    try:
        await asyncio.wait_for(coro, limit_s)
    except Exception:
        log.exception("shutdown step failed", step=step)


async def _shutdown(
    parts: ServiceParts,
    started: set[str],
    checkpointer: WalCheckpointer | None = None,
    consuming: asyncio.Task[None] | None = None,
) -> None:
    """Stop consuming first (in-flight messages finish), then flush the relay, then the DB."""
    timeout = parts.settings.shutdown_timeout_s
    await stop_starting(consuming)
    if parts.broker is not None and "broker" in started:
        await _bounded("broker", parts.broker.stop(), timeout + 5)
    for hook in parts.on_shutdown:
        await _bounded("on_shutdown", hook(), timeout)
    if parts.relay is not None and "relay" in started:
        await _bounded("relay", parts.relay.stop(), timeout)
    if checkpointer is not None:
        await asyncio.to_thread(checkpointer.stop)
    await asyncio.to_thread(parts.engine.dispose)
    log.info("service stopped", service=parts.name)


def _on_broker_restart(parts: ServiceParts) -> None:
    """``sunshine run`` restarted the embedded broker: its topics are empty. The consumers read
    them again from offset 0, the relay republishes every row (``shared.runtime.supervisor``)."""
    log.warning("broker restarted: rewinding the consumers, republishing the outbox")
    if parts.relay is not None:
        parts.relay.broker_restarted()


def _install_broker_restart_handler(parts: ServiceParts) -> None:
    """A plain signal handler, not the loop's: it runs on the main thread as soon as the
    process goes on (the supervisor pauses it right after the signal), before the loop takes
    its next callback, so a batch that finishes meanwhile on a worker thread cannot commit
    the old log's offsets to the new broker. It only sets flags; the rest goes to the loop.
    Raises ValueError off the main thread (a test client), where nothing sends it."""
    loop = asyncio.get_running_loop()

    def signalled(_signum: int, _frame: object) -> None:
        broker_restarted()
        loop.call_soon_threadsafe(_on_broker_restart, parts)

    signal.signal(BROKER_RESTARTED_SIGNAL, signalled)


def _lifespan(parts: ServiceParts, state: _State) -> Any:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        started: set[str] = set()
        # Sync endpoints run on AnyIO's thread pool (40 threads by default). More threads
        # than database connections only queue on the pool, and on SQLite every writer
        # waits for the one write lock anyway; fewer threads switch less.
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        checkpointer: WalCheckpointer | None = None
        # Before the service is ready: the supervisor signals only services that are. Not
        # where the loop is off the main thread (a test client): nothing sends it there.
        with contextlib.suppress(ValueError):
            _install_broker_restart_handler(parts)
        try:
            if parts.run_migrations:
                await asyncio.to_thread(migrate, parts.engine, parts.migrations, parts.name)
            for runner in parts.runners:
                await asyncio.to_thread(runner.restore)  # the gap gauge, from its tracking rows
            if WalCheckpointer.applies_to(parts.engine):
                checkpointer = WalCheckpointer(parts.engine)
                checkpointer.start()
            if parts.broker is not None:
                await parts.broker.connect()
                state.consuming = asyncio.create_task(start_consuming(parts.broker))
                started.add("broker")
            if parts.relay is not None:
                await parts.relay.start()
                started.add("relay")
            for hook in parts.on_startup:
                await hook()
        except BaseException:
            log.exception("service failed to start", service=parts.name)
            await _shutdown(parts, started, checkpointer, state.consuming)
            raise
        state.ready = True
        log.info("service started", service=parts.name, port=parts.settings.port)
        try:
            yield
        finally:
            state.ready = False
            log.info("service stopping", service=parts.name)
            await _shutdown(parts, started, checkpointer, state.consuming)

    return lifespan


async def _database_ok(engine: Engine) -> bool:
    def ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    try:
        await asyncio.wait_for(asyncio.to_thread(ping), READY_CHECK_TIMEOUT_S)
    except Exception:
        return False
    return True


async def _broker_ok(broker: KafkaBroker) -> bool:
    try:
        # A metadata request (DescribeCluster) with a short deadline.
        return bool(await broker.ping(timeout=READY_CHECK_TIMEOUT_S))
    except Exception:
        return False


def _health_router(parts: ServiceParts, state: _State) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": parts.name}

    @router.get(
        "/readyz",
        summary="Database and broker reachable",
        responses={503: {"description": "not ready (problem+json with the failing checks)"}},
    )
    async def readyz() -> Response:
        checks: dict[str, Check] = {"database": lambda: _database_ok(parts.engine)}
        if parts.broker is not None:
            broker = parts.broker
            checks["broker"] = lambda: _broker_ok(broker)
        checks.update(parts.checks)
        names = list(checks)
        results = await asyncio.gather(*(checks[n]() for n in names), return_exceptions=True)
        report = {
            n: ("ok" if r is True else "failing") for n, r in zip(names, results, strict=True)
        }
        if parts.relay is not None:
            report["relay"] = "ok" if parts.relay.healthy else "degraded"  # informative only
        for name, note in parts.notes.items():
            report[name] = "ok" if await note() else "pending"
        if not state.ready:
            report["lifecycle"] = "starting or stopping"
        failing = [n for n in names if report[n] != "ok"] + (
            ["lifecycle"] if not state.ready else []
        )
        if failing:
            return problem(
                503,
                f"not ready: {', '.join(failing)}",
                title="Service Unavailable",
                checks=report,
            )
        return JSONResponse({"status": "ready", "service": parts.name, "checks": report})

    @router.get("/metrics", summary="Prometheus metrics", response_class=Response)
    async def metrics() -> Response:
        return Response(generate_latest(parts.registry), media_type=CONTENT_TYPE_LATEST)

    return router


def create_service_app(parts: ServiceParts) -> FastAPI:
    """The FastAPI app of one service: its routers plus health, readiness, metrics, problem
    responses, bearer-token auth, body limit and latency histogram. Starting it (lifespan)
    migrates, starts the broker and the relay; stopping it stops consuming, flushes the
    relay, disposes the DB."""
    state = _State()
    if parts.broker is not None:
        # Outermost broker middleware, so it times the whole of each message's handling.
        parts.broker.insert_middleware(
            KafkaPrometheusMiddleware(registry=parts.registry, app_name=parts.name)
        )
    app = FastAPI(
        title=f"Sunshine Petition — {parts.name}",
        version=parts.version,
        lifespan=_lifespan(parts, state),
        docs_url=None,  # install_docs: the same pages, without a CDN
        redoc_url=None,
    )
    install_docs(app)
    app.state.parts = parts
    install_problem_handlers(app)
    # Every service's API takes bearer tokens.
    install_auth(app, parts.settings, verifier=parts.verifier)
    app.include_router(_health_router(parts, state))
    for router in parts.routers:
        app.include_router(router)
    # Added innermost first: the last one added wraps the others.
    app.add_middleware(PrintableUrl)
    app.add_middleware(
        BodyLimit, max_bytes=parts.settings.max_body_bytes, overrides=parts.body_limits
    )
    app.add_middleware(Unhandled)
    app.add_middleware(RequestContext, registry=parts.registry)
    for extra in parts.middleware:
        app.add_middleware(_Wrap, wrap=extra)
    return app


class _Wrap:
    """Starlette's ``add_middleware`` takes a class; this makes one of a ``wrap(app)``."""

    def __init__(self, app: ASGIApp, wrap: Callable[[ASGIApp], ASGIApp]) -> None:
        self.inner = wrap(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.inner(scope, receive, send)


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Run under uvicorn until SIGTERM/SIGINT; then requests in flight get
    ``shutdown_timeout_s`` to finish before the lifespan's shutdown runs."""
    import uvicorn

    settle_after_startup()
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # configure_logging owns the handlers
        access_log=False,  # RequestContext logs one line per request
        timeout_graceful_shutdown=int(settings.shutdown_timeout_s),
        lifespan="on",
        # Named, not "auto": a missing one should fail the start, not quietly cost a third
        # of the request rate (both are pinned dependencies).
        loop="uvloop",
        http="httptools",
        # request.client is the TCP peer, never an X-Forwarded-For a caller wrote: the gateway
        # locks sign-in out by it, and intake reads the header only from a trusted proxy.
        proxy_headers=False,
    )
    uvicorn.Server(config).run()


def run_service(
    name: str,
    load_settings: Callable[[], S],
    build_parts: Callable[[S], ServiceParts],
) -> None:
    """The body of every service's ``main()``: settings, logging, parts, app, serve."""
    settings = load_settings()
    configure_logging(name, settings.log_level)
    parts = build_parts(settings)
    serve(create_service_app(parts), settings)
