"""The portal's pure rules and its parts: file types from content, the code's checks, the
kiosks in the reference data, the blob stores (a folder; S3 through botocore's stubber, no
endpoint needed), and the settings refusing development keys in production."""

from __future__ import annotations

import io
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from services.intake.domain.errors import PortalRefusal, TooManyRequests
from services.intake.domain.portal import (
    CodePolicy,
    SentCode,
    attachment_name,
    check_code,
    check_may_send,
    sniff_media_type,
)
from services.intake.settings import IntakeSettings
from shared.blobstore import BlobMissing, FolderBlobStore
from shared.blobstore.s3 import S3BlobStore
from shared.refdata import DEFAULT_DIR, RefDataError, load_refdata

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
POLICY = CodePolicy(max_attempts=2, resend_s=60, per_phone_per_day=2, per_address_per_hour=3)


@pytest.mark.parametrize(
    ("data", "media"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"%PDF-1.4\n", "application/pdf"),
        ("不是图片".encode(), None),
        (b"GIF89a", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"", None),
    ],
)
def test_file_types_come_from_the_content(data: bytes, media: str | None) -> None:
    assert sniff_media_type(data) == media


def test_attachment_names_keep_the_last_part_only() -> None:
    assert attachment_name("C:\\Users\\李\\照片.jpg", "image/jpeg") == "照片.jpg"
    assert attachment_name("../../etc/passwd", "application/pdf") == "passwd"
    assert attachment_name("", "image/png") == "附件.png"


def test_sending_limits() -> None:
    check_may_send(POLICY, NOW, NOW - timedelta(seconds=61), 1, 2)
    with pytest.raises(TooManyRequests, match="秒后") as soon:
        check_may_send(POLICY, NOW, NOW - timedelta(seconds=20), 0, 0)
    assert soon.value.retry_after_s == 40
    with pytest.raises(TooManyRequests, match="今天"):
        check_may_send(POLICY, NOW, None, 2, 0)
    with pytest.raises(TooManyRequests, match="频繁"):
        check_may_send(POLICY, NOW, None, 0, 3)


def test_checking_a_code() -> None:
    sent = SentCode("h", NOW + timedelta(minutes=10), attempts=0, used=False)
    assert check_code(POLICY, sent, "h", NOW)
    assert not check_code(POLICY, sent, "x", NOW)
    with pytest.raises(PortalRefusal, match="已过期"):
        check_code(POLICY, sent, "h", NOW + timedelta(minutes=10))
    with pytest.raises(TooManyRequests):
        check_code(POLICY, SentCode("h", sent.expires_at, 2, False), "h", NOW)
    for gone in (None, SentCode("h", sent.expires_at, 0, used=True)):
        with pytest.raises(PortalRefusal, match="请先获取"):
            check_code(POLICY, gone, "h", NOW)


def test_kiosks_and_where_their_petitions_are_received(tmp_path: Path) -> None:
    ref = load_refdata()
    assert ref.receiving_org_of_kiosk("jh-yintu-fumin") == "320831003-GOV"
    assert ref.receiving_org_of_kiosk("nowhere") is None
    assert ref.petition_office_for("320831003002") == "320831-XFJ"  # the county's
    assert ref.petition_office_for("320800") == "320800-XFJ"
    target = tmp_path / "refdata"
    shutil.copytree(DEFAULT_DIR, target)
    data = json.loads((target / "kiosks.json").read_text("utf-8"))
    data["kiosks"].append({"id": "village-x", "name_zh": "某村", "org": "999999-GOV"})
    (target / "kiosks.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(RefDataError, match=r"kiosks\[6\] \(id 'village-x'\): org"):
        load_refdata(target)
    data["kiosks"][-1]["org"] = "320831005"  # a region: its petition office receives
    (target / "kiosks.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert load_refdata(target).receiving_org_of_kiosk("village-x") == "320831-XFJ"


def test_folder_blob_store(tmp_path: Path) -> None:
    store = FolderBlobStore(tmp_path / "blobs")
    store.put("a1b2-c3", b"bytes", "image/png")
    assert store.get("a1b2-c3") == b"bytes"
    store.delete("a1b2-c3")
    with pytest.raises(BlobMissing):
        store.get("a1b2-c3")
    with pytest.raises(ValueError):
        store.put("../escape", b"x", "image/png")


def test_s3_blob_store_speaks_s3() -> None:
    client = boto3.client(
        "s3", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    store = S3BlobStore("petitions", prefix="attachments/", client=client)
    with Stubber(client) as stub:
        put = {"Bucket": "petitions", "Key": "attachments/a1", "Body": b"pdf"}
        stub.add_response("put_object", {}, {**put, "ContentType": "application/pdf"})
        body = StreamingBody(io.BytesIO(b"pdf"), 3)
        stub.add_response(
            "get_object", {"Body": body}, {"Bucket": "petitions", "Key": "attachments/a1"}
        )
        stub.add_client_error("get_object", "NoSuchKey", http_status_code=404)
        store.put("a1", b"pdf", "application/pdf")
        assert store.get("a1") == b"pdf"
        with pytest.raises(BlobMissing):
            store.get("a2")
        stub.assert_no_pending_responses()


def test_production_refuses_the_portals_development_settings() -> None:
    prod = {
        "environment": "production",
        "database_url": "postgresql+psycopg://db/intake",
        "jwt_secret": "x" * 40,
        "petitioner_key_secret": "p" * 40,
        "rating_link_key": "r" * 40,
    }
    with pytest.raises(ValueError, match="portal key"):
        IntakeSettings(**prod, notifier="http", sms_gateway_url="https://sms")
    with pytest.raises(ValueError, match="INTAKE_NOTIFIER=http"):
        IntakeSettings(**prod, portal_key="k" * 40)
    with pytest.raises(ValueError, match="INTAKE_S3_BUCKET"):
        IntakeSettings(database_url="sqlite://", blob_store="s3")
    ok = IntakeSettings(**prod, portal_key="k" * 40, notifier="http", sms_gateway_url="https://s")
    assert ok.notifier == "http"
    local = IntakeSettings(database_url="sqlite:////srv/data/intake.sqlite3")
    assert local.messages_path() == Path("/srv/data/intake-messages.jsonl")
    assert local.blob_path() == Path("/srv/data/intake-blobs")
