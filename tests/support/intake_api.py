"""Builders for the intake API tests: an in-process app on a test database, tokens, bodies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from services.intake.main import build_parts
from services.intake.settings import IntakeSettings
from shared.auth import Principal, Role, mint_token
from shared.clock import Clock, FakeClock
from shared.service.app import create_service_app
from shared.settings import DEV_JWT_SECRET

TODAY = date(2026, 3, 2)  # a Monday with no holiday near
VILLAGE = "320831003002"  # a village of 金湖县 塔集镇
COUNTY = "320831"  # 金湖县
TOWNSHIP_GOV = "320831003-GOV"  # where the registrar works
DEPT = "320831-ZJJ"  # 金湖县住房和城乡建设局: answers for 01 in 金湖县
OTHER_DEPT = "320800-RSJ"
CITY = "320800"
OTHER_COUNTY = "320812"


def headers(role: Role | str, org: str, user: str = "u-1", **extra: str) -> dict[str, str]:
    principal = Principal(user_id=user, role=Role(role), org=org)
    return {"Authorization": f"Bearer {mint_token(principal, DEV_JWT_SECRET)}", **extra}


REGISTRAR = headers(Role.REGISTRAR, TOWNSHIP_GOV, "u-registrar")
OFFICE = headers(Role.PETITION_OFFICE, COUNTY, "u-office")
HANDLER = headers(Role.HANDLER, DEPT, "u-handler")
ADMIN = headers(Role.ADMIN, CITY, "u-admin")


@contextmanager
def intake_client(
    db_url: str, today: date = TODAY, clock: Clock | None = None, **settings: Any
) -> Iterator[TestClient]:
    config = IntakeSettings(database_url=db_url, environment="test", **settings)
    parts = build_parts(config, clock=clock or FakeClock(today), with_kafka=False)
    with TestClient(create_service_app(parts), raise_server_exceptions=False) as client:
        yield client


def registration(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "letter",
        "kind": "claim",
        "category_code": "0101",
        "region_code": VILLAGE,
        "receiving_org": TOWNSHIP_GOV,
        "received_on": "2026-02-27",
        "title": "拆迁补偿未到位",
        "content": "房屋征收补偿款至今未发放。",
        "petitioner": {
            "name": "张三",
            "id_number": "320802198001011236",
            "phone": "13800000000",
            "address": "金湖县塔集镇",
        },
    }
    body.update(overrides)
    return body


def register(client: TestClient, **overrides: Any) -> dict[str, Any]:
    r = client.post("/api/v1/petitions", json=registration(**overrides), headers=REGISTRAR)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def act(
    client: TestClient,
    petition_id: str,
    path: str,
    body: dict[str, Any],
    who: dict[str, str],
    version: int | str,
) -> Any:
    return client.post(
        f"/api/v1/petitions/{petition_id}/{path}",
        json=body,
        headers={**who, "If-Match": f'W/"{version}"' if isinstance(version, int) else version},
    )
