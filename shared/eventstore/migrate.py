"""Alembic, driven from code: the platform's tables first, then a service's own.

Each migration folder keeps its own version table, so the platform and every service
evolve independently in one database.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

PLATFORM_MIGRATIONS = Path(__file__).with_name("migrations")


def upgrade(engine: Engine, script_location: Path, version_table: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["version_table"] = version_table
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def migrate(engine: Engine, service_migrations: Path | None = None, service: str = "") -> None:
    """Bring a service database to head: platform tables, then the service's read models."""
    upgrade(engine, PLATFORM_MIGRATIONS, "alembic_version_platform")
    if service_migrations is not None:
        upgrade(engine, service_migrations, f"alembic_version_{service}")


def run_env() -> None:
    """The body of every ``env.py``: run online against the connection handed in."""
    from alembic import context

    cfg = context.config
    connection = cfg.attributes["connection"]
    context.configure(
        connection=connection,
        version_table=cfg.attributes["version_table"],
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
