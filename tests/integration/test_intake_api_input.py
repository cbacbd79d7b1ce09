"""Bad input gets a clear 4xx problem, never a 500: malformed, oversized, wrong-type,
unknown-code input, bad headers (schemathesis over every service: test_api_fuzz)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.intake_api import (
    ADMIN,
    REGISTRAR,
    act,
    intake_client,
    register,
    registration,
)

PROBLEM = "application/problem+json"


def post(client: Any, body: Any, **kw: Any) -> Any:
    return client.post("/api/v1/petitions", json=body, headers=ADMIN, **kw)


def fields(r: Any) -> list[str]:
    return [e["field"] for e in r.json().get("errors", [])]


def test_malformed_json_is_422(db_url: str) -> None:
    with intake_client(db_url) as client:
        r = client.post(
            "/api/v1/petitions",
            content=b'{"channel": "letter",',
            headers={**REGISTRAR, "content-type": "application/json"},
        )
        assert r.status_code == 422
        assert r.headers["content-type"].startswith(PROBLEM)


def test_oversized_body_is_413(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'big.sqlite3'}"
    with intake_client(url, max_body_bytes=4096) as client:
        body = registration(content="长" * 5000)
        r = client.post("/api/v1/petitions", content=json.dumps(body), headers=REGISTRAR)
        assert r.status_code == 413
        assert r.headers["content-type"].startswith(PROBLEM)


ID_NUMBER = "body.petitioner.id_number"
WRONG = [
    ({"headcount": "many"}, "body.headcount"),
    ({"received_on": "yesterday"}, "body.received_on"),
    ({"channel": "pigeon"}, "body.channel"),
    ({"petitioner": {"name": 7}}, "body.petitioner.name"),
    ({"unexpected": True}, "body.unexpected"),
    ({"category_code": "9999"}, "body.category_code"),
    ({"region_code": "999999"}, "body.region_code"),
    ({"receiving_org": "NOPE"}, "body.receiving_org"),
    ({"received_on": "2030-01-01"}, "body.received_on"),
    ({"accused_org": "320831-ZJJ"}, "body.accused_org"),  # only accusations name one
    ({"received_on": "0001-01-01"}, "body.received_on"),  # was a 500 (OverflowError)
    ({"received_on": "1999-12-31"}, "body.received_on"),  # before INTAKE_EARLIEST_RECEIVED_ON
    ({"title": "拆迁\x00补偿"}, "body.title"),
    ({"title": "拆迁\n补偿"}, "body.title"),  # one line
    ({"content": "补偿款\x1b[31m"}, "body.content"),
    ({"petitioner": {"name": "张\u0085三"}}, "body.petitioner.name"),
    (
        {"petitioner": {"name": "张三", "id_number": "32080219800101123X"}},
        ID_NUMBER,
    ),
    (
        {"petitioner": {"name": "张三", "id_number": "320802198013011234"}},
        ID_NUMBER,
    ),
    ({"petitioner": {"name": "张三", "id_number": "E1234567\x00"}}, "body.petitioner.id_number"),
    (
        {"petitioner": {"name": "张三", "id_type": "hk_macao_permit", "id_number": "X1234567"}},
        ID_NUMBER,
    ),
    ({"petitioner": {"name": "张三", "id_type": "badge"}}, "body.petitioner.id_type"),
    (
        {"attachments": [{"name": "a.pdf", "media_type": "application/pdf", "size_bytes": 2**63}]},
        "body.attachments[0].size_bytes",
    ),
]


@pytest.mark.parametrize(
    ("change", "field"), WRONG, ids=[w[1] + str(i) for i, w in enumerate(WRONG)]
)
def test_wrong_or_unknown_field_is_422_with_its_path(
    db_url: str, change: dict[str, Any], field: str
) -> None:
    with intake_client(db_url) as client:
        r = post(client, registration(**change))
        assert r.status_code == 422, r.text
        assert r.headers["content-type"].startswith(PROBLEM)
        assert field in fields(r)


@pytest.mark.parametrize(
    "petitioner",
    [
        {"name": "张三", "id_number": "32080219800101105x"},  # check digit X, either case
        {"name": "张三", "id_type": "resident_id", "id_number": "320802198001011236"},
        {"name": "John Smith", "id_type": "passport", "id_number": "E12345678"},
        {"name": "陳大文", "id_type": "hk_macao_permit", "id_number": "H12345678"},
        {"name": "林小明", "id_type": "taiwan_permit", "id_number": "12345678"},
        {"name": "张三", "id_type": "other", "id_number": "军官证 第123号"},
        {"name": "张三"},  # no ID number at all
    ],
)
def test_valid_id_numbers_of_each_document_register(
    db_url: str, petitioner: dict[str, str]
) -> None:
    with intake_client(db_url) as client:
        register(client, petitioner=petitioner, content="第一段。\n\t第二段。")


def test_control_characters_in_a_query_or_path_are_422(db_url: str) -> None:
    with intake_client(db_url) as client:
        for url in ("/api/v1/petitions?received_from=2026-01-01%00", "/api/v1/public/track/A%07B"):
            r = client.get(url, headers=ADMIN)
            assert r.status_code == 422, url
            assert r.headers["content-type"].startswith(PROBLEM)
        assert fields(r) == ["path"]


def test_command_text_with_control_characters_is_422(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        r = act(client, p["id"], "close", {"reason": "办结\x07"}, ADMIN, 1)
        assert r.status_code == 422
        assert fields(r) == ["body.reason"]


def test_command_headers_and_ids(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        url = f"/api/v1/petitions/{p['id']}/close"
        assert client.post(url, json={}, headers=ADMIN).status_code == 428
        assert client.post(url, json={}, headers={**ADMIN, "If-Match": "soon"}).status_code == 400
        assert client.post(url, json={}, headers={"If-Match": "1"}).status_code == 401
        bad_token = {"Authorization": "Bearer not-a-jwt", "If-Match": "1"}
        assert client.post(url, json={}, headers=bad_token).status_code == 401
        not_uuid = client.post("/api/v1/petitions/123/close", json={}, headers=ADMIN)
        assert not_uuid.status_code == 422
        absent = act(client, "00000000-0000-0000-0000-000000000000", "close", {}, ADMIN, 1)
        assert absent.status_code == 404
        wrong_type = act(client, p["id"], "assign", {"department": 5, "reason": "x"}, ADMIN, 1)
        assert wrong_type.status_code == 422
        unknown = act(client, p["id"], "assign", {"department": "NOPE", "reason": "x"}, ADMIN, 1)
        assert unknown.status_code == 422
        assert fields(unknown) == ["body.department"]


def test_search_rejects_bad_filters(db_url: str) -> None:
    with intake_client(db_url) as client:
        register(client)
        for query in ("status=lost", "category=abc", "limit=0", "received_from=soon"):
            assert client.get(f"/api/v1/petitions?{query}", headers=ADMIN).status_code == 422
        assert client.get("/api/v1/petitions?region=000000", headers=ADMIN).status_code == 422
        assert client.get("/api/v1/petitions?cursor=%%%", headers=ADMIN).status_code == 400
        # A well-formed cursor with a position no column holds: 400, not a 500 from the query.
        huge = base64.urlsafe_b64encode(json.dumps({"s": 10**30}).encode()).decode()
        assert client.get(f"/api/v1/petitions?cursor={huge}", headers=ADMIN).status_code == 400


def test_search_pages_with_the_cursor(db_url: str) -> None:
    with intake_client(db_url) as client:
        ids = [register(client)["id"] for _ in range(5)]
        seen: list[str] = []
        cursor = None
        while True:
            query = "limit=2" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(f"/api/v1/petitions?{query}", headers=ADMIN).json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == list(reversed(ids))


BAD_DATE = "收到日期请填写正确的日期，如 2026-03-01"


def messages(r: Any) -> dict[str, str]:
    assert r.status_code == 422, r.text
    return {e["field"]: e["message"] for e in r.json()["errors"]}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "body.title", "请填写标题"),
        ({"channel": "pigeon"}, "body.channel", "请选择信访形式"),
        ({"received_on": "yesterday"}, "body.received_on", BAD_DATE),
        ({"headcount": "many"}, "body.headcount", "人数请填写整数"),
        ({"headcount": 0}, "body.headcount", "人数不能小于1"),
        ({"title": "长" * 201}, "body.title", "标题不能超过200个字"),
        ({"petitioner": {"phone": "13800000000"}}, "body.petitioner.name", "请填写姓名"),
        ({"category_code": "9999"}, "body.category_code", "请选择正确的问题类别"),
        ({"received_on": "2030-01-01"}, "body.received_on", "收到日期不能晚于今天"),
        ({"collective": True, "headcount": 1}, "body.headcount", "集体信访至少 2 人"),
    ],
)  # fmt: skip
def test_a_registrar_reads_each_refusal_in_chinese_beside_its_field(
    db_url: str, change: dict[str, Any], field: str, message: str
) -> None:
    with intake_client(db_url) as client:
        r = client.post("/api/v1/petitions", json=registration(**change), headers=REGISTRAR)
        assert messages(r) == {field: message}


def test_a_command_refusal_names_its_field_in_chinese(db_url: str) -> None:
    with intake_client(db_url) as client:
        p = register(client)
        missing = act(client, p["id"], "assign", {"department": "320831-ZJJ"}, ADMIN, 1)
        assert messages(missing) == {"body.reason": "请填写理由"}
        unknown = act(client, p["id"], "assign", {"department": "NOPE", "reason": "属地"}, ADMIN, 1)
        assert messages(unknown) == {"body.department": "请选择正确的承办单位"}
        # The problem's detail stays as it was (the log's and the command outcomes' words).
        assert unknown.json()["detail"] == "department: unknown code 'NOPE'"
