"""The service skeleton on a tiny service defined here: what a client and an operator see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter, HTTPException
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import inspect

from shared.eventstore import make_engine
from shared.service.app import ServiceParts, create_service_app
from shared.settings import ServiceSettings

PROBLEM = "application/problem+json"


class TinySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TINY_", extra="ignore")


class Petitioner(BaseModel):
    name: str = Field(min_length=1)
    phone: str = Field(pattern=r"^\d{11}$")


class Registration(BaseModel):
    petitioner: Petitioner
    channels: list[str] = Field(min_length=1)


def tiny_router() -> APIRouter:
    router = APIRouter()

    @router.post("/petitions", status_code=201)
    async def register(body: Registration) -> dict[str, str]:
        return {"id": "p-1"}

    @router.get("/petitions/{petition_id}")
    async def get(petition_id: str) -> dict[str, str]:
        if petition_id == "missing":
            raise HTTPException(404, "no petition with that id")
        return {"id": petition_id}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret 13800000000 must not leak")

    return router


def tiny_parts(tmp_path: Path, **overrides: object) -> ServiceParts:
    settings = TinySettings(
        database_url=f"sqlite:///{tmp_path / 'tiny.sqlite3'}", max_body_bytes=2048
    )
    values: dict[str, object] = {
        "name": "tiny",
        "settings": settings,
        "engine": make_engine(settings.database_url),
        "routers": [tiny_router()],
        "registry": CollectorRegistry(),
    }
    values.update(overrides)
    return ServiceParts(**values)  # type: ignore[arg-type]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_service_app(tiny_parts(tmp_path))) as c:
        yield c


def test_startup_migrates_the_platform_tables(tmp_path: Path) -> None:
    parts = tiny_parts(tmp_path)
    with TestClient(create_service_app(parts)):
        tables = set(inspect(make_engine(parts.settings.database_url)).get_table_names())
    assert {"events", "outbox"} <= tables


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "service": "tiny"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok"}


def test_readyz_is_a_503_problem_when_a_check_fails(tmp_path: Path) -> None:
    async def clock_caught_up() -> bool:
        return False

    parts = tiny_parts(tmp_path, checks={"clock": clock_caught_up})
    with TestClient(create_service_app(parts)) as c:
        resp = c.get("/readyz")
    assert resp.status_code == 503
    assert resp.headers["content-type"] == PROBLEM
    body = resp.json()
    assert body["status"] == 503
    assert body["checks"] == {"database": "ok", "clock": "failing"}
    assert "clock" in body["detail"]


def test_a_pending_note_is_reported_but_the_service_is_ready(tmp_path: Path) -> None:
    swept = False

    async def first_sweep() -> bool:
        return swept

    parts = tiny_parts(tmp_path, notes={"first_sweep": first_sweep})
    with TestClient(create_service_app(parts)) as c:
        before = c.get("/readyz")
        swept = True
        after = c.get("/readyz")
    assert before.status_code == 200
    assert before.json()["checks"] == {"database": "ok", "first_sweep": "pending"}
    assert after.json()["checks"] == {"database": "ok", "first_sweep": "ok"}


def test_http_exception_is_a_problem(client: TestClient) -> None:
    resp = client.get("/petitions/missing")
    assert resp.status_code == 404
    assert resp.headers["content-type"] == PROBLEM
    assert resp.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "no petition with that id",
        "instance": "/petitions/missing",
    }


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    resp = client.get("/nowhere")
    assert resp.status_code == 404
    assert resp.headers["content-type"] == PROBLEM


def test_validation_error_lists_field_paths_without_the_input(client: TestClient) -> None:
    resp = client.post(
        "/petitions", json={"petitioner": {"name": "", "phone": "13800000000x"}, "channels": []}
    )
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM
    body = resp.json()
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"body.petitioner.name", "body.petitioner.phone", "body.channels"}
    assert "13800000000x" not in resp.text


def test_malformed_json_is_a_422_problem(client: TestClient) -> None:
    resp = client.post(
        "/petitions", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM


def test_body_over_the_limit_is_a_413_problem(client: TestClient) -> None:
    big = {"petitioner": {"name": "x" * 4096, "phone": "13800000000"}, "channels": ["letter"]}
    resp = client.post("/petitions", json=big)
    assert resp.status_code == 413
    assert resp.headers["content-type"] == PROBLEM
    assert "2048" in resp.json()["detail"]


def test_chunked_body_over_the_limit_is_a_413_problem(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b" " * 1000

    resp = client.post("/petitions", content=chunks(), headers={"content-type": "application/json"})
    assert resp.status_code == 413
    assert resp.headers["content-type"] == PROBLEM


def test_body_under_the_limit_passes(client: TestClient) -> None:
    resp = client.post(
        "/petitions",
        json={"petitioner": {"name": "张三", "phone": "13800000000"}, "channels": ["letter"]},
    )
    assert resp.status_code == 201


def test_unhandled_error_is_a_500_problem_without_details(client: TestClient) -> None:
    resp = client.get("/boom")
    assert resp.status_code == 500
    assert resp.headers["content-type"] == PROBLEM
    assert resp.json()["title"] == "Internal Server Error"
    assert "13800000000" not in resp.text


def test_metrics_has_the_latency_histogram_by_route_template(client: TestClient) -> None:
    client.get("/petitions/abc")
    client.get("/petitions/def")
    client.get("/petitions/missing")
    client.get("/nowhere/at/all")
    text = client.get("/metrics").text
    assert (
        'http_request_duration_seconds_count{method="GET",route="/petitions/{petition_id}",'
        'status="200"} 2.0' in text
    )
    assert 'route="/petitions/{petition_id}",status="404"} 1.0' in text
    assert 'route="unmatched"' in text
    assert "/petitions/abc" not in text


def test_correlation_id_is_echoed(client: TestClient) -> None:
    resp = client.get("/healthz", headers={"X-Correlation-ID": "corr-42"})
    assert resp.headers["x-correlation-id"] == "corr-42"
    assert client.get("/healthz").headers["x-correlation-id"]


def test_shutdown_disposes_and_runs_hooks_in_order(tmp_path: Path) -> None:
    calls: list[str] = []

    class FakeRelay:
        healthy = True

        async def start(self) -> None:
            calls.append("relay.start")

        async def stop(self) -> None:
            calls.append("relay.stop")

    async def hook_up() -> None:
        calls.append("hook.start")

    async def hook_down() -> None:
        calls.append("hook.stop")

    parts = tiny_parts(tmp_path, relay=FakeRelay(), on_startup=[hook_up], on_shutdown=[hook_down])
    with TestClient(create_service_app(parts)) as c:
        assert c.get("/readyz").json()["checks"]["relay"] == "ok"
    assert calls == ["relay.start", "hook.start", "hook.stop", "relay.stop"]


def test_openapi_documents_every_error_as_a_problem(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    register = spec["paths"]["/petitions"]["post"]["responses"]
    lookup = spec["paths"]["/petitions/{petition_id}"]["get"]["responses"]
    # A body can be unparsable or too large; a named thing can be missing.
    assert {"400", "413", "422"} <= set(register) and "404" not in register
    assert {"404", "422"} <= set(lookup) and "413" not in lookup
    for code, response in [*register.items(), *lookup.items()]:
        if code[0] in "45":
            assert list(response["content"]) == [PROBLEM], code
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert spec["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status"]


def test_control_characters_in_the_url_are_a_422_problem(client: TestClient) -> None:
    r = client.get("/petitions/p%00-1")
    assert r.status_code == 422
    assert r.headers["content-type"] == PROBLEM
    assert [e["field"] for e in r.json()["errors"]] == ["path"]
    r = client.get("/petitions/p-1", params={"q": "a\x1bb"})
    assert [e["field"] for e in r.json()["errors"]] == ["query.q"]
    assert client.get("/petitions/p-1", params={"q": "中文 ok"}).status_code == 200
