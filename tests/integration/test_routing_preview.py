"""``POST /api/v1/rulesets/preview``: where a sample petition would go, with the decision
consumer's own matcher, against the rule set in force or a candidate (validated as
``POST /rulesets`` validates it), storing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.routing.api import make_routers
from services.routing.api.context import ApiContext
from services.routing.application.rulefile import load_file
from services.routing.application.rulestore import RuleStore
from services.routing.main import MIGRATIONS
from services.routing.settings import Settings
from shared.auth import Principal, Role, mint_token
from shared.eventstore import make_engine
from shared.refdata import load_refdata
from shared.service.app import ServiceParts, create_service_app
from shared.settings import DEV_JWT_SECRET
from tests.support.routing import DAY0

VILLAGE = "320831003002"
TOWNSHIP_GOV = "320831003-GOV"
PREVIEW = "/api/v1/rulesets/preview"


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    engine = make_engine(db_url)
    refs = load_refdata()
    ctx = ApiContext(engine, refs, RuleStore(refs, load_file()), lambda: DAY0)
    parts = ServiceParts(
        name="routing",
        settings=Settings(database_url=db_url),
        engine=engine,
        routers=make_routers(ctx),
        migrations=MIGRATIONS,
    )
    with TestClient(create_service_app(parts)) as c:
        yield c


def auth(role: Role, org: str) -> dict[str, str]:
    token = mint_token(Principal(user_id=f"u-{role}", role=role, org=org), DEV_JWT_SECRET)
    return {"Authorization": f"Bearer {token}"}


ADMIN = auth(Role.ADMIN, "320800")


def sample(**overrides: Any) -> dict[str, Any]:
    return {"kind": "claim", "category_code": "0101", "region_code": VILLAGE, **overrides}


def test_the_rule_set_in_force_places_a_sample(client: TestClient) -> None:
    r = client.post(PREVIEW, headers=ADMIN, json={"petition": sample(channel="letter")})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["ruleset_version"] == 1
    assert (got["department"], got["rule_id"]) == (TOWNSHIP_GOV, f"dept.{TOWNSHIP_GOV}")
    assert got["department_name"] == load_refdata().department_name(TOWNSHIP_GOV)
    assert got["manual_reason"] is None and got["reason"].startswith(f"rule dept.{TOWNSHIP_GOV}")
    assert got["level"] == "township" and got["hard_case"] is False
    # A collective petition of many people is a hard case: the county's leader owns it.
    hard = client.post(
        PREVIEW, headers=ADMIN, json={"petition": sample(collective=True, headcount=10)}
    ).json()
    assert hard["hard_case"] is True and hard["case_owner"]["user_id"] == "leader-320831"


def test_an_accusation_never_goes_to_the_accused_unit(client: TestClient) -> None:
    body = {"petition": sample(kind="accusation", accused_org=TOWNSHIP_GOV)}
    got = client.post(PREVIEW, headers=ADMIN, json=body).json()
    blocked = load_refdata().org_tree.blocked_for_accusation(TOWNSHIP_GOV)
    assert got["department"] not in blocked
    assert got["department"] is not None or got["manual_reason"]


def test_a_candidate_rule_set_is_tried_and_not_stored(client: TestClient) -> None:
    rules = load_file().model_dump(mode="json")
    rules["label"] = "candidate"
    rules["rules"].append(
        {
            "id": "hw.collective-housing",
            "match": {"regions": ["320831"], "categories": ["01"], "collective": True},
            "department": "320831-ZJJ",
            "level": "county",
        }
    )
    body = {"petition": sample(collective=True, headcount=3), "ruleset": rules}
    got = client.post(PREVIEW, headers=ADMIN, json=body).json()
    assert (got["rule_id"], got["department"], got["ruleset_version"]) == (
        "hw.collective-housing",
        "320831-ZJJ",
        None,
    )
    assert client.get("/api/v1/rulesets", headers=ADMIN).json()["in_force"] == 1
    # Nothing places a claim when only the suggestions rule is left: the manual queue, why.
    rules["rules"] = rules["rules"][:1]
    manual = client.post(PREVIEW, headers=ADMIN, json={"petition": sample(), "ruleset": rules})
    got = manual.json()
    assert got["department"] is None and got["rule_id"] is None
    assert got["manual_reason"].startswith("no rule places category 0101")
    assert got["manual_reason_zh"].startswith("没有分派规则负责")
    assert got["manual_reason_zh"].endswith("“房屋征收拆迁”类问题，请人工分派。")
    assert got["manual_office"] == "320831-XFJ"


def test_a_bad_candidate_or_sample_is_refused_as_post_rulesets_refuses(client: TestClient) -> None:
    rules = load_file().model_dump(mode="json")
    rules["rules"][0]["department"] = "320812-ZJJ"  # a county bureau at city level
    bad = client.post(PREVIEW, headers=ADMIN, json={"petition": sample(), "ruleset": rules})
    posted = client.post("/api/v1/rulesets", headers=ADMIN, json=rules)
    assert bad.status_code == posted.status_code == 422
    assert bad.json()["errors"] == posted.json()["errors"]
    unknown = client.post(PREVIEW, headers=ADMIN, json={"petition": sample(region_code="999")})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.petition.region_code"


def test_who_may_preview(client: TestClient) -> None:
    body = {"petition": sample()}
    assert client.post(PREVIEW, json=body).status_code == 401
    office = client.post(PREVIEW, headers=auth(Role.PETITION_OFFICE, "320831"), json=body)
    assert office.status_code == 200
    for role, org in ((Role.HANDLER, "320831-ZJJ"), (Role.LEADER, "320800")):
        assert client.post(PREVIEW, headers=auth(role, org), json=body).status_code == 403
