"""Feedback's migrations on a database that already holds revisit tasks: after the upgrade a
task done before it keeps ``done`` and names the one command it sent (so a late answer from
intake still finds it), an open one has made no attempt yet, and both can go on."""

from __future__ import annotations

from datetime import date

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, insert, select

from services.feedback.domain.revisits import command_id
from services.feedback.main import MIGRATIONS
from services.feedback.tables import revisits
from shared.eventstore.migrate import PLATFORM_MIGRATIONS, migrate, upgrade

NEW = ("attempts", "command_id", "refused_code", "refused_reason")


def _upgrade_to(engine: Engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["version_table"] = "alembic_version_feedback"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _task(pid: str, state: str) -> dict[str, object]:
    done = state == "done"
    return {
        "petition_id": pid,
        "department": "320812-ZJJ",
        "region_code": "320812",
        "tracking_code": f"T-{pid}",
        "unit_rating": "dissatisfied",
        "result_rating": "satisfied",
        "rated_on": date(2026, 3, 2),
        "due_on": date(2026, 3, 17),
        "state": state,
        "outcome": "上门回访" if done else None,
        "resolved": True if done else None,
        "revisited_on": date(2026, 3, 5) if done else None,
        "survey_token_hash": f"h-{pid}",
    }


def test_revisit_tasks_of_before_the_upgrade(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        upgrade(engine, PLATFORM_MIGRATIONS, "alembic_version_platform")
        _upgrade_to(engine, "0002_contact_accused_org")
        kept = [c.name for c in revisits.columns if c.name not in NEW]
        with engine.begin() as conn:
            for pid, state in (("p-done", "done"), ("p-open", "open")):
                row = {k: v for k, v in _task(pid, state).items() if k in kept}
                conn.execute(insert(revisits).values(row))
        migrate(engine, MIGRATIONS, "feedback")
        r = revisits.c
        with engine.connect() as conn:
            query = select(r.petition_id, r.state, r.attempts, r.command_id, r.refused_reason)
            got = {row[0]: tuple(row[1:]) for row in conn.execute(query)}
        assert got == {
            "p-done": ("done", 1, command_id("p-done", 1), None),
            "p-open": ("open", 0, None, None),
        }
    finally:
        engine.dispose()
