"""Staff link uploaded files as the portal does: a registrar's registration takes
``attachment_ids`` (the petition's attachments), a handler's reply takes them as the reply's
documents; both are served by ``GET /petitions/{id}/attachments/{aid}`` within the
petition's read scope, and each upload is taken once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.auth import Role
from tests.support.intake_api import (
    ADMIN,
    DEPT,
    HANDLER,
    OFFICE,
    OTHER_DEPT,
    REGISTRAR,
    act,
    headers,
    intake_client,
    registration,
)

PDF = b"%PDF-1.7\n" + b"1 0 obj\n" * 8
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with intake_client(db_url, blob_dir=tmp_path / "blobs", attachments_per_petition=2) as c:
        yield c


def upload(client: TestClient, data: bytes, name: str, media: str) -> str:
    r = client.post("/api/v1/public/attachments", files={"file": (name, data, media)})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def errors(r: Any) -> dict[str, str]:
    assert r.status_code == 422, r.text
    return {e["field"]: e["message"] for e in r.json()["errors"]}


def test_a_registrar_links_uploads_and_they_download(client: TestClient) -> None:
    letter = upload(client, PDF, "来信原件.pdf", "application/pdf")
    photo = upload(client, PNG, "现场.png", "image/png")
    described = {"name": "信封（纸质）", "media_type": "application/paper", "size_bytes": 0}
    body = registration(attachment_ids=[letter, photo], attachments=[described])
    r = client.post("/api/v1/petitions", json=body, headers=REGISTRAR)
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    got = client.get(f"/api/v1/petitions/{pid}", headers=OFFICE).json()
    # The uploads' own details (name, type, size, hash), after what was only described.
    names = [(a["id"], a["name"], a["media_type"], a["size_bytes"]) for a in got["attachments"]]
    assert names == [
        (None, "信封（纸质）", "application/paper", 0),
        (letter, "来信原件.pdf", "application/pdf", len(PDF)),
        (photo, "现场.png", "image/png", len(PNG)),
    ]
    one = client.get(f"/api/v1/petitions/{pid}/attachments/{letter}", headers=OFFICE)
    assert one.status_code == 200 and one.content == PDF
    outsider = headers(Role.HANDLER, OTHER_DEPT, "u-other")
    assert (
        client.get(f"/api/v1/petitions/{pid}/attachments/{letter}", headers=outsider).status_code
        == 404
    )

    # Taken once: another registration naming it is refused, in Chinese, and writes nothing.
    again = client.post(
        "/api/v1/petitions", json=registration(attachment_ids=[photo]), headers=REGISTRAR
    )
    assert errors(again) == {"body.attachment_ids[0]": "附件已失效，请重新上传"}


@pytest.mark.parametrize(
    ("ids", "field", "message"),
    [
        (["nope"], "body.attachment_ids[0]", "附件已失效，请重新上传"),
        (["A", "A"], "body.attachment_ids[1]", "附件已失效，请重新上传"),
        (["A", "B", "C"], "body.attachment_ids", "附件最多 2 个"),
    ],
)
def test_registration_refuses_uploads_it_cannot_take(
    client: TestClient, ids: list[str], field: str, message: str
) -> None:
    files = {k: upload(client, PDF, f"{k}.pdf", "application/pdf") for k in "ABC"}
    named = [files.get(i, i) for i in ids]
    r = client.post("/api/v1/petitions", json=registration(attachment_ids=named), headers=REGISTRAR)
    assert errors(r) == {field: message}
    # Nothing was taken: the uploads still register.
    ok = client.post(
        "/api/v1/petitions", json=registration(attachment_ids=[files["A"]]), headers=REGISTRAR
    )
    assert ok.status_code == 201, ok.text


def test_a_described_attachment_names_no_stored_file(client: TestClient) -> None:
    stored = upload(client, PDF, "a.pdf", "application/pdf")
    claimed = {"id": stored, "name": "a.pdf", "media_type": "application/pdf", "size_bytes": 9}
    r = client.post(
        "/api/v1/petitions", json=registration(attachments=[claimed]), headers=REGISTRAR
    )
    assert errors(r) == {"body.attachments[0].id": "已上传的附件请通过 attachment_ids 关联"}


def test_a_reply_links_its_documents(client: TestClient) -> None:
    r = client.post("/api/v1/petitions", json=registration(), headers=REGISTRAR)
    pid = r.json()["id"]
    assert act(client, pid, "assign", {"department": DEPT, "reason": "属地"}, ADMIN, 1).is_success
    assert act(client, pid, "accept", {}, HANDLER, 2).is_success
    doc = upload(client, PDF, "答复意见书.pdf", "application/pdf")
    reply = {"reply_text": "已协调发放。", "document_ref": "金住建复〔2026〕1号"}
    bad = act(client, pid, "reply", {**reply, "attachment_ids": ["nope"]}, HANDLER, 3)
    assert errors(bad) == {"body.attachment_ids[0]": "附件已失效，请重新上传"}
    done = act(client, pid, "reply", {**reply, "attachment_ids": [doc]}, HANDLER, 3)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "replied" and done.json()["rating_token"]

    got = client.get(f"/api/v1/petitions/{pid}", headers=HANDLER).json()
    assert [(a["id"], a["name"]) for a in got["reply_attachments"]] == [(doc, "答复意见书.pdf")]
    assert got["attachments"] == []
    events = client.get(f"/api/v1/petitions/{pid}/events", headers=HANDLER).json()["events"]
    [replied] = [e for e in events if e["type"] == "petition.replied"]
    assert replied["payload"]["attachments"][0]["sha256"]
    one = client.get(f"/api/v1/petitions/{pid}/attachments/{doc}", headers=OFFICE)
    assert one.status_code == 200 and one.content == PDF
