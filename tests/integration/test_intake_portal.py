"""The citizens' portal over intake's HTTP API (WEB_CONTRACT.md, "Public API"): the
reference lists, SMS verification codes and their limits, attachments judged from their
content, a submission refused field by field in Chinese or registered and tracked, and the
staff's read of an attachment under the petition's read rules (an accusation's kept from the
accused unit). The SMS are read from the file notifier, as a citizen reads their phone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from services.intake.tables import verification_codes
from shared.auth import Role
from shared.clock import FakeClock
from tests.support.intake_api import OFFICE, OTHER_DEPT, TODAY, VILLAGE, headers, intake_client

PHONE = "13912345678"
ID_NUMBER = "320802198001011236"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"1 0 obj\n" * 8
ACCUSED = "320831003-GOV"  # 银涂镇人民政府, over the village the matter is in


@dataclass
class Portal:
    client: TestClient
    clock: FakeClock
    messages: Path
    db_url: str

    def later(self, seconds: int) -> None:
        moved = datetime.combine(self.clock.day, self.clock.time) + timedelta(seconds=seconds)
        self.clock.day, self.clock.time = moved.date(), moved.time()

    def ask_code(self, phone: str = PHONE, address: str = "203.0.113.7") -> Any:
        return self.client.post(
            "/api/v1/public/verification-codes",
            json={"phone": phone},
            headers={"X-Forwarded-For": address},
        )

    def code(self, phone: str = PHONE) -> str:
        """Ask for a code and read it off the phone (the messages file)."""
        r = self.ask_code(phone)
        assert r.status_code == 202, r.text
        self.later(61)  # the next code for this phone may be asked for
        return self.last_code(phone)

    def sms(self) -> list[dict[str, Any]]:
        if not self.messages.exists():
            return []
        return [json.loads(line) for line in self.messages.read_text("utf-8").splitlines()]

    def last_code(self, phone: str = PHONE) -> str:
        mine = [m for m in self.sms() if m["recipient"] == phone]
        assert mine and mine[-1]["kind"] == "verification_code"
        found = re.search(r"\d{6}", mine[-1]["body"])
        assert found is not None
        return found.group(0)

    def upload(self, data: bytes, name: str = "photo.png", media: str = "image/png") -> Any:
        return self.client.post("/api/v1/public/attachments", files={"file": (name, data, media)})

    def submit(self, **overrides: Any) -> Any:
        return self.client.post("/api/v1/public/petitions", json=petition(**overrides))


def petition(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "claim",
        "category_code": "0101",
        "region_code": VILLAGE,
        "title": "拆迁补偿未到位",
        "content": "房屋征收补偿款至今未发放。",
        "petitioner": {
            "name": "李四",
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "address": "金湖县银涂镇五里村",
        },
        "code": "000000",
        "consent": True,
        "attachment_ids": [],
        "campaign_id": None,
        "kiosk": None,
    }
    body.update(overrides)
    return body


def portal_at(db_url: str, tmp_path: Path, **settings: Any) -> Iterator[Portal]:
    clock = FakeClock(TODAY, time(10, 0))
    messages = tmp_path / "intake-messages.jsonl"
    with intake_client(
        db_url,
        clock=clock,
        messages_file=messages,
        blob_dir=tmp_path / "blobs",
        **settings,
    ) as client:
        yield Portal(client, clock, messages, db_url)


@pytest.fixture
def portal(db_url: str, tmp_path: Path) -> Iterator[Portal]:
    yield from portal_at(db_url, tmp_path)


def refused(r: Any, status: int = 422) -> dict[str, str]:
    """Field path -> message of a refusal; every message in Chinese."""
    assert r.status_code == status, r.text
    errors = {e["field"]: e["message"] for e in r.json().get("errors", [])}
    assert all(re.search(r"[\u4e00-\u9fff]", m) for m in errors.values()), errors
    return errors


def test_reference_lists_what_the_forms_offer(portal: Portal) -> None:
    ref = portal.client.get("/api/v1/public/reference").json()
    assert {k["code"]: k["name_zh"] for k in ref["kinds"]} == {
        "suggestion": "建议意见类",
        "accusation": "检举控告类",
        "claim": "申诉求决类",
    }
    assert len(ref["categories"]) == 18
    assert sum(len(m["minors"]) for m in ref["categories"]) == 110
    [city] = ref["regions"]
    assert (city["code"], city["name_zh"], city["level"]) == ("320800", "淮安市", "city")
    county = next(c for c in city["children"] if c["code"] == "320831")
    township = next(t for t in county["children"] if t["code"] == "320831003")
    village = next(v for v in township["children"] if v["code"] == VILLAGE)
    assert village["level"] == "village" and village["children"] == []
    kiosks = {k["id"]: k for k in ref["kiosks"]}
    assert kiosks["jh-taji-baima"] == {
        "id": "jh-taji-baima", "name_zh": "塔集镇白马村便民服务站", "org": "320831004-GOV"
    }  # fmt: skip
    departments = {d["code"]: d for d in ref["departments"]}
    assert len(departments) == 157
    assert departments["320831-WJW"] == {
        "code": "320831-WJW", "name_zh": "金湖县卫生健康委员会", "region_code": "320831",
        "level": "county", "petition_office": False,
    }  # fmt: skip
    assert departments["320800-XFJ"]["petition_office"] is True


def test_a_code_goes_by_sms_and_is_kept_only_hashed(portal: Portal) -> None:
    r = portal.ask_code()
    assert r.status_code == 202 and r.json() == {"expires_in_s": 600, "resend_after_s": 60}
    [sms] = portal.sms()
    assert sms["kind"] == "verification_code" and sms["recipient"] == PHONE
    code = portal.last_code()
    assert "10分钟" in sms["body"]
    engine = create_engine(portal.db_url)
    with engine.connect() as conn:
        [row] = conn.execute(select(verification_codes)).mappings().all()
    engine.dispose()
    stored = json.dumps({k: str(v) for k, v in row.items()})
    assert code not in stored and PHONE not in stored and "203.0.113.7" not in stored

    again = portal.ask_code()
    assert again.status_code == 429 and "秒后" in again.json()["detail"]
    portal.later(61)
    assert portal.ask_code().status_code == 202
    assert portal.last_code() != code or len(portal.sms()) == 2  # a new code was sent

    bad = portal.ask_code(phone="1391234")
    assert refused(bad) == {"body.phone": "请输入正确的11位手机号码"}


def test_codes_per_phone_per_day(db_url: str, tmp_path: Path) -> None:
    for portal in portal_at(db_url, tmp_path, codes_per_phone_per_day=2):
        portal.code()
        portal.code()
        r = portal.ask_code()
        assert r.status_code == 429 and "今天" in r.json()["detail"]
        portal.clock.advance()  # the next day
        assert portal.ask_code().status_code == 202


def test_codes_per_address_per_hour(db_url: str, tmp_path: Path) -> None:
    # The test client stands where the gateway does: a trusted proxy naming the citizen.
    settings = {"codes_per_address_per_hour": 2, "trusted_proxies": ("testclient",)}
    for portal in portal_at(db_url, tmp_path, **settings):
        assert portal.ask_code("13900000001").status_code == 202
        assert portal.ask_code("13900000002").status_code == 202
        third = portal.ask_code("13900000003")
        assert third.status_code == 429 and "频繁" in third.json()["detail"]
        other = portal.ask_code("13900000003", address="198.51.100.9")
        assert other.status_code == 202
        portal.later(3601)
        assert portal.ask_code("13900000004").status_code == 202


def test_an_address_named_by_anyone_but_the_gateway_is_not_believed(
    db_url: str, tmp_path: Path
) -> None:
    for portal in portal_at(db_url, tmp_path, codes_per_address_per_hour=2):
        assert portal.ask_code("13900000001", address="198.51.100.1").status_code == 202
        assert portal.ask_code("13900000002", address="198.51.100.2").status_code == 202
        # A caller reaching intake directly cannot pick a fresh address for each request.
        third = portal.ask_code("13900000003", address="198.51.100.3")
        assert third.status_code == 429 and "频繁" in third.json()["detail"]


def test_wrong_then_too_many_attempts(db_url: str, tmp_path: Path) -> None:
    for portal in portal_at(db_url, tmp_path, code_max_attempts=3):
        code = portal.code()
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(3):
            assert refused(portal.submit(code=wrong)) == {"body.code": "验证码错误"}
        # The right code no longer helps: the attempts are used up.
        r = portal.submit(code=code)
        assert r.status_code == 429 and "次数过多" in r.json()["detail"]
        fresh = portal.code()
        assert portal.submit(code=fresh).status_code == 201


def test_an_expired_code(portal: Portal) -> None:
    code = portal.code()
    portal.later(600)
    assert refused(portal.submit(code=code)) == {"body.code": "验证码已过期"}


def test_consent_and_every_missing_field_named(portal: Portal) -> None:
    code = portal.code()
    assert refused(portal.submit(code=code, consent=False)) == {
        "body.consent": "请阅读并同意个人信息保护告知"
    }
    errors = refused(portal.client.post("/api/v1/public/petitions", json={}))
    assert errors["body.kind"] == "请选择信访类型"
    assert errors["body.category_code"] == "请选择问题类别"
    assert errors["body.region_code"] == "请选择问题属地"
    assert errors["body.title"] == "请填写标题"
    assert errors["body.content"] == "请填写诉求内容"
    assert errors["body.code"] == "请填写短信验证码"
    assert errors["body.consent"] == "请阅读并同意个人信息保护告知"
    person = {"name": "", "id_number": "320802198001011235", "phone": PHONE}
    errors = refused(portal.submit(code=code, petitioner=person, title=""))
    assert errors == {
        "body.title": "请填写标题",
        "body.petitioner.name": "请填写姓名",
        "body.petitioner.id_number": "身份证号码有误，请核对",
        "body.petitioner.address": "请填写住址",
    }
    unknown = refused(portal.submit(code=code, category_code="9999"))
    assert unknown == {"body.category_code": "请选择正确的问题类别"}
    # None of the refusals used the code up.
    assert portal.submit(code=code).status_code == 201


def test_submit_with_an_attachment_then_track(portal: Portal) -> None:
    up = portal.upload(PNG, "现场照片.jpg", "image/jpeg")  # the name says JPEG; it is a PNG
    assert up.status_code == 201, up.text
    file = up.json()
    assert file["media_type"] == "image/png" and file["size_bytes"] == len(PNG)
    assert file["name"] == "现场照片.jpg" and len(file["sha256"]) == 64
    code = portal.code()
    r = portal.submit(code=code, attachment_ids=[file["id"]])
    assert r.status_code == 201, r.text
    done = r.json()
    assert set(done) == {"tracking_code", "petition_id"}

    tracked = portal.client.get(f"/api/v1/public/track/{done['tracking_code']}").json()
    assert tracked["status"] == "registered" and tracked["handling_unit"] == "金湖县信访局"
    assert "李四" not in json.dumps(tracked, ensure_ascii=False)

    staff = portal.client.get(f"/api/v1/petitions/{done['petition_id']}", headers=OFFICE).json()
    assert staff["channel"] == "online" and staff["receiving_org"] == "320831-XFJ"
    assert staff["received_on"] == TODAY.isoformat()
    assert staff["petitioner"]["phone"] == PHONE
    [kept] = staff["attachments"]
    assert kept["id"] == file["id"] and kept["sha256"] == file["sha256"]
    got = portal.client.get(
        f"/api/v1/petitions/{done['petition_id']}/attachments/{file['id']}", headers=OFFICE
    )
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "image/png"

    # The code was used, and the attachment belongs to that petition now.
    assert refused(portal.submit(code=code)) == {"body.code": "请先获取短信验证码"}
    again = portal.submit(code=portal.code(), attachment_ids=[file["id"]])
    assert refused(again) == {"body.attachment_ids[0]": "附件已失效，请重新上传"}


def test_a_kiosk_submission_is_received_by_the_kiosks_org(portal: Portal) -> None:
    r = portal.submit(code=portal.code(), kiosk="jh-taji-baima")
    assert r.status_code == 201, r.text
    pid = r.json()["petition_id"]
    staff = portal.client.get(f"/api/v1/petitions/{pid}", headers=OFFICE).json()
    assert staff["receiving_org"] == "320831004-GOV" and staff["channel"] == "online"
    unknown = portal.submit(code=portal.code(), kiosk="nowhere")
    assert list(refused(unknown)) == ["body.kiosk"]


def test_submissions_per_phone_per_day(db_url: str, tmp_path: Path) -> None:
    for portal in portal_at(db_url, tmp_path, submissions_per_phone_per_day=1):
        assert portal.submit(code=portal.code()).status_code == 201
        r = portal.submit(code=portal.code())
        assert r.status_code == 429 and "提交" in r.json()["detail"]


def test_attachment_types_and_sizes(db_url: str, tmp_path: Path) -> None:
    for portal in portal_at(
        db_url, tmp_path, attachment_max_bytes=2048, attachments_per_petition=1
    ):
        text = portal.upload("这是一段文字，不是图片".encode(), "photo.jpg", "image/jpeg")
        assert refused(text) == {"body.file": "附件只能是 JPG、PNG 图片或 PDF 文件"}
        assert list(refused(portal.upload(b"", "empty.png"))) == ["body.file"]
        assert portal.upload(JPEG, "a.jpg").json()["media_type"] == "image/jpeg"
        pdf = portal.upload(PDF, "材料.pdf", "application/pdf").json()
        assert pdf["media_type"] == "application/pdf"
        big = portal.upload(b"%PDF-" + b"0" * 2048, "big.pdf", "application/pdf")
        assert big.status_code == 413 and "2048" not in big.json()["detail"]
        missing = portal.client.post("/api/v1/public/attachments", data={})
        assert refused(missing) == {"body.file": "请选择附件"}
        two = portal.submit(code=portal.code(), attachment_ids=[pdf["id"], pdf["id"]])
        assert refused(two) == {"body.attachment_ids": "附件最多 1 个"}


def test_staff_read_attachments_within_scope_and_never_the_accused(portal: Portal) -> None:
    file = portal.upload(PDF, "举报材料.pdf", "application/pdf").json()
    r = portal.submit(
        code=portal.code(),
        kind="accusation",
        category_code="1103",
        accused_org=ACCUSED,
        attachment_ids=[file["id"]],
    )
    assert r.status_code == 201, r.text
    url = f"/api/v1/petitions/{r.json()['petition_id']}/attachments/{file['id']}"
    assert portal.client.get(url, headers=OFFICE).content == PDF  # the county's office
    for role, org in (
        (Role.HANDLER, ACCUSED),  # the accused unit itself
        (Role.LEADER, "320831003"),  # its township's leaders
        (Role.PETITION_OFFICE, "320831003"),
        (Role.HANDLER, OTHER_DEPT),  # a unit with no business with it
    ):
        assert portal.client.get(url, headers=headers(role, org)).status_code == 404, (role, org)
    assert portal.client.get(url).status_code == 401
    other = url.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    assert portal.client.get(other, headers=OFFICE).status_code == 404
