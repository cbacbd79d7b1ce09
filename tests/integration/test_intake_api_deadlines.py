"""Due dates as a client reads them through the API, across the Spring Festival of 2026 and a
granted extension; the arithmetic itself is unit-tested in tests/unit/test_intake_deadlines.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from tests.support.intake_api import (
    DEPT,
    HANDLER,
    OFFICE,
    act,
    intake_client,
    register,
)


def _due(client: TestClient, pid: str) -> dict[str, Any]:
    r = client.get(f"/api/v1/petitions/{pid}", headers=OFFICE)
    assert r.status_code == 200, r.text
    due: dict[str, Any] = r.json()["due"]
    return due


def test_due_dates_through_the_api_across_a_holiday_and_an_extension(db_url: str) -> None:
    with intake_client(db_url, today=date(2026, 2, 12), allow_date_override=True) as client:
        # Received Sun 1 Feb: day 15 is Mon 16 Feb, inside the holiday: due Tue 24 Feb.
        pid = register(client, received_on="2026-02-01")["id"]
        assert _due(client, pid)["forward_due"] == "2026-02-24"
        # Assigned Thu 12 Feb: five working days to object are Fri 13, the worked Saturday
        # 14, then (after the holiday) Tue 24, Wed 25, Thu 26.
        r = act(client, pid, "assign", {"department": DEPT, "reason": "属地管理"}, OFFICE, 1)
        assert r.status_code == 200, r.text
        assert _due(client, pid)["objection_due"] == "2026-02-26"
        # Accepted Mon 2 Mar: day 60 is Fri 1 May (Labour Day holiday): due Wed 6 May.
        handler = {**HANDLER, "x-sunshine-today": "2026-03-02"}
        r = act(client, pid, "accept", {"handler": "u-handler"}, handler, r.headers["etag"])
        assert r.status_code == 200, r.text
        assert _due(client, pid)["reply_due"] == "2026-05-06"
        # The 30 extra days count from acceptance too: day 90 is Sun 31 May, so Mon 1 Jun.
        ask = {"days": 30, "reason": "情况复杂"}
        r = act(client, pid, "request-extension", ask, handler, r.headers["etag"])
        assert r.status_code == 200, r.text
        grant = {"approver": "u-head"}
        r = act(client, pid, "approve-extension", grant, handler, r.headers["etag"])
        assert r.status_code == 200, r.text
        due = _due(client, pid)
        assert due["reply_due"] == "2026-06-01" and due["current_due"] == "2026-06-01"


def test_a_development_date_beyond_the_calendar_is_400_not_500(db_url: str) -> None:
    """A due date counted from 9999-12-31 would overflow the calendar."""
    with intake_client(db_url, allow_date_override=True) as client:
        pid = register(client)["id"]
        late = {**OFFICE, "x-sunshine-today": "9999-12-31"}
        r = act(client, pid, "assign", {"department": DEPT, "reason": "属地管理"}, late, 1)
        assert r.status_code == 400, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
