"""One petition through the whole system, as its users drive it: one ``sunshine run`` on
ports of its own, only HTTP and Kafka from here.

A registrar registers a letter; routing assigns it (intake shows the department within
seconds) and it waits in that department's queue; the handler accepts and replies through
intake with ``If-Match``; supervision shows the running step and its light while the case is
in hand; the petitioner rates 不满意 with the one-time token; feedback records the rating and
opens a revisit; and the auditor's ``sunshine replay`` tells the same story as intake's
history of the petition (issue 5: same event ids, same order, same actors).
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from shared.auth import Principal, Role, mint_token
from shared.runtime.services import existing
from shared.settings import DEV_JWT_SECRET
from tests.support.processes import env_without, free_port_block, free_ports, wait_for
from tests.support.system import stop_run

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]

VILLAGE = "320831003002"  # a village of a township of 金湖县
TOWNSHIP_GOV = "320831003-GOV"  # the township government, where the letter arrives
COUNTY = "320831"  # 金湖县: its petition office watches the township


@dataclass
class System:
    proc: subprocess.Popen[bytes]
    out: Path
    port_base: int
    broker_port: int

    def url(self, offset: int) -> str:
        return f"http://127.0.0.1:{self.port_base + offset}"

    @property
    def intake(self) -> str:
        return self.url(1)

    @property
    def routing(self) -> str:
        return self.url(2)

    @property
    def supervision(self) -> str:
        return self.url(3)

    @property
    def feedback(self) -> str:
        return self.url(5)

    def env(self) -> dict[str, str]:
        """The environment of a command a user runs beside this system."""
        return {
            **env_without("KAFKA_", "SUNSHINE_"),
            "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{self.broker_port}",
        }


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    with run_system(tmp_path_factory.mktemp("flow")) as running:
        yield running


@contextlib.contextmanager
def run_system(tmp: Path, **settings: str) -> Iterator[System]:
    """``sunshine run`` on ports of its own, with these service settings (``NAME_FIELD``)."""
    missing = {"intake", "routing", "supervision"} - {s.name for s in existing()}
    if missing:
        pytest.skip(f"services not there yet: {sorted(missing)}")
    port_base = free_port_block(5)
    [broker_port] = free_ports(1)
    out = tmp / "run.out"
    cmd = [
        sys.executable, "-m", "tools.cli.main", "run",
        "--data-dir", str(tmp / "data"),
        "--port-base", str(port_base),
        "--broker-port", str(broker_port),
    ]  # fmt: skip
    env = env_without("KAFKA_", "SUNSHINE_", *(s.env_prefix for s in existing())) | settings
    with out.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    running = System(proc, out, port_base, broker_port)
    try:
        wait_for(
            "sunshine run to report ready",
            lambda: "press Ctrl-C to stop" in out.read_text() or proc.poll() is not None,
            timeout=120,
        )
        assert proc.poll() is None, out.read_text()
        yield running
    finally:
        stop_run(proc)


def bearer(role: Role, org: str, user: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=user, role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


def ok(resp: httpx.Response, status: int = 200) -> Any:
    assert resp.status_code == status, f"{resp.request.method} {resp.request.url}: {resp.text}"
    return resp.json()


def within(what: str, seconds: float, probe: Any) -> Any:
    """``probe()`` truthy within ``seconds``; returns its value."""
    return wait_for(what, probe, timeout=seconds, every=0.1)


def sms_link(system: System, kind: str) -> str | None:
    """The link in the last message of ``kind`` the file notifier "sent" (the phone)."""
    phone = system.out.parent / "data" / "feedback-messages.jsonl"
    if not phone.exists():
        return None
    texts = [m["text"] for m in map(json.loads, phone.read_text("utf-8").splitlines())
             if m["kind"] == kind]  # fmt: skip
    return texts[-1][texts[-1].index("http") :] if texts else None


def test_a_petition_from_registration_to_revisit_and_replay(system: System) -> None:
    http = httpx.Client(timeout=10)
    registrar = bearer(Role.REGISTRAR, TOWNSHIP_GOV, "u-registrar")
    office = bearer(Role.PETITION_OFFICE, COUNTY, "u-office")

    # 1. The registrar registers a letter that arrived yesterday.
    received = (date.today() - timedelta(days=1)).isoformat()
    registration = {
        "channel": "letter",
        "kind": "claim",
        "category_code": "0101",
        "region_code": VILLAGE,
        "receiving_org": TOWNSHIP_GOV,
        "received_on": received,
        "title": "拆迁补偿未到位",
        "content": "房屋征收补偿款至今未发放。",
        "petitioner": {
            "name": "张三",
            "id_number": "320802198001011236",
            "phone": "13800000000",
            "address": "金湖县",
        },
    }
    reg = http.post(f"{system.intake}/api/v1/petitions", json=registration, headers=registrar)
    created = ok(reg, 201)
    pid, code = created["id"], created["tracking_code"]
    assert created["status"] == "registered" and created["department"] is None
    assert reg.headers["Location"] == f"/api/v1/petitions/{pid}"

    # 2. Routing assigns it: intake shows the department within seconds.
    def assigned() -> dict[str, Any] | None:
        p: dict[str, Any] = ok(http.get(f"{system.intake}/api/v1/petitions/{pid}", headers=office))
        return p if p["status"] == "assigned" and p["department"] else None

    # Within seconds; 10 s leaves room for the first message's consumer-group join.
    petition = within("routing to assign the petition", 10, assigned)
    dept = petition["department"]
    handler = bearer(Role.HANDLER, dept, "u-handler")
    why = ok(http.get(f"{system.routing}/api/v1/petitions/{pid}/routing", headers=office))
    assert why["department"] == dept and why["rule_id"]
    assigned_event = next(h for h in petition["history"] if h["type"] == "petition.assigned")
    assert assigned_event["actor"]["role"] == "system"

    # 3. It waits in that department's queue, for that department's handler.
    def queued() -> dict[str, Any] | None:
        queue = ok(http.get(f"{system.routing}/api/v1/queues/{dept}", headers=handler))
        return next((i for i in queue["items"] if i["petition_id"] == pid), None)

    item = within("the petition in the department's queue", 10, queued)
    assert item["state"] == "new" and item["tracking_code"] == code
    assert item["due_on"] == petition["current_due"]

    # 4. The handler accepts; a stale version is refused and changes nothing.
    # README's walk-through: registered, assigned, case owner set (routing's second command,
    # right behind the first) make version 3.
    def version_3() -> str | None:
        got = http.get(f"{system.intake}/api/v1/petitions/{pid}", headers=handler)
        return got.headers["ETag"] if got.headers["ETag"] == 'W/"3"' else None

    etag = within("the case owner on the petition (version 3)", 10, version_3)
    stale = http.post(
        f"{system.intake}/api/v1/petitions/{pid}/accept",
        json={"handler": "u-handler"},
        headers={**handler, "If-Match": 'W/"1"'},
    )
    assert stale.status_code == 409, stale.text
    accept = http.post(
        f"{system.intake}/api/v1/petitions/{pid}/accept",
        json={"handler": "u-handler"},
        headers={**handler, "If-Match": etag},
    )
    accepted = ok(accept)
    assert accepted["status"] == "accepted"
    assert accept.headers["ETag"] == 'W/"4"'  # README: accepting makes version 4
    reply_due = ok(http.get(f"{system.intake}/api/v1/petitions/{pid}", headers=handler))["due"][
        "reply_due"
    ]

    # 5. Supervision shows the case in hand: step "handling", due when intake says, green.
    def deadline() -> dict[str, Any] | None:
        view = ok(http.get(f"{system.supervision}/api/v1/departments/{dept}/view", headers=handler))
        return next(
            (d for d in view["deadlines"] if d["petition_id"] == pid and d["step"] == "handling"),
            None,
        )

    step = within("supervision to show the handling step", 10, deadline)
    assert step["light"] == "green" and step["due_on"] == reply_due
    assert step["handler"] == "u-handler"
    lights = ok(
        http.get(f"{system.supervision}/api/v1/lights", params={"by": "department"}, headers=office)
    )
    assert lights["groups"][dept]["green"] >= 1

    # 6. Feedback sent the petitioner the notice of acceptance, and intake records it (the
    #    15-day notice duty) on the petition: a new version, so the handler reloads first.
    def notice_recorded() -> str | None:
        r = http.get(f"{system.intake}/api/v1/petitions/{pid}", headers=handler)
        done = any(
            h["type"] == "petition.acceptance_notice_recorded"
            and h["actor"]["user_id"] == "feedback-notifier"
            for h in ok(r)["history"]
        )
        return r.headers["ETag"] if done else None

    etag = within("feedback's acceptance notice on the petition's record", 15, notice_recorded)
    assert etag == 'W/"5"'  # README: the reply goes with If-Match W/"5"

    # 7. The handler replies; the petitioner gets the one-time rating token.
    reply = http.post(
        f"{system.intake}/api/v1/petitions/{pid}/reply",
        json={"reply_text": "经核查，补偿款将于本月发放。", "document_ref": "JH-2026-001"},
        headers={**handler, "If-Match": etag},
    )
    token = ok(reply)["rating_token"]
    within("the handling step to leave supervision's running deadlines", 10, lambda: not deadline())

    # 8. The petitioner's SMS invites the rating with the one-time link, on the gateway's
    #    address of this run (--port-base), carrying the same token; they track the petition
    #    and rate it 不满意 from that link, once.
    link = within("the rating invitation SMS", 15, lambda: sms_link(system, "rating_invitation"))
    assert link == f"http://127.0.0.1:{system.port_base}/rate/{quote(code)}?token={token}"
    tracked = ok(http.get(f"{system.intake}/api/v1/public/track/{code}"))
    assert [s["step"] for s in tracked["steps"]] == ["received", "assigned", "accepted", "replied"]
    assert tracked["reply"]["text"] == "经核查，补偿款将于本月发放。"
    rating = {
        "tracking_code": code,
        "token": link.rsplit("token=", 1)[1],
        "unit_rating": "dissatisfied",
        "result_rating": "dissatisfied",
    }
    assert ok(http.post(f"{system.intake}/api/v1/public/rate", json=rating))["rated"] is True
    again = http.post(f"{system.intake}/api/v1/public/rate", json=rating)
    assert again.status_code == 403, again.text

    # 9. Feedback records the rating and opens a revisit in the unit's queue.
    def revisit() -> dict[str, Any] | None:
        r = http.get(f"{system.feedback}/api/v1/revisits/{pid}", headers=handler)
        return r.json() if r.status_code == 200 else None

    task = within("feedback to open a revisit", 10, revisit)
    assert task["department"] == dept and task["state"] == "open"
    assert task["unit_rating"] == task["result_rating"] == "dissatisfied"

    def tallied() -> dict[str, Any] | None:
        url = f"{system.feedback}/api/v1/satisfaction"
        figures = ok(http.get(url, params={"by": "department"}, headers=office))
        return next((g for g in figures["groups"] if g["code"] == dept), None)

    group = within("the rating in the satisfaction figures", 10, tallied)
    assert group["rated"] == 1 and group["unit"]["counts"]["dissatisfied"] == 1

    def alerted() -> bool:
        notices = ok(
            http.get(
                f"{system.feedback}/api/v1/notices", params={"petition_id": pid}, headers=office
            )
        )
        return any(n["kind"] == "dissatisfied_alert" for n in notices["items"])

    within("the SMS to the handling unit", 10, alerted)

    # 10. The auditor's replay of the Kafka log matches intake's history of the petition.
    history = ok(http.get(f"{system.intake}/api/v1/petitions/{pid}/events", headers=office))
    expected = [
        (e["event_id"], e["type"], e["actor"]["user_id"], e["actor"]["role"], e["actor"]["org"])
        for e in history["events"]
    ]
    assert [e[1] for e in expected][-1] == "petition.rated"

    def replayed() -> list[tuple[Any, ...]] | None:
        run = subprocess.run(
            [sys.executable, "-m", "tools.cli.main", "replay", "--petition", pid,
             "--format", "json"],
            cwd=ROOT, env=system.env(), capture_output=True, timeout=60, check=True,
        )  # fmt: skip
        rows = json.loads(run.stdout)
        found = [(r["event_id"], r["event_type"], r["user_id"], r["role"], r["org"]) for r in rows]
        return found if len(found) >= len(expected) else None

    assert within("replay to see every event", 30, replayed) == expected


def test_the_demo_fills_the_running_system(system: System) -> None:
    """README: after ``make run``, ``sunshine demo`` fills the system with a city's petitions."""
    admin = bearer(Role.ADMIN, "320800", "u-admin")
    listed = f"{system.intake}/api/v1/petitions?limit=200"
    before = len(ok(httpx.get(listed, headers=admin))["items"])
    run = subprocess.run(
        [sys.executable, "-m", "tools.cli.main", "demo", "--days", "3", "--seed", "5",
         "--per-day", "6", "--url", system.intake],
        cwd=ROOT, env=system.env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    counts = dict(
        (cells[0], int(cells[1]))
        for line in run.stdout.splitlines()
        if len(cells := [c.strip() for c in line.strip("│┃ ").split("│")]) == 2
        and cells[1].isdigit()
    )
    assert counts.get("registered", 0) > 0, run.stdout
    # A 409 may happen (another service wrote to the petition; the demo reloads and retries).
    refused = {"http 400", "http 401", "http 403", "http 404", "http 422"}
    assert not [k for k in counts if k in refused or k.startswith("http 5")], counts
    after = len(ok(httpx.get(listed, headers=admin))["items"])
    assert after >= before + min(counts["registered"], 200 - before)
