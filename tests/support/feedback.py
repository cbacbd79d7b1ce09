"""Feedback's test helpers: its event factories (``tools/bench/feedback_log.py``, which the
benchmark generates its log with) and the HTTP side alone for API tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from tools.bench.feedback_log import (
    DAY0,
    Stream,
    accepted,
    assigned,
    handled,
    message,
    not_accepted,
    rated,
    registered,
    replied,
    suggestion,
)

__all__ = [
    "DAY0",
    "Stream",
    "accepted",
    "api_app",
    "assigned",
    "bearer",
    "handled",
    "message",
    "not_accepted",
    "rated",
    "registered",
    "replied",
    "suggestion",
]


def api_app(database_url: str, today: date, **settings: Any) -> Any:
    """The HTTP side alone (no broker, no relay) with a fixed "today", for API tests.

    Returns ``(app, engine, topics)``; the app's lifespan migrates the database."""
    from prometheus_client import CollectorRegistry

    from services.feedback.api import make_routers
    from services.feedback.main import MIGRATIONS, NAME, api_context
    from services.feedback.settings import Settings
    from shared.clock import FakeClock
    from shared.eventstore import make_engine
    from shared.runtime.topics import Topics
    from shared.service.app import ServiceParts, create_service_app

    cfg = Settings(database_url=database_url, **settings)
    engine = make_engine(database_url)
    topics = Topics()
    ctx = api_context(cfg, engine, topics, FakeClock(today))
    parts = ServiceParts(
        name=NAME,
        settings=cfg,
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
        registry=CollectorRegistry(),
    )
    return create_service_app(parts), engine, topics


def bearer(role: str, org: str, user: str = "u-1") -> dict[str, str]:
    from shared.auth import Principal, Role, mint_token
    from shared.settings import DEV_JWT_SECRET

    token = mint_token(Principal(user_id=user, role=Role(role), org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}
