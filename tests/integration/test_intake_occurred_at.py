"""Every event's ``occurred_at`` is the true instant, and the city's date at that instant is
the day the decision counted from: at every hour of the city's day, for a city far east or
far west of UTC, whatever the host's own zone. A dated request (``X-Sunshine-Today``) happens
on its day at the city's time of day, never a day off (issue 12)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from shared.clock import FakeClock
from tests.support.intake_api import (
    ADMIN,
    OFFICE,
    REGISTRAR,
    intake_client,
    registration,
)

DAY = date(2026, 3, 2)
DATED = date(2026, 1, 15)  # the day a dated (demo) run names
EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"  # UTC+14, UTC-11
# (the city's zone, the process's TZ): each far zone as both, against the other and itself.
PAIRS = [("Asia/Shanghai", WEST), (EAST, WEST), (WEST, EAST), (EAST, EAST)]


@pytest.fixture
def host_zone(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[str]:
    """The process's own TZ, which must not matter."""
    zone: str = request.param
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    yield zone
    monkeypatch.undo()
    time.tzset()


def _events(client: TestClient, pid: str) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/petitions/{pid}/events", headers=ADMIN)
    assert r.status_code == 200, r.text
    events: list[dict[str, Any]] = r.json()["events"]
    return events


def _register_and_decide(client: TestClient, extra: dict[str, str]) -> list[dict[str, Any]]:
    body = registration(received_on="2026-01-10")
    r = client.post("/api/v1/petitions", json=body, headers={**REGISTRAR, **extra})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    # 不予受理 records the day it was decided on: the city's date of the decision.
    headers = {**OFFICE, **extra, "If-Match": '"1"'}
    r = client.post(
        f"/api/v1/petitions/{pid}/not-accept", json={"reason": "不属于"}, headers=headers
    )
    assert r.status_code == 200, r.text
    return _events(client, pid)


@pytest.mark.parametrize(("city", "host_zone"), PAIRS, indirect=["host_zone"])
def test_occurred_at_is_the_instant_and_its_city_date_is_the_decision_day(
    db_url: str, city: str, host_zone: str
) -> None:
    zone = ZoneInfo(city)
    clock = FakeClock(DAY, zone=zone)
    with intake_client(db_url, clock=clock, timezone=city, allow_date_override=True) as client:
        for hour in range(24):
            clock.time = clock_time(hour, 30)
            registered, decided = _register_and_decide(client, {})
            for event in (registered, decided):
                at = datetime.fromisoformat(event["occurred_at"])
                assert at == clock.now(), (city, host_zone, hour, event["type"])
                assert at.astimezone(zone).date() == DAY
            assert decided["payload"]["decided_on"] == DAY.isoformat()

            registered, decided = _register_and_decide(client, {"X-Sunshine-Today": str(DATED)})
            for event in (registered, decided):
                local = datetime.fromisoformat(event["occurred_at"]).astimezone(zone)
                assert local.date() == DATED, (city, host_zone, hour, event["type"])
                assert (local.hour, local.minute) == (hour, 30)
            assert decided["payload"]["decided_on"] == DATED.isoformat()
