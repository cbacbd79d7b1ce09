"""Feedback's outreach texts an online petitioner the tracking code and the track link once
the petition is registered; a letter's petitioner gets the plain receipt, as before. Over a
real database, the outreach consumer and the dispatcher with the file notifier."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy import Engine

from services.feedback.application.dispatch import Dispatcher
from services.feedback.main import MIGRATIONS
from services.feedback.projections.outreach import Outreach, OutreachConfig
from shared.consumer import ProjectionRunner
from shared.eventstore import make_engine
from shared.eventstore.migrate import migrate
from shared.notify import FileNotifier
from shared.runtime.topics import Topics
from shared.schemas.petition import Channel, Petitioner
from tests.support.feedback import Stream, message, registered


def _engine(db_url: str) -> Engine:
    engine = make_engine(db_url)
    migrate(engine, MIGRATIONS, "feedback")
    return engine


def test_online_petition_gets_its_tracking_code_and_link(db_url: str, tmp_path: Path) -> None:
    engine = _engine(db_url)
    config = OutreachConfig(public_base_url="https://xf.example.gov.cn/")
    runner = ProjectionRunner(
        Outreach(Topics(), config), engine, service="feedback", dead_letter_topic="dl"
    )
    online = Stream("p-online").event(registered(tracking_code="ABCD-EFGH-JKLM-NPQR"))
    letter = Stream("p-letter").event(
        registered(
            tracking_code="WXYZ-2345-6789-ABCD",
            channel=Channel.LETTER,
            petitioner=Petitioner(name="王五", phone="13700000000"),
        )
    )
    runner.process_batch([message(online), message(letter)])
    runner.process_batch([message(online)])  # redelivered: texted once

    path = tmp_path / "feedback-messages.jsonl"
    assert asyncio.run(Dispatcher(engine, FileNotifier(path)).run_once()) == 2
    sms = {m["kind"]: m for m in map(json.loads, path.read_text("utf-8").splitlines())}
    assert set(sms) == {"tracking_code", "receipt"}
    code = sms["tracking_code"]
    assert code["recipient"] == "13800000000"
    assert "查询码ABCD-EFGH-JKLM-NPQR" in code["body"]
    assert code["body"].endswith("https://xf.example.gov.cn/track?code=ABCD-EFGH-JKLM-NPQR")
    assert "张三" not in code["body"]
    assert sms["receipt"]["recipient"] == "13700000000" and "/track" not in sms["receipt"]["body"]
    engine.dispose()
