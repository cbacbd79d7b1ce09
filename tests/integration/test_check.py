"""``sunshine check`` on each backend: service databases migrated as the services migrate them,
holding what their projections would hold, then made to disagree with intake one way at a time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, Engine, Integer, Table, create_engine, insert, text
from typer.testing import CliRunner

from services.feedback.tables import contacts, revisits, sat_cases
from services.index.tables import petitions as index_petitions
from services.intake.tables import petitions
from services.routing.tables import cases as routing_cases
from services.routing.tables import queue_items
from services.supervision.tables import audit_rows
from services.supervision.tables import cases as supervision_cases
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.eventstore.tables import events, stream_positions
from shared.runtime.services import by_name
from tests.conftest import BACKENDS, PG_URL, _pg_available
from tools.cli.main import app
from tools.cli.reconcile import PARTS

pytestmark = pytest.mark.integration

SERVICES = ("intake", "routing", "supervision", "index", "feedback")
TOPIC = "petition.events"
OFFICE, DEPT, OTHER = "320831-XFB", "320831-ZJJ", "320831-JYJ"


class City:
    """One migrated database per service, and what each service's projections would write."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.engines: dict[str, Engine] = {}
        for name in SERVICES:
            info = by_name(name)
            engine = self.engines[name] = make_engine(urls[name])
            migrate(engine, info.migrations_dir(), info.name)

    def put(self, service: str, table: Table, **values: Any) -> None:
        with self.engines[service].begin() as conn:
            conn.execute(insert(table).values(**_filled(table, values)))

    def sql(self, service: str, statement: str, **params: Any) -> None:
        with self.engines[service].begin() as conn:
            conn.execute(text(statement), params)

    def position(self, service: str, pid: str, version: int, consumer: str | None = None) -> None:
        for name in [consumer] if consumer else PARTS[service].consumers:
            self.put(
                service,
                stream_positions,
                consumer=name,
                stream_key=f"{TOPIC}|{pid}",
                version=version,
            )

    def petition(self, status: str, department: str | None, version: int) -> str:
        """A petition everywhere, as every service holds it once it has taken ``version``."""
        pid = str(uuid.uuid4())
        self.put("intake", petitions, id=pid, version=version, status=status, department=department)
        case = {
            "assigned": "assigned", "accepted": "assigned", "replied": "assigned",
            "registered": "assigning",
        }  # fmt: skip
        self.put(
            "routing", routing_cases, petition_id=pid, status=case[status], department=department
        )
        state = {
            "assigned": "new", "accepted": "in_handling", "replied": "done",
            "registered": "unrouted",
        }[status]  # fmt: skip
        at = department or OFFICE
        self.put("routing", queue_items, petition_id=pid, department=at, state=state, current=True)
        self.put("supervision", supervision_cases, petition_id=pid, department=department)
        for v in range(1, version + 1):  # the audit log: one row per event
            self.put("supervision", audit_rows, petition_id=pid, version=v)
        self.put("index", index_petitions, petition_id=pid, department=department or "")
        self.put("feedback", sat_cases, petition_id=pid, department=department or OFFICE)
        self.put("feedback", contacts, petition_id=pid, department=department or OFFICE)
        for service in PARTS:
            self.position(service, pid, version)
        return pid

    def check(self, *args: str) -> tuple[int, dict[str, Any]]:
        env = {f"{s.upper()}_DATABASE_URL": url for s, url in self.urls.items()}
        result = CliRunner().invoke(app, ["check", "--format", "json", *args], env=env)
        return result.exit_code, json.loads(result.stdout)

    def dispose(self) -> None:
        for engine in self.engines.values():
            engine.dispose()


_SEQ = iter(range(1, 1_000_000))


def _filled(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` plus a plain value for every other NOT NULL column (unique where it must)."""
    out = dict(values)
    for col in table.columns:
        if col.name in out or col.nullable or (col.primary_key and col.autoincrement is True):
            continue
        if isinstance(col.type, Boolean):
            out[col.name] = False
        elif isinstance(col.type, DateTime):
            out[col.name] = datetime(2026, 11, 1, tzinfo=UTC)
        elif isinstance(col.type, Date):
            out[col.name] = date(2026, 11, 1)
        elif isinstance(col.type, Integer):
            out[col.name] = next(_SEQ)
        else:  # text, cut to the column's length (unique where the column must be)
            out[col.name] = str(next(_SEQ))[-(getattr(col.type, "length", None) or 19) :]
    return out


@pytest.fixture(params=BACKENDS)
def city(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[City]:
    if request.param == "sqlite":
        urls = {s: f"sqlite:///{tmp_path / f'{s}.sqlite3'}" for s in SERVICES}
        schemas: list[str] = []
    else:
        reason = _pg_available()
        if reason:
            pytest.skip(reason)
        schemas = [f"c_{uuid.uuid4().hex[:10]}_{s}" for s in SERVICES]
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in PG_URL else "?"
        urls = {
            s: f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
            for s, schema in zip(SERVICES, schemas, strict=True)
        }
    made = City(urls)
    yield made
    made.dispose()
    if schemas:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_a_city_in_agreement_passes(city: City) -> None:
    city.petition("registered", None, 1)
    city.petition("assigned", DEPT, 3)
    city.petition("accepted", DEPT, 5)

    code, report = city.check()

    assert code == 0, report
    assert report["ok"] and report["petitions"] == 3 and report["disagreements"] == []
    for service in ("routing", "supervision", "index", "feedback"):
        assert report["services"][service]["agreed"] == 3


def test_every_kind_of_disagreement_is_reported(city: City) -> None:
    fine = city.petition("accepted", DEPT, 5)
    # A petition supervision never took (the consumer skipped it).
    lacked = city.petition("assigned", DEPT, 3)
    city.sql(
        "supervision", "DELETE FROM stream_positions WHERE stream_key = :k", k=f"{TOPIC}|{lacked}"
    )
    # Routing's queue consumer stopped at version 2 of 3 (a gap it jumped, or lag).
    behind = city.petition("assigned", DEPT, 3)
    city.sql(
        "routing",
        "UPDATE stream_positions SET version = 2"
        " WHERE consumer = 'routing-queues' AND stream_key = :k",
        k=f"{TOPIC}|{behind}",
    )
    # Assigned in intake, still "assigning" in routing (issue 13's six petitions).
    stuck = city.petition("assigned", DEPT, 3)
    city.sql(
        "routing", "UPDATE routing_cases SET status = 'assigning' WHERE petition_id = :p", p=stuck
    )
    # Accepted in intake, no queue row (issue 13's three).
    unqueued = city.petition("accepted", DEPT, 5)
    city.sql("routing", "DELETE FROM routing_queue_items WHERE petition_id = :p", p=unqueued)
    # In another department's queue (issue 13's one), and held elsewhere by the index.
    elsewhere = city.petition("assigned", DEPT, 3)
    city.sql(
        "routing",
        "UPDATE routing_queue_items SET department = :d WHERE petition_id = :p",
        d=OTHER,
        p=elsewhere,
    )
    city.sql(
        "index",
        "UPDATE index_petitions SET department = :d WHERE petition_id = :p",
        d=OTHER,
        p=elsewhere,
    )
    # Twice in the queues.
    twice = city.petition("assigned", DEPT, 3)
    city.put("routing", queue_items, petition_id=twice, department=OTHER, state="new", current=True)
    # Feedback ahead of intake (intake restored from an older backup).
    ahead = city.petition("assigned", DEPT, 3)
    city.sql(
        "feedback",
        "UPDATE stream_positions SET version = 4 WHERE stream_key = :k",
        k=f"{TOPIC}|{ahead}",
    )

    code, report = city.check()

    assert code == 1
    got = {(d["service"], d["petition_id"], d["kind"]) for d in report["disagreements"]}
    assert got == {
        ("supervision", lacked, "missing"),
        ("routing", behind, "behind"),
        ("routing", stuck, "different"),
        ("routing", unqueued, "missing"),
        ("routing", elsewhere, "different"),
        ("index", elsewhere, "different"),
        ("routing", twice, "different"),
        ("feedback", ahead, "ahead"),
    }
    assert fine not in {d["petition_id"] for d in report["disagreements"]}
    details = {(d["service"], d["petition_id"]): d["detail"] for d in report["disagreements"]}
    assert "routing-queues at v2" in details["routing", behind]
    assert "'assigning'" in details["routing", stuck]
    assert OTHER in details["routing", elsewhere] and "duplicate" in details["routing", twice]
    assert report["services"]["routing"] == {
        "agreed": 3, "missing": 1, "behind": 1, "ahead": 0, "different": 3
    }  # fmt: skip
    assert report["services"]["supervision"]["missing"] == 1


def test_an_audit_log_short_of_a_petitions_events_is_reported(city: City) -> None:
    pid = city.petition("accepted", DEPT, 5)
    city.sql(
        "supervision", "DELETE FROM sv_audit_rows WHERE petition_id = :p AND version = 5", p=pid
    )

    code, report = city.check()

    assert code == 1
    [found] = report["disagreements"]
    assert (found["service"], found["petition_id"], found["kind"]) == (
        "supervision",
        pid,
        "missing",
    )
    assert found["detail"] == "4 audit log rows, intake v5"


def test_the_table_names_each_disagreement_and_sums_up(city: City) -> None:
    pid = city.petition("assigned", DEPT, 3)
    city.sql(
        "supervision", "UPDATE sv_cases SET department = :d WHERE petition_id = :p", d=OTHER, p=pid
    )
    env = {f"{s.upper()}_DATABASE_URL": url for s, url in city.urls.items()}

    result = CliRunner().invoke(app, ["check"], env=env)

    assert result.exit_code == 1
    assert pid in result.stdout and OTHER in result.stdout
    assert "1 petitions checked" in result.stdout
    assert "supervision: 0 agreed, 0 missing, 0 behind, 0 ahead, 1 different" in result.stdout


def test_a_service_database_that_is_not_there_fails_the_check(city: City, tmp_path: Path) -> None:
    city.petition("assigned", DEPT, 3)
    gone = tmp_path / "nowhere" / "index.sqlite3"
    city.urls["index"] = f"sqlite:///{gone}"

    code, report = city.check()

    assert code == 1
    assert "no database" in report["unavailable"]["index"]
    assert report["services"]["routing"]["agreed"] == 1
    assert not gone.exists()  # read-only: never created


def test_only_the_services_asked_for(city: City) -> None:
    pid = city.petition("assigned", DEPT, 3)
    city.sql("index", "UPDATE index_petitions SET department = '' WHERE petition_id = :p", p=pid)

    assert city.check("-s", "routing")[0] == 0
    code, report = city.check("-s", "index")
    assert code == 1 and list(report["services"]) == ["index"]


def test_a_revisit_done_on_one_side_only_is_reported(city: City) -> None:
    """Feedback's revisit task (回头看) is done exactly when intake recorded the outcome."""

    def revisit(state: str | None, recorded: bool, outreach_at: int = 6) -> str:
        pid = city.petition("replied", DEPT, 6)
        if state is not None:
            city.put("feedback", revisits, petition_id=pid, department=DEPT, state=state)
        if recorded:  # intake's event, the petition's sixth
            city.put(
                "intake", events, event_id=str(uuid.uuid4()), stream_id=pid, stream_version=6,
                event_type="petition.revisit_outcome_recorded",
            )  # fmt: skip
        if outreach_at != 6:
            city.sql(
                "feedback",
                "UPDATE stream_positions SET version = :v"
                " WHERE consumer = 'feedback-outreach' AND stream_key = :k",
                v=outreach_at,
                k=f"{TOPIC}|{pid}",
            )
        return pid

    agreed = [
        revisit("done", recorded=True),
        revisit("open", recorded=False),
        revisit("sent", recorded=False),  # in flight: intake has not answered yet
        revisit(None, recorded=True),  # recorded at intake with no 不满意 rating: no task
    ]
    closed_alone = revisit("done", recorded=False)  # closed in feedback, never in intake
    still_open = revisit("open", recorded=True)  # recorded in intake, open in feedback
    still_sent = revisit("sent", recorded=True)
    lagging = revisit("sent", recorded=True, outreach_at=5)  # the event not taken yet

    code, report = city.check("-s", "feedback")

    assert code == 1
    got = {d["petition_id"]: (d["kind"], d["detail"]) for d in report["disagreements"]}
    assert got == {
        closed_alone: ("different", "revisit task done, intake recorded no revisit outcome"),
        still_open: ("different", "intake recorded the revisit outcome, revisit task 'open'"),
        still_sent: ("different", "intake recorded the revisit outcome, revisit task 'sent'"),
        lagging: ("behind", "feedback-outreach at v5; intake at v6"),
    }
    assert not set(agreed) & set(got)
    assert report["services"]["feedback"] == {
        "agreed": 4, "missing": 0, "behind": 1, "ahead": 0, "different": 3
    }  # fmt: skip
