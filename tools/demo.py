"""The demo city: a deterministic city's petitions and their lifecycles, over HTTP (``sunshine
demo`` drives it; so does the restart bench).

Drives the running intake day by day (``X-Sunshine-Today``: intake needs
``INTAKE_ALLOW_DATE_OVERRIDE=true``, which ``sunshine run`` sets outside production), with
tokens it mints itself for registrars, petition offices and handlers. The same seed gives the
same city: volumes skewed by channel, category and region, handling times with a long tail,
extensions, reviews and a distribution of ratings. What routing placed goes on from its
department; the petition office assigns the rest by hand.

Every step with a deadline is done by its due date (the petition's ``current_due``), except a
drawn share (``LATE_SHARE``) done after it on purpose: those, and only those, are the late
steps the history shows (``Demo.late``, counted in the summary as "late on purpose"). Most
petitions are brought to the township government responsible for them; a drawn share
(``SKIP_LEVEL_SHARE``) go straight to the county's petition office, over its head (越级).
"""

from __future__ import annotations

import heapq
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import typer

from shared.schemas.idnumber import sample_resident_id

CHANNELS = {"letter": 30, "visit": 20, "online": 35, "phone": 15}
MAJORS = {"01": 30, "02": 18, "03": 10, "04": 8, "05": 6, "06": 5, "07": 5, "08": 4, "09": 6}
COUNTIES = {"320812": 22, "320803": 16, "320804": 14, "320813": 8, "320826": 14}
COUNTIES |= {"320830": 10, "320831": 8, "320871": 8}
RATINGS = {"very_satisfied": 35, "satisfied": 40, "not_quite_satisfied": 15, "dissatisfied": 10}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
OUTSIDE_SCOPE = {"reason": "不属于信访受理范围"}  # 不予受理: not a matter for petitions
CITY = "320800"
ROUTING_WAIT_S = 10.0  # how long the demo waits for routing to decide a petition
LATE_SHARE = 0.04  # of the steps with a deadline, done after it on purpose
SKIP_LEVEL_SHARE = 0.1  # of the petitions, brought to the county office over the township
REVISIT_DAYS = 15  # supervision's default 回头看 period after a 不满意 rating
# The deadline each scheduled step is done against (supervision's step names).
DEADLINE_OF = {
    "office": "forward",
    "accept": "acceptance_notice",
    "reply": "handling",
    "review": "revisit",
    "decide": "review",
}


def next_port(url: str) -> str:
    """Routing's address beside intake's, as ``sunshine run`` lays them out."""
    parsed = urlsplit(url)
    return f"{parsed.scheme}://{parsed.hostname}:{(parsed.port or 80) + 1}"


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass(order=True)
class Step:
    day: date
    seq: int
    petition: str = field(compare=False)
    name: str = field(compare=False)


@dataclass
class Case:
    id: str
    version: int
    department: str
    county: str
    due: date | None = None  # the running step's due date, as intake last said
    token: str | None = None

    def saw(self, body: dict[str, Any]) -> None:
        self.version = body.get("version", self.version)
        due = body.get("current_due")
        self.due = date.fromisoformat(due) if due else None


class Demo:
    def __init__(
        self,
        url: str,
        seed: int,
        secret: str,
        late_share: float = LATE_SHARE,
        routing_url: str | None = None,
    ) -> None:
        import httpx

        from shared.refdata import load_refdata

        self.http = httpx.Client(base_url=url, timeout=30)
        self.routing = httpx.Client(base_url=routing_url or next_port(url), timeout=30)
        self.rng = random.Random(seed)
        self.ref = load_refdata()
        self.secret = secret
        self.tokens: dict[tuple[str, str], str] = {}
        self.queue: list[Step] = []
        self.cases: dict[str, Case] = {}
        self.tally: Counter[str] = Counter()
        self.seq = 0
        self.late: set[tuple[str, str]] = set()  # (petition id, step) done late on purpose
        self.late_share = late_share

    def auth(self, role: str, org: str) -> dict[str, str]:
        from shared.auth import Principal, Role, mint_token

        key = (role, org)
        if key not in self.tokens:
            who = Principal(user_id=f"demo-{role}-{org}", role=Role(role), org=org)
            self.tokens[key] = mint_token(who, self.secret)
        return {"Authorization": f"Bearer {self.tokens[key]}"}

    def later(self, day: date, days: int, case: Case, name: str) -> None:
        """Do ``name`` ``days`` after ``day``; a step with a deadline by the running step's
        due date, or, for a drawn share, after it on purpose (recorded in ``late``)."""
        at = day + timedelta(days=days)
        step = DEADLINE_OF.get(name)
        if step is not None and case.due is not None:
            if self.rng.random() < self.late_share:
                self.late.add((case.id, step))
                at = max(day, case.due + timedelta(days=self.rng.randint(1, 10)))
            else:
                at = max(day, min(at, case.due))
        self.seq += 1
        heapq.heappush(self.queue, Step(at, self.seq, case.id, name))

    def call(self, day: date, path: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
        headers = {**auth, "X-Sunshine-Today": day.isoformat()}
        r = self.http.post(path, json=body, headers=headers)
        self.tally[f"http {r.status_code}"] += 1
        if r.status_code == 403 and "x-sunshine-today" in r.text.lower():
            raise typer.BadParameter(
                "intake refuses dated requests: start it with INTAKE_ALLOW_DATE_OVERRIDE=true"
                " (sunshine run does, outside production)"
            )
        return r

    def register(self, day: date) -> None:
        rng = self.rng
        county = pick(rng, COUNTIES)
        places = [c for c in self.ref.regions if c.startswith(county) and len(c) > 6]
        region = rng.choice(places or [county])
        major = self.ref.majors[pick(rng, MAJORS)]
        category = rng.choice(major.minors).code
        depts = self.ref.departments_for(category, region)
        channel = pick(rng, CHANNELS)
        delay = rng.randint(1, 6) if channel == "letter" else 0
        township = f"{region[:9]}-GOV"
        over_head = rng.random() < SKIP_LEVEL_SHARE or township not in self.ref.departments
        office = f"{county}-XFJ" if over_head else township
        body = {
            "channel": channel,
            "kind": rng.choices(["claim", "suggestion", "accusation"], [80, 12, 8])[0],
            "category_code": category,
            "region_code": region,
            "receiving_org": office,
            "received_on": (day - timedelta(days=delay)).isoformat(),
            "title": f"{major.name_zh}问题反映",
            "content": f"关于{major.name_zh}方面的诉求，请求依法处理。",
            "petitioner": {
                "name": rng.choice(SURNAMES) + rng.choice("伟芳娜敏静丽强磊军洋"),
                "id_number": sample_resident_id(rng.randint(10**13, 10**14 - 1)),
                "phone": f"13{rng.randint(10**8, 10**9 - 1)}",
            },
        }
        r = self.call(day, "/api/v1/petitions", body, self.auth("registrar", office))
        if r.status_code != 201:
            return
        self.tally["registered"] += 1
        p = r.json()
        dept = next((d.code for d in depts), "")
        case = Case(p["id"], p["version"], dept, county)
        case.saw(p)
        self.cases[case.id] = case
        self.tally["brought over the township's head"] += office == f"{county}-XFJ"
        # Routing places most at once; the office looks after the rest within days.
        self.later(day, rng.choice([0, 1, 1, 2, 3]), case, "assign")

    def act(self, day: date, case: Case, path: str, body: dict[str, Any], role: str) -> bool:
        org = case.department if role == "handler" else case.county
        headers = {**self.auth(role, org), "If-Match": f'"{case.version}"'}
        r = self.call(day, f"/api/v1/petitions/{case.id}/{path}", body, headers)
        moved = r.json().get("current_version") if r.status_code == 409 else None
        if moved is not None:
            # Another service wrote to the petition meanwhile (feedback recording a notice,
            # routing a re-assignment): reload the version, as a user would, and try again.
            case.version = moved
            headers["If-Match"] = f'"{moved}"'
            r = self.call(day, f"/api/v1/petitions/{case.id}/{path}", body, headers)
        if r.status_code != 200:
            return False
        case.saw(r.json())
        case.token = r.json().get("rating_token", case.token)
        self.tally[path] += 1
        return True

    def step(self, s: Step) -> None:
        rng, case, day = self.rng, self.cases[s.petition], s.day
        match s.name:
            case "assign":
                wait = rng.choice([0, 1, 2, 3, 5, 8, 12])
                # Routing placed it (the office's manual step is for what no rule could
                # place): its department decides by the acceptance deadline.
                self.later(day, wait, case, "accept" if self.routed(case) else "office")
            case "office":
                if not case.department or rng.random() < 0.06:
                    if (case.id, "forward") in self.late:  # so the petitioner is told late too
                        self.late.add((case.id, "acceptance_notice"))
                    self.act(day, case, "not-accept", OUTSIDE_SCOPE, "petition_office")
                elif self.act(
                    day,
                    case,
                    "assign",
                    {"department": case.department, "reason": "属地管理、分级负责"},
                    "petition_office",
                ):
                    self.later(day, rng.choice([1, 2, 3, 5, 8, 14]), case, "accept")
            case "accept":
                if rng.random() < 0.06:  # the department finds it outside the law's scope
                    self.act(day, case, "not-accept", OUTSIDE_SCOPE, "handler")
                elif self.act(day, case, "accept", {"handler": "demo-handler"}, "handler"):
                    if rng.random() < 0.04:
                        self.later(day, rng.randint(3, 20), case, "withdraw")
                        return
                    if rng.random() < 0.1:
                        self.later(day, rng.randint(30, 55), case, "extend")
                    self.later(day, int(rng.lognormvariate(3.3, 0.5)), case, "reply")
            case "extend":
                if self.act(
                    day,
                    case,
                    "request-extension",
                    {"days": 30, "reason": "情况复杂，需进一步调查"},
                    "handler",
                ):
                    self.act(day, case, "approve-extension", {"approver": "demo-head"}, "handler")
            case "withdraw":
                self.act(day, case, "withdraw", {"reason": "已自行和解"}, "petition_office")
            case "reply":
                if self.act(
                    day,
                    case,
                    "reply",
                    {
                        "reply_text": "经调查核实，已依法依规处理。",
                        "document_ref": f"复〔{day.year}〕{self.seq}号",
                    },
                    "handler",
                ):
                    self.later(day, rng.randint(1, 10), case, "rate")
            case "rate":
                self.rate(day, case)
            case "review":
                if self.act(day, case, "request-review", {}, "petition_office"):
                    self.later(day, rng.randint(10, 28), case, "decide")
            case "decide":
                self.act(
                    day,
                    case,
                    "decide-review",
                    {"upheld": rng.random() < 0.8, "decision_text": "复查意见"},
                    "petition_office",
                )

    def routed(self, case: Case) -> bool:
        """Has routing placed the petition? Then its department and version are the ones to
        carry on with; what no rule could place is the office's to assign. The demo runs
        days in a second, so it waits (briefly) for routing to decide, as a day would."""
        import httpx

        deadline = time.monotonic() + ROUTING_WAIT_S
        while time.monotonic() < deadline:
            try:
                r = self.routing.get(
                    f"/api/v1/petitions/{case.id}/routing",
                    headers=self.auth("petition_office", CITY),
                )
            except httpx.HTTPError:  # routing is not there: the office places it
                return self.assigned(case)
            status = r.json().get("status") if r.status_code == 200 else None
            if status == "manual":
                return False
            if status in ("assigning", "assigned") and self.assigned(case):
                return True
            time.sleep(0.05)
        return self.assigned(case)

    def assigned(self, case: Case) -> bool:
        r = self.http.get(f"/api/v1/petitions/{case.id}", headers=self.auth("admin", CITY))
        if r.status_code != 200 or not r.json().get("department"):
            return False
        case.department = r.json()["department"]
        case.saw(r.json())
        self.tally["routed by routing"] += 1
        return True

    def rate(self, day: date, case: Case) -> None:
        unit, result = pick(self.rng, RATINGS), pick(self.rng, RATINGS)
        if self.rng.random() < 0.75 and case.token:
            body = {
                "tracking_code": "",
                "token": case.token,
                "unit_rating": unit,
                "result_rating": result,
            }
            got = self.http.get(f"/api/v1/petitions/{case.id}", headers=self.auth("admin", CITY))
            body["tracking_code"] = got.json()["tracking_code"]
            r = self.http.post(
                "/api/v1/public/rate", json=body, headers={"X-Sunshine-Today": day.isoformat()}
            )
            if r.status_code == 200:
                case.version = r.json()["version"]
                self.tally[f"rating {result}"] += 1
        if result == "dissatisfied" and self.rng.random() < 0.5:
            case.due = day + timedelta(days=REVISIT_DAYS)  # asked for within the revisit
            self.later(day, self.rng.randint(3, 20), case, "review")
        elif self.act(day, case, "close", {}, "handler"):
            pass

    def run(self, start: date, days: int, per_day: int, on_day: Any) -> None:
        for i in range(days):
            day = start + timedelta(days=i)
            volume = per_day if day.weekday() < 5 else per_day // 3
            for _ in range(max(0, int(self.rng.gauss(volume, volume / 4)))):
                self.register(day)
            while self.queue and self.queue[0].day <= day:
                self.step(heapq.heappop(self.queue))
            on_day(day)
