"""The petitions table rebuilt from intake's events table equals the one written live."""

from __future__ import annotations

from sqlalchemy import create_engine

from services.intake.projections.rebuild import rebuild_from_events, snapshot
from tests.integration.test_intake_api_transitions import drive
from tests.support.intake import PATHS
from tests.support.intake_api import ADMIN, intake_client


def test_rebuild_from_events_equals_live(db_url: str) -> None:
    with intake_client(db_url) as client:
        for path in PATHS.values():
            drive(client, path)
        live_count = len(client.get("/api/v1/petitions?limit=200", headers=ADMIN).json()["items"])
    engine = create_engine(db_url)
    try:
        live = snapshot(engine)
        assert len(live) == live_count == len(PATHS)
        assert rebuild_from_events(engine) == len(PATHS)
        assert snapshot(engine) == live
    finally:
        engine.dispose()
