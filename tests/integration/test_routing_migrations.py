"""Routing's migrations on a database that already holds work: an accusation queued before the
queue rows carried the accused unit is kept from that unit from the first read after the
upgrade, not only after a rebuild."""

from __future__ import annotations

from datetime import date

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, insert, select

from services.routing.main import MIGRATIONS
from services.routing.tables import cases, queue_items
from shared.eventstore.migrate import PLATFORM_MIGRATIONS, migrate, upgrade

ACCUSED = "320831003-GOV"


def _upgrade_to(engine: Engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["version_table"] = "alembic_version_routing"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _case(pid: str, accused_org: str | None) -> dict[str, object]:
    return {
        "petition_id": pid,
        "region_code": "320831003002",
        "category_code": "1103",
        "kind": "accusation" if accused_org else "claim",
        "responsible_level": "county",
        "collective": False,
        "headcount": 1,
        "repeat": False,
        "skip_level": False,
        "accused_org": accused_org,
        "status": "assigned",
        "department": "320831-XFJ",
        "start_level": "county",
        "returns_at_level": 0,
        "hard_case": False,
    }


def _queue_row(pid: str) -> dict[str, object]:
    return {
        "petition_id": pid,
        "department": "320831-XFJ",
        "region_code": "320831003002",
        "category_code": "1103",
        "kind": "accusation",
        "tracking_code": f"T-{pid}",
        "title": "标题",
        "collective": False,
        "headcount": 1,
        "hard_case": False,
        "state": "new",
        "received_on": date(2026, 3, 2),
        "returns": 0,
        "extension_pending": False,
        "current": True,
        "last_version": 2,
    }


def test_queue_rows_of_before_the_upgrade_know_their_accused_unit(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        upgrade(engine, PLATFORM_MIGRATIONS, "alembic_version_platform")
        _upgrade_to(engine, "0001_routing")
        old = [c.name for c in queue_items.columns if c.name != "accused_org"]
        with engine.begin() as conn:
            conn.execute(insert(cases), [_case("p-acc", ACCUSED), _case("p-claim", None)])
            for pid in ("p-acc", "p-claim"):
                row = {k: v for k, v in _queue_row(pid).items() if k in old}
                conn.execute(insert(queue_items).values(row))
        migrate(engine, MIGRATIONS, "routing")
        with engine.connect() as conn:
            query = select(queue_items.c.petition_id, queue_items.c.accused_org)
            got = {pid: accused for pid, accused in conn.execute(query)}
        assert got == {"p-acc": ACCUSED, "p-claim": None}
    finally:
        engine.dispose()
