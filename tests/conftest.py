"""Shared fixtures: a real embedded broker once per session, a fresh database per test.

Databases: SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (the Makefile sets it
to the server on 127.0.0.1:5432). Each PostgreSQL test gets a schema of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.runtime.broker import EmbeddedBroker, free_port

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"]


def _pg_available() -> str | None:
    if not PG_URL:
        return "TEST_DATABASE_URL is not set: no PostgreSQL to run this backend against"
    try:
        with create_engine(PG_URL).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to connect means the backend is not there
        return f"PostgreSQL at TEST_DATABASE_URL is not reachable: {exc.__class__.__name__}"
    return None


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of its own, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated platform database (events, outbox, tracking)."""
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """The embedded Tansu broker on a free port, shared by the session's integration tests."""
    log = tmp_path_factory.mktemp("tansu") / "tansu.log"
    b = EmbeddedBroker(port=free_port(), log_path=log)
    b.start()
    yield b
    b.stop()


@pytest.fixture
def topic_prefix() -> str:
    """Every test gets topic names of its own."""
    return f"t{uuid.uuid4().hex[:10]}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests run last. Playwright's sync API keeps its event loop running for the
    whole session once it has started, and ``asyncio.run`` refuses to run inside a running
    loop, so every test that needs asyncio must come before the first browser test. A test
    file under tests/browser/ counts as one even if it forgot its ``browser`` mark: four did,
    ran first, and every asyncio test after them failed."""
    items.sort(key=lambda item: is_browser_test(item))


def is_browser_test(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None or "browser" in item.path.parts
