"""What the benches stand on: a broker, fresh databases, realistic events."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
def fresh_database(base_url: str | None, folder: Path, name: str) -> Iterator[Engine]:
    """A migrated empty database: a SQLite file, or a throwaway schema on PostgreSQL."""
    if not base_url or base_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{folder / f'{name}-{uuid.uuid4().hex[:6]}.sqlite3'}")
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
    engine = make_engine(f"{base_url}{sep}options=-csearch_path%3D{schema}")
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
