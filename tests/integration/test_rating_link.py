"""A citizen rates from the SMS alone: the rating invitation feedback sends carries the
one-time rating link, under the public base URL, with the token intake handed out with the
reply; and that token never travels through ``petition.events``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.feedback.projections.outreach import Outreach, OutreachConfig
from services.feedback.tables import notifications
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.tables import outbox
from shared.schemas.catalog import decode_event
from tests.support.feedback import api_app, message
from tests.support.intake_api import (
    DEPT,
    HANDLER,
    OFFICE,
    REGISTRAR,
    TODAY,
    act,
    intake_client,
    registration,
)

KEY = "a-rating-link-key-both-services-share-0123"
BASE = "https://xf.example.gov.cn"


def replied_petition(db_url: str) -> tuple[str, str, list[bytes]]:
    """Register, accept and reply through intake's API: (tracking code, the token the reply
    returned, every value intake published)."""
    with intake_client(db_url, rating_link_key=KEY) as intake:
        created = intake.post("/api/v1/petitions", json=registration(), headers=REGISTRAR).json()
        pid = created["id"]
        assign = {"department": DEPT, "reason": "属地"}
        assert act(intake, pid, "assign", assign, OFFICE, 1).status_code == 200
        assert act(intake, pid, "accept", {"handler": "u-h"}, HANDLER, 2).status_code == 200
        answer = {"reply_text": "补偿款将于本月发放。", "document_ref": "金住建复〔2026〕1号"}
        reply = act(intake, pid, "reply", answer, HANDLER, 3)
        assert reply.status_code == 200, reply.text
    engine = make_engine(db_url)
    with engine.connect() as conn:
        q = select(outbox.c.value).order_by(outbox.c.id)
        values = [bytes(v) for v in conn.execute(q).scalars()]
    engine.dispose()
    return created["tracking_code"], reply.json()["rating_token"], values


def rating_invitation(runner: ProjectionRunner, log: list[bytes]) -> str:
    """Feed intake's log to feedback's outreach; the rating invitation it records."""
    events = [decode_event(v) for v in log]
    runner.process_batch([message(e) for e in events if e.event_type.startswith("petition.")])
    with runner.engine.connect() as conn:
        q = select(notifications.c.body).where(notifications.c.kind == "rating_invitation")
        [sms] = conn.execute(q).scalars()
    return str(sms)


def test_the_rating_invitation_carries_the_link_that_rates(db_url: str, tmp_path: Path) -> None:
    code, token, log = replied_petition(db_url)
    # The log holds the token's hash, never the token: a reader of the log cannot rate.
    assert not [v for v in log if token.encode() in v]

    app, engine, topics = api_app(f"sqlite:///{tmp_path / 'feedback.sqlite3'}", TODAY)
    with TestClient(app):  # its lifespan migrates feedback's database
        config = OutreachConfig(public_base_url=BASE, rating_link_key=KEY.encode())
        runner = ProjectionRunner(
            Outreach(topics, config), engine, service="feedback", dead_letter_topic="dl"
        )
        sms = rating_invitation(runner, log)
    engine.dispose()

    link = sms[sms.index(BASE) :]
    parts = urlsplit(link)
    # A check character may be * ~ $ =: escaped, so no phone cuts the link short there.
    assert f"{parts.scheme}://{parts.netloc}" == BASE and unquote(parts.path) == f"/rate/{code}"
    assert "*" not in link and "$" not in link
    [from_sms] = parse_qs(parts.query)["token"]
    assert from_sms == token

    # What the portal's rating page does with the link: intake's public rate endpoint.
    with intake_client(db_url, rating_link_key=KEY) as intake:
        rating = {
            "tracking_code": code,
            "token": from_sms,
            "unit_rating": "satisfied",
            "result_rating": "very_satisfied",
        }
        rated = intake.post("/api/v1/public/rate", json=rating)
        assert rated.status_code == 200, rated.text
        assert intake.post("/api/v1/public/rate", json=rating).status_code == 403


def test_a_feedback_with_another_key_sends_a_link_that_does_not_rate(
    db_url: str, tmp_path: Path
) -> None:
    code, token, log = replied_petition(db_url)
    app, engine, topics = api_app(f"sqlite:///{tmp_path / 'feedback.sqlite3'}", TODAY)
    with TestClient(app):
        # Whoever reads the log but lacks intake's key makes a token that is not the one.
        wrong = OutreachConfig(rating_link_key=b"someone-elses-key-that-is-long-enough-0123")
        runner = ProjectionRunner(
            Outreach(topics, wrong), engine, service="feedback", dead_letter_topic="dl"
        )
        sms = rating_invitation(runner, log)
    engine.dispose()
    assert token not in sms and f"/rate/{quote(code)}?token=" in sms
