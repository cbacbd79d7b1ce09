"""What the benches stand on: a broker, fresh databases, realistic events."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import Engine, create_engine, text

from shared.eventstore import NewEvent, make_engine
from shared.eventstore.migrate import migrate
from shared.runtime.broker import EmbeddedBroker, free_port
from shared.schemas import Actor
from shared.schemas.petition import PetitionWithdrawn

ACTOR = Actor(user_id="bench-registrar", role="registrar", org="320800")
# About the size of a typical petition event on the wire (~700 bytes).
_REASON = "按照分地区、分类别、分级别、包案处理的原则，转市住建局办理。" * 4


def sample_event(i: int) -> NewEvent:
    return NewEvent(
        PetitionWithdrawn(reason=f"{i:08d} {_REASON}"),
        ACTOR,
        correlation_id=f"bench-{i}",
    )


@contextmanager
def broker_address() -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS when set, else an embedded Tansu on a free port."""
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    broker = EmbeddedBroker(port=free_port())
    broker.start()
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


@contextmanager
def fresh_database(
    base_url: str | None, folder: Path, name: str, *, bulk: bool = False
) -> Iterator[Engine]:
    """A migrated empty database: a SQLite file, or a throwaway schema on PostgreSQL.
    ``bulk``: tuned as ``sunshine rebuild`` tunes it (``make_engine(bulk=True)``)."""
    if not base_url or base_url.startswith("sqlite"):
        path = folder / f"{name}-{uuid.uuid4().hex[:6]}.sqlite3"
        engine = make_engine(f"sqlite:///{path}", bulk=bulk)
        migrate(engine)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base_url else "?"
    engine = make_engine(f"{base_url}{sep}options=-csearch_path%3D{schema}", bulk=bulk)
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def service_process(
    module: str, prefix: str, folder: Path, env: dict[str, str]
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """``python -m services.<module>`` on a free port with its own SQLite file."""
    port = free_port()
    proc = spawn_service(module, prefix, folder, env, port)
    try:
        wait_ready(f"http://127.0.0.1:{port}", proc)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def spawn_service(
    module: str, prefix: str, folder: Path, env: dict[str, str], port: int
) -> subprocess.Popen[bytes]:
    """Start ``python -m services.<module>`` on ``port`` with the SQLite file ``prefix`` names
    in ``folder`` (the same arguments again: the same database, as after a crash)."""
    upper = module.upper()
    full = {
        **os.environ,
        **env,
        f"{upper}_PORT": str(port),
        f"{upper}_DATABASE_URL": f"sqlite:///{folder / f'{module}-{prefix}sqlite3'}",
        f"{upper}_LOG_LEVEL": "WARNING",
    }
    with open(folder / f"{module}-{prefix}log", "ab") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, "-m", f"services.{module}"],
            env=full,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_ready(
    url: str, proc: subprocess.Popen[bytes], timeout: float = 60, poll_s: float = 0.1
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the service exited with {proc.returncode} before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(poll_s)
    raise TimeoutError("the service did not become ready")
