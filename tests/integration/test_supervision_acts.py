"""Supervision's acts on a petition at their time of day, as the auditor's timeline reads
them: urgings, 督办 and leaders' instructions with the instant each was issued, the pauses
and resumes of the clock (GET /v1/petitions/{id}/pauses), one petition's instruction cases
(GET /v1/instructions?petition_id=) and urgings (GET /v1/departments/{d}/view?petition_id=),
and the case owner's name on the red list; every read
cut to the caller's scope. A rebuild gives the same rows; rows written before revision 0006
keep their day only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert, select

from services.supervision.main import MIGRATIONS
from services.supervision.tables import READ_MODEL, actions, pauses
from shared.auth import Role
from shared.clock import FakeClock
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.runtime.topics import Topics
from tests.support.supervision import (
    DAY0,
    DEPT,
    ApiHarness,
    api_harness,
    auth,
    message,
    outbox_messages,
    petition,
)

TOPICS = Topics()
TODAY = DAY0 + timedelta(days=10)
OFFICE = (Role.PETITION_OFFICE, "320812")
LEADER = (Role.LEADER, "320800")
OTHER_DEPT = "320800-ZJJ"


class Harness(ApiHarness):
    def at(self, hour: int, minute: int, path: str, who: tuple[Role, str], body: Any) -> Any:
        """POST ``body`` at ``hour:minute`` in the city, today."""
        self.clock.time = time(hour, minute)
        r = self.client.post(path, headers=auth(*who), json=body)
        assert r.status_code == 202, r.text
        return r.json()


def owned(pid: str, dept: str = DEPT, region: str = "320812") -> list[Any]:
    """A petition whose case owner is ``leader-<pid>``."""
    return petition(pid, dept, region, owner_id=f"leader-{pid}")


@pytest.fixture
def h(db_url: str) -> Iterator[Harness]:
    three = (*owned("p-1"), *owned("p-2"), *owned("p-city", OTHER_DEPT, "320800"))
    with api_harness(db_url, FakeClock(TODAY), TOPICS, *three, kind=Harness) as harness:
        yield harness


def utc(hour: int, minute: int) -> str:
    """Today at ``hour:minute`` in the city (UTC+8), as the reads give an instant."""
    return f"{TODAY}T{hour - 8:02d}:{minute:02d}:00+00:00"


def test_urgings_and_instructions_keep_the_instant_they_were_issued(h: Harness) -> None:
    due = str(TODAY + timedelta(days=5))
    h.at(9, 5, "/api/v1/petitions/p-1/urgings", OFFICE, {"kind": "urge", "note": "请尽快"})
    h.at(16, 40, "/api/v1/petitions/p-1/urgings", OFFICE, {"kind": "supervise"})
    order = {"leader": "市长", "instruction": "限期办结", "due_on": due}
    h.at(11, 30, "/api/v1/petitions/p-1/instructions", LEADER, order)
    h.feed_own()
    view = h.get(f"/api/v1/departments/{DEPT}/view", *OFFICE).json()
    got = sorted((a["kind"], a["issued_on"], a["issued_at"]) for a in view["actions"])
    assert got == [
        ("instruction", str(TODAY), utc(11, 30)),
        ("supervise", str(TODAY), utc(16, 40)),
        ("urge", str(TODAY), utc(9, 5)),
    ]
    (instruction,) = h.get("/api/v1/instructions", *LEADER).json()["items"]
    assert instruction["issued_at"] == utc(11, 30)


def test_instruction_cases_of_one_petition(h: Harness) -> None:
    order = {"leader": "市长", "instruction": "限期办结", "due_on": str(TODAY + timedelta(9))}
    for pid in ("p-1", "p-2", "p-city"):
        h.at(10, 0, f"/api/v1/petitions/{pid}/instructions", LEADER, order)
    h.feed_own()
    assert len(h.get("/api/v1/instructions", *LEADER).json()["items"]) == 3
    one = h.get("/api/v1/instructions", *LEADER, petition_id="p-2").json()["items"]
    assert [i["petition_id"] for i in one] == ["p-2"]
    assert h.get("/api/v1/instructions", *LEADER, petition_id="nope").json()["items"] == []
    # Asking for a petition outside the caller's region gives nothing of it.
    county = (Role.INSPECTOR, "320812")
    assert h.get("/api/v1/instructions", *county, petition_id="p-city").json()["items"] == []
    assert len(h.get("/api/v1/instructions", *county, petition_id="p-1").json()["items"]) == 1
    # A case owner: of its own cases only, whatever it asks for.
    mine = auth(Role.CASE_OWNER, "320803", "leader-p-2")
    got = h.client.get("/api/v1/instructions", headers=mine, params={"petition_id": "p-1"})
    assert got.json()["items"] == []
    assert h.get("/api/v1/instructions", *LEADER, petition_id="x" * 65).status_code == 422


def test_the_urgings_of_one_petition(h: Harness) -> None:
    view = f"/api/v1/departments/{DEPT}/view"
    for pid, note in (("p-1", "请尽快"), ("p-2", "另一件"), ("p-1", "再催")):
        h.at(9, 0, f"/api/v1/petitions/{pid}/urgings", OFFICE, {"kind": "urge", "note": note})
    h.at(10, 0, "/api/v1/petitions/p-1/urgings", OFFICE, {"kind": "supervise", "note": "督办"})
    h.feed_own()
    every = h.get(view, *OFFICE).json()
    assert sorted(a["petition_id"] for a in every["actions"]) == ["p-1", "p-1", "p-1", "p-2"]
    one = h.get(view, *OFFICE, petition_id="p-1").json()
    assert {a["petition_id"] for a in one["actions"]} == {"p-1"}
    assert sorted(a["note"] for a in one["actions"]) == ["再催", "督办", "请尽快"]
    assert {d["petition_id"] for d in one["deadlines"]} == {"p-1"}
    other = h.get(view, *OFFICE, petition_id="p-2").json()["actions"]
    assert [(a["petition_id"], a["note"]) for a in other] == [("p-2", "另一件")]
    nothing = h.get(view, *OFFICE, petition_id="nope").json()
    assert (nothing["deadlines"], nothing["actions"]) == ([], [])
    # A case owner: of its own cases only, whatever it asks for.
    mine = auth(Role.CASE_OWNER, "320803", "leader-p-2")
    got = h.client.get(view, headers=mine, params={"petition_id": "p-1"})
    assert got.status_code == 200 and got.json()["actions"] == []
    own = h.client.get(view, headers=mine, params={"petition_id": "p-2"}).json()["actions"]
    assert [a["note"] for a in own] == ["另一件"]
    assert h.get(view, *OFFICE, petition_id="x" * 65).status_code == 422


def test_pauses_and_resumes_with_who_and_when(h: Harness) -> None:
    pid = "p-1"
    h.at(9, 15, f"/api/v1/petitions/{pid}/pause", OFFICE, {"reason": "等待鉴定结论"})
    h.feed_own()
    h.clock.advance(3)
    h.at(17, 45, f"/api/v1/petitions/{pid}/resume", OFFICE, None)
    h.feed_own()
    for who in (OFFICE, (Role.AUDITOR, "320800"), (Role.INSPECTOR, "320812")):
        body = h.get(f"/api/v1/petitions/{pid}/pauses", *who).json()
        got = [(p["kind"], p["day"], p["reason"], p["by_user"], p["at"]) for p in body["items"]]
        assert got == [
            ("pause", str(TODAY), "等待鉴定结论", "u-petition_office", utc(9, 15)),
            (
                "resume",
                str(TODAY + timedelta(3)),
                None,
                "u-petition_office",
                f"{TODAY + timedelta(3)}T09:45:00+00:00",
            ),
        ]
    # Another county's inspector, an unknown petition: the same 404; a handler: no such read.
    other = h.get(f"/api/v1/petitions/{pid}/pauses", Role.INSPECTOR, "320803")
    unknown = h.get("/api/v1/petitions/nope/pauses", *OFFICE)
    assert other.status_code == unknown.status_code == 404
    assert other.json()["detail"] == unknown.json()["detail"]
    assert h.get(f"/api/v1/petitions/{pid}/pauses", Role.HANDLER, DEPT).status_code == 403
    # A case owner follows its own case's clock, not another's.
    mine = auth(Role.CASE_OWNER, "320803", "leader-p-1")
    assert h.client.get(f"/api/v1/petitions/{pid}/pauses", headers=mine).status_code == 200
    assert h.client.get("/api/v1/petitions/p-2/pauses", headers=mine).status_code == 404


def test_the_red_list_names_the_case_owner(h: Harness) -> None:
    h.clock.day = DAY0 + timedelta(days=63)  # the 60 days to reply have run out
    red = h.get("/api/v1/red-list", Role.INSPECTOR, "320812").json()["items"]
    got = sorted((r["petition_id"], r["case_owner"], r["case_owner_name"]) for r in red)
    assert got == [("p-1", "leader-p-1", "包案领导"), ("p-2", "leader-p-2", "包案领导")]


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)))) for t in READ_MODEL}


def test_a_rebuild_gives_the_same_acts_and_instants(h: Harness) -> None:
    h.at(9, 15, "/api/v1/petitions/p-1/pause", OFFICE, {"reason": "鉴定"})
    h.at(10, 20, "/api/v1/petitions/p-2/urgings", OFFICE, {"kind": "urge"})
    h.feed_own()
    h.at(15, 0, "/api/v1/petitions/p-1/resume", OFFICE, None)
    h.feed_own()
    before = snapshot(h.engine)
    assert len(before["sv_pauses"]) == 2
    h.runner.reset()
    own = outbox_messages(h.engine, TOPICS.supervision_events)
    events = [*owned("p-city", OTHER_DEPT, "320800"), *owned("p-2"), *owned("p-1")]
    h.runner.process_batch([*[message(e) for e in events], *own])
    assert snapshot(h.engine) == before


def _upgrade(engine: Engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["version_table"] = "alembic_version_supervision"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_rows_from_before_revision_0006_keep_their_day_only(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    _upgrade(engine, "0005_record_order")
    old = {
        "action_id": "a-old",
        "petition_id": "p-old",
        "kind": "urge",
        "department": DEPT,
        "by_user": "u-office",
        "by_org": "320812",
        "leader": None,
        "note": "",
        "issued_on": DAY0,
        "due_on": DAY0 + timedelta(days=10),
        "event_id": "e-old",
    }
    with engine.begin() as conn:
        conn.execute(insert(actions).values(**old))
    _upgrade(engine, "head")
    with engine.connect() as conn:
        row = conn.execute(select(actions)).mappings().one()
        assert (row["action_id"], row["issued_on"], row["issued_at"]) == ("a-old", DAY0, None)
        assert conn.execute(select(pauses)).all() == []
    engine.dispose()
